// URL-hash state with a typed schema, in the spirit of TensorFlow Playground's state.ts.
//
// A schema is a list of properties { name, type, default, options? }. The state keeps,
// for every property, the *text* the user gave (what the input shows): that way a bad
// value such as `stepSize=NaN` survives a reload and is reported, instead of silently
// turning into the default. `value(name)` parses that text with the property's type.
// `<name>_hide=1` in the hash hides the control.

export const Type = Object.freeze({
  NUMBER: 'number',
  INTEGER: 'integer',
  ENUM: 'enum',
  STRING: 'string',
  BOOLEAN: 'boolean',
  POINTS: 'points',
});

/** Parses the text of a property into its typed value. Numbers may come back NaN:
 *  validation (not parsing) decides what is acceptable. Empty optional numbers are null. */
export function parseValue(prop, text) {
  const s = String(text ?? '').trim();
  switch (prop.type) {
    case Type.NUMBER:
    case Type.INTEGER:
      if (s === '') return null;
      // Number('') is 0 and Number(' 1 ') is 1; only plain numeric text is a number.
      return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Number(s) : NaN;
    case Type.ENUM:
      return prop.options.includes(s) ? s : prop.default;
    case Type.BOOLEAN:
      return s === '1' || s === 'true';
    case Type.POINTS:
      return parsePoints(s);
    default:
      return s;
  }
}

/** Text form of a typed value (the inverse of parseValue for valid values). */
export function serializeValue(prop, value) {
  switch (prop.type) {
    case Type.NUMBER:
    case Type.INTEGER:
      return value === null || value === undefined ? '' : String(value);
    case Type.BOOLEAN:
      return value ? '1' : '0';
    case Type.POINTS:
      return serializePoints(value);
    default:
      return String(value);
  }
}

/** Drawn points: "x,y;x,y" with two decimals (short links, same view). */
export function parsePoints(s) {
  const out = [];
  if (!s) return out;
  for (const pair of s.split(';')) {
    const [a, b] = pair.split(',').map(Number);
    if (Number.isFinite(a) && Number.isFinite(b)) out.push([a, b]);
  }
  return out;
}

export function serializePoints(points) {
  return points.map(([x, y]) => `${roundPoint(x)},${roundPoint(y)}`).join(';');
}

export function roundPoint(v) {
  return Math.round(v * 100) / 100;
}

export class HashState {
  /** @param schema list of properties; @param passthrough names kept as-is (e.g. demo, lang). */
  constructor(schema, passthrough = []) {
    this.schema = schema;
    this.byName = new Map(schema.map((p) => [p.name, p]));
    this.passthrough = passthrough;
    this.text = new Map();
    this.extra = new Map();
    this.hidden = new Set();
    for (const p of schema) this.text.set(p.name, serializeValue(p, p.default));
  }

  /** Replaces the state with what the hash says; missing properties get their default. */
  readHash(hash) {
    const params = new URLSearchParams(String(hash).replace(/^#/, ''));
    this.hidden.clear();
    this.extra.clear();
    for (const p of this.schema) {
      this.text.set(p.name, params.has(p.name) ? params.get(p.name) : serializeValue(p, p.default));
      if (params.get(`${p.name}_hide`) === '1') this.hidden.add(p.name);
    }
    for (const name of this.passthrough) if (params.has(name)) this.extra.set(name, params.get(name));
    return this;
  }

  /** Hash text: passthrough keys first, then every property in schema order, then _hide flags. */
  toHash() {
    const params = new URLSearchParams();
    for (const [k, v] of this.extra) params.set(k, v);
    for (const p of this.schema) params.set(p.name, this.text.get(p.name));
    for (const name of this.hidden) params.set(`${name}_hide`, '1');
    // URLSearchParams writes ',' and ';' escaped; keep them readable in the link.
    return '#' + params.toString().replace(/%2C/gi, ',').replace(/%3B/gi, ';');
  }

  getText(name) {
    return this.text.get(name);
  }

  setText(name, text) {
    if (!this.byName.has(name)) throw new Error(`state: unknown property ${name}`);
    this.text.set(name, String(text));
  }

  value(name) {
    return parseValue(this.byName.get(name), this.text.get(name));
  }

  setValue(name, value) {
    this.setText(name, serializeValue(this.byName.get(name), value));
  }

  isHidden(name) {
    return this.hidden.has(name);
  }

  getExtra(name) {
    return this.extra.get(name);
  }

  setExtra(name, value) {
    this.extra.set(name, String(value));
  }
}

/** Writes the state into the URL hash without a history entry; returns the hash. */
export function writeHash(state) {
  const hash = state.toHash();
  if (location.hash !== hash) history.replaceState(null, '', hash);
  return hash;
}
