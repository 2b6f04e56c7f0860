// The legend of the picture's marks: only the marks the current sampler and target draw.
// Symbols are text (no images), coloured as main-canvas.js draws them.
import { t } from '../../lib/i18n.js';
import { chainColor } from '../../lib/theme.js';

const MAX_CHAINS_LISTED = 8;

function item(symbol, color, key, extra = '') {
  const li = document.createElement('li');
  const mark = document.createElement('span');
  mark.className = 'mark';
  mark.textContent = symbol;
  mark.style.color = color;
  const label = document.createElement('span');
  label.textContent = t(key) + extra;
  li.append(mark, label);
  li.dataset.mark = key.replace('legend.', '');
  return li;
}

/** Fills `list` (a <ul>) with the marks of this sampler, target and number of chains. */
export function renderLegend(list, { sampler, target, chains }) {
  const items = [];
  if (sampler === 'rejection') {
    items.push(item('■', '#12a37f', 'legend.accepted'), item('×', '#d43d3d', 'legend.rejected'));
  } else if (sampler === 'importance') {
    items.push(item('●', '#f26b1d', 'legend.weighted'));
  } else {
    const shown = Math.min(chains, MAX_CHAINS_LISTED);
    for (let c = 0; c < shown; c++) items.push(item('●', chainColor(c), 'legend.chain', ` ${c + 1}`));
    if (chains > shown) items.push(item('…', 'inherit', 'legend.moreChains', ` (${chains - shown})`));
    items.push(item('◉', 'inherit', 'legend.head'));
  }
  if (sampler === 'annealing') items.push(item('★', '#d4a800', 'legend.best'));
  if (target === 'drawn') items.push(item('○', 'inherit', 'legend.drawn'));
  list.replaceChildren(...items);
}
