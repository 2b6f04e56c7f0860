// A short fingerprint of a text: 32-bit FNV-1a, as 8 hex digits. Used to tell whether
// two runs produced the same samples (e.g. after a reload with the same hash).
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
