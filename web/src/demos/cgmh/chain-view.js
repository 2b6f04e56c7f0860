// The chain as text: the current sentence (keyword cells marked, the last accepted edit
// flashing), the last proposal (the sentence it started from with the edit in place,
// coloured accepted or rejected; a deletion struck through) and the best sentence so far.
// Cells are rebuilt per update: sentences are short (at most the model's 62 positions).
import { t } from '../../lib/i18n.js';
import { shownToken } from '../gibbs/chains-view.js';

/** An acceptance probability: 3 decimals, or 2 digits of a tiny one. */
export function formatRatio(v) {
  if (v === 0) return '0';
  return v >= 0.001 ? v.toFixed(3) : v.toExponential(1);
}

function formatScore(v) {
  return Number.isFinite(v) ? v.toFixed(2) : '—';
}

/** cells: [{ token, keyword, edit?, old? }] → spans in `box`; pinned template positions marked. */
function fill(box, cells, pinned = null) {
  box.replaceChildren(...cells.map((c, i) => {
    const cell = document.createElement('span');
    cell.className = 'cell free';
    if (c.keyword) cell.classList.add('keyword');
    else if (pinned?.[i]) cell.className = 'cell pinned';
    if (c.edit) {
      cell.classList.add('edit', c.edit);
      if (c.old) cell.title = `${shownToken(c.old)} → ${shownToken(c.token)}`;
    }
    cell.dataset.pos = String(i);
    cell.textContent = shownToken(c.token);
    return cell;
  }));
}

export class ChainView {
  /** @param refs { current, proposal, proposalBox, best, score, bestScore, temp, verdict } */
  constructor(refs) {
    this.refs = refs;
    this.pinned = null;
    this.last = null; // { state, proposal } shown
  }

  /** A new run; layout: { free: boolean[] } of a template, or null for free length. */
  reset(layout) {
    this.pinned = layout ? layout.free.map((f) => !f) : null;
    this.last = null;
    for (const box of [this.refs.current, this.refs.proposal, this.refs.best]) box.replaceChildren();
    this.refs.proposalBox.dataset.verdict = '';
    for (const el of [this.refs.score, this.refs.bestScore, this.refs.temp, this.refs.verdict]) el.textContent = '';
    delete this.refs.current.dataset.text;
    delete this.refs.best.dataset.text;
  }

  /** The state after a chunk and its last proposal (null when none was possible). */
  update(state, proposal) {
    this.last = { state, proposal: proposal ?? this.last?.proposal ?? null };
    const { refs } = this;
    const flash = proposal?.accepted && proposal.move !== 'delete' ? proposal.position : -1;
    fill(refs.current, state.cells.map((c, i) => (i === flash ? { ...c, edit: 'accepted' } : c)), this.pinned);
    refs.current.dataset.text = state.text;
    refs.best.dataset.text = state.bestText;
    fill(refs.best, state.bestTokens.map((token) => ({ token, keyword: false })), this.pinned);
    this.showProposal();
    this.applyLanguage();
  }

  showProposal() {
    const p = this.last?.proposal;
    const box = this.refs.proposalBox;
    if (!p) {
      this.refs.proposal.replaceChildren();
      box.dataset.verdict = '';
      return;
    }
    box.dataset.verdict = p.accepted ? 'accepted' : 'rejected';
    fill(this.refs.proposal, p.cells, this.pinned);
  }

  /** Labels in the current language. */
  applyLanguage() {
    const { refs } = this;
    const s = this.last?.state;
    const p = this.last?.proposal;
    refs.score.textContent = s ? t('cgmh.score', { v: formatScore(s.score) }) : '';
    refs.temp.textContent = s ? t('cgmh.temperature', { v: Number(s.temperature.toPrecision(3)) }) : '';
    refs.bestScore.textContent = s ? t('cgmh.score', { v: formatScore(s.bestScore) }) : '';
    refs.verdict.textContent = p
      ? t(p.accepted ? 'cgmh.verdict.accepted' : 'cgmh.verdict.rejected', {
        move: t(`cgmh.move.${p.move}`), position: p.position + 1, ratio: formatRatio(p.ratio),
      })
      : (s ? t('cgmh.noProposal') : '');
  }

  /** Ends a run: no flash left. */
  settle() {
    for (const cell of this.refs.current.querySelectorAll('.edit')) cell.classList.remove('edit', 'accepted');
  }
}
