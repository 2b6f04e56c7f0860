// Flow weights read in JS, independently of the core: the safetensors tensors of a saved
// model (layers.{l}.weight [out, in], layers.{l}.bias [out], F32) and the network's forward
// pass in double (SiLU hidden layers, linear output), for tests that check the module's
// sampling step by step.

// { header, tensors: name → { shape, bytes: Uint8Array, values: Float64Array } }
export function readSafetensors(bytes) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + length).toString('utf8'));
  const data = 8 + length;
  const tensors = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    if (entry.dtype !== 'F32') throw new Error(`${name}: dtype ${entry.dtype}, expected F32`);
    const [from, to] = entry.data_offsets;
    const raw = buf.subarray(data + from, data + to);
    const values = new Float64Array(raw.length / 4);
    for (let i = 0; i < values.length; i++) values[i] = raw.readFloatLE(4 * i);
    tensors[name] = { shape: entry.shape, bytes: new Uint8Array(raw), values };
  }
  return { metadata: header.__metadata__ ?? {}, tensors };
}

// The MLP of a saved flow model: inputs (z_x, z_y, t, s) → 2 outputs.
export function flowNetwork(bytes) {
  const { tensors } = readSafetensors(bytes);
  const layers = [];
  for (let l = 0; `layers.${l}.weight` in tensors; l++) {
    const w = tensors[`layers.${l}.weight`], b = tensors[`layers.${l}.bias`];
    layers.push({ out: w.shape[0], in: w.shape[1], w: w.values, b: b.values });
  }
  return (input) => {
    let h = input;
    layers.forEach((layer, l) => {
      const next = new Float64Array(layer.out);
      for (let o = 0; o < layer.out; o++) {
        let a = layer.b[o];
        for (let i = 0; i < layer.in; i++) a += layer.w[o * layer.in + i] * h[i];
        next[o] = l + 1 < layers.length ? a / (1 + Math.exp(-a)) : a;
      }
      h = next;
    });
    return h;
  };
}
