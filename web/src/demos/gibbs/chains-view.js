// The chains side by side: one card per chain with its text as one cell per token,
// pinned cells marked (never rewritten: a cell is written only when its token changes,
// and only free cells change), the cells of the last update highlighted, and the score.
import { t } from '../../lib/i18n.js';
import { chainColor } from '../../lib/theme.js';
import { LINE_END } from './schema.js';

/** A token as shown in a cell: WordPiece continuations without their '##'. */
export function shownToken(token) {
  return token.startsWith('##') && token.length > 2 ? token.slice(2) : token;
}

function formatScore(v) {
  return Number.isFinite(v) ? v.toFixed(2) : '—';
}

/** An acceptance rate as a percentage. */
export function formatRate(v) {
  return Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : '—';
}

export class ChainsView {
  constructor(container) {
    this.container = container;
    this.cards = [];
  }

  /**
   * A new run: `chains` cards over the template's layout. layout: { tokens: string[]
   * (the start body), free: boolean[] }.
   */
  reset(chains, layout) {
    this.container.replaceChildren();
    this.cards = [];
    this.container.dataset.count = String(chains);
    if (!layout) return;
    for (let c = 0; c < chains; c++) {
      const card = document.createElement('figure');
      card.className = 'gibbs-chain';
      card.dataset.testid = `gibbs-chain-${c}`;
      card.dataset.chain = String(c);
      card.style.setProperty('--swatch', chainColor(c));
      const caption = document.createElement('figcaption');
      const name = document.createElement('span');
      name.className = 'legend';
      const score = document.createElement('span');
      score.className = 'gibbs-score';
      score.dataset.testid = `gibbs-score-${c}`;
      const pll = document.createElement('span');
      pll.className = 'gibbs-pll';
      pll.dataset.testid = `gibbs-pll-${c}`;
      caption.append(name, score, pll);
      const text = document.createElement('div');
      text.className = 'gibbs-text';
      const cells = [];
      let line = document.createElement('div');
      line.className = 'gibbs-line';
      layout.tokens.forEach((token, i) => {
        const cell = document.createElement('span');
        cell.className = layout.free[i] ? 'cell free' : 'cell pinned';
        cell.dataset.pos = String(i);
        cell.textContent = shownToken(token);
        cell.dataset.token = token;
        if (token === '[MASK]') cell.classList.add('masked');
        line.append(cell);
        cells.push(cell);
        if (LINE_END.has(token) && i < layout.tokens.length - 1) {
          text.append(line);
          line = document.createElement('div');
          line.className = 'gibbs-line';
        }
      });
      text.append(line);
      card.append(caption, text);
      this.container.append(card);
      this.cards.push({ card, name, score, pll, text, cells, free: layout.free, last: [] });
    }
    this.applyLanguage();
  }

  /**
   * The state after a chunk: per chain { tokens, text, score, best, changed: positions
   * updated by the last step, kept: those of them that drew the same token again }; an
   * MH-corrected chain has { energy, best (lowest energy), proposals, acceptances } instead
   * of the score, and `kept` holds its rejected proposals too.
   */
  update(chains) {
    chains.forEach((s, c) => {
      const card = this.cards[c];
      if (!card) return;
      s.tokens.forEach((token, i) => {
        const cell = card.cells[i];
        if (!cell || cell.dataset.token === token) return;
        if (!card.free[i]) return; // pinned: the sampler never changes it
        cell.dataset.token = token;
        cell.textContent = shownToken(token);
        cell.classList.toggle('masked', token === '[MASK]');
      });
      for (const i of card.last) card.cells[i]?.classList.remove('changed', 'kept');
      card.last = s.changed.filter((i) => card.cells[i]);
      for (const i of card.last) {
        const cell = card.cells[i];
        // Restart the highlight animation on every update; `kept`: the same token again.
        void cell.offsetWidth;
        cell.classList.add('changed');
        cell.classList.toggle('kept', s.kept.includes(i));
      }
      card.card.dataset.text = s.text;
      if (s.energy !== undefined) {
        const rate = s.proposals > 0 ? s.acceptances / s.proposals : NaN;
        card.card.dataset.energy = String(s.energy);
        card.card.dataset.acceptance = String(rate);
        card.score.textContent = `${t('gibbs.energy', { v: formatScore(s.energy) })} · ${t('gibbs.acceptance', { rate: formatRate(rate) })}`;
        card.score.title = t('gibbs.bestEnergy', { v: formatScore(s.best) });
        return;
      }
      card.card.dataset.score = String(s.score);
      card.score.textContent = t('gibbs.score', { v: formatScore(s.score) });
      card.score.title = Number.isFinite(s.best) ? t('gibbs.best', { v: formatScore(s.best) }) : '';
    });
  }

  /** Pseudo-log-likelihood per chain (null: none shown). */
  showPll(values) {
    this.cards.forEach((card, c) => {
      const v = values?.[c];
      card.pll.textContent = Number.isFinite(v) ? t('gibbs.pllValue', { v: formatScore(v) }) : '';
      if (Number.isFinite(v)) card.card.dataset.pll = String(v);
      else delete card.card.dataset.pll;
    });
  }

  /** Finishes a run: no highlight left. */
  settle() {
    for (const card of this.cards) {
      for (const i of card.last) card.cells[i]?.classList.remove('changed', 'kept');
      card.last = [];
    }
  }

  applyLanguage() {
    this.cards.forEach((card, c) => {
      card.name.textContent = t('gibbs.chain', { c: c + 1 });
    });
  }

  texts() {
    return this.cards.map((card) => card.card.dataset.text ?? '');
  }

  tokens() {
    return this.cards.map((card) => card.cells.map((cell) => cell.dataset.token));
  }
}
