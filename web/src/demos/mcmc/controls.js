// Builds the labelled inputs of the lab from the schema and keeps them in step with
// the hash state. Every control: <label for>, a native input/select (keyboard-usable),
// and a message area next to it (aria-describedby) for what is wrong with its value.
import { t } from '../../lib/i18n.js';
import { isRelevant } from './schema.js';

function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

export class Controls {
  /**
   * @param container element to fill
   * @param schema list of properties (those with `control` get an input)
   * @param handlers { onInput(name, text), onCommit(name), onClearPoints() }
   */
  constructor(container, schema, handlers) {
    this.container = container;
    this.schema = schema.filter((p) => p.control !== undefined);
    this.handlers = handlers;
    this.inputs = new Map();
    this.rows = new Map();
    this.messages = new Map();
    for (const prop of this.schema) this.build(prop);
  }

  build(prop) {
    const id = `ctl-${prop.name}`;
    const msgId = `msg-${prop.name}`;
    const row = el('div', { class: 'control', dataset: { control: prop.name } });
    const label = el('label', { for: id, dataset: { i18n: `ctl.${prop.name}` } });
    let input;
    if (prop.control === 'select') {
      input = el('select', { id, name: prop.name });
      for (const opt of prop.options) input.append(el('option', { value: opt, dataset: { i18n: `opt.${opt}` } }));
      input.addEventListener('change', () => {
        this.handlers.onInput(prop.name, input.value);
        this.handlers.onCommit(prop.name);
      });
    } else {
      // Text, not type=number: a bad value ("abc", "NaN") stays visible and gets a message.
      const numeric = prop.control === 'text';
      input = el('input', {
        id,
        name: prop.name,
        type: 'text',
        autocomplete: 'off',
        spellcheck: 'false',
      });
      if (numeric) input.setAttribute('inputmode', prop.type === 'integer' ? 'numeric' : 'decimal');
      if (prop.optional) input.dataset.i18nPlaceholder = 'ph.auto';
      input.addEventListener('input', () => this.handlers.onInput(prop.name, input.value));
      input.addEventListener('change', () => this.handlers.onCommit(prop.name));
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          this.handlers.onInput(prop.name, input.value);
          this.handlers.onCommit(prop.name);
        }
      });
    }
    input.setAttribute('aria-describedby', msgId);
    input.dataset.testid = `control-${prop.name}`;
    const message = el('div', { id: msgId, class: 'control-message', dataset: { testid: `error-${prop.name}` } });
    row.append(label, input, message);
    if (prop.name === 'points') {
      const clear = el('button', { type: 'button', class: 'secondary', dataset: { i18n: 'lab.clear', testid: 'clear-points' } });
      clear.addEventListener('click', () => this.handlers.onClearPoints());
      row.append(clear);
    }
    this.container.append(row);
    this.inputs.set(prop.name, input);
    this.rows.set(prop.name, row);
    this.messages.set(prop.name, message);
  }

  /** Shows the state's text in every input and hides controls that do not apply. */
  sync(state) {
    const target = state.value('target');
    const sampler = state.value('sampler');
    for (const prop of this.schema) {
      const input = this.inputs.get(prop.name);
      const text = prop.control === 'select' ? state.value(prop.name) : state.getText(prop.name);
      if (input.value !== text && document.activeElement !== input) input.value = text;
      const hidden = state.isHidden(prop.name) || !isRelevant(prop, target, sampler);
      this.rows.get(prop.name).hidden = hidden;
    }
  }

  /** Overwrites one input even if it has focus (used by drawing and clearing points). */
  setText(name, text) {
    const input = this.inputs.get(name);
    if (input) input.value = text;
  }

  /** @param problems Map name → { key, params } or { text } */
  showMessages(problems) {
    for (const [name, message] of this.messages) {
      const p = problems.get(name);
      message.textContent = p ? (p.text ?? t(p.key, p.params)) : '';
      this.inputs.get(name).setAttribute('aria-invalid', p ? 'true' : 'false');
      this.rows.get(name).classList.toggle('invalid', Boolean(p));
    }
  }
}
