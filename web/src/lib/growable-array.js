// A typed array that grows by doubling (amortized O(1) push of whole chunks).
export class GrowableArray {
  constructor(Type, capacity = 1024) {
    this.Type = Type;
    this.data = new Type(capacity);
    this.length = 0;
  }

  /** Appends `count` values read from `src` starting at `offset`. */
  append(src, offset = 0, count = src.length - offset) {
    this.reserve(this.length + count);
    this.data.set(src.subarray(offset, offset + count), this.length);
    this.length += count;
  }

  push(v) {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }

  reserve(n) {
    if (n <= this.data.length) return;
    let cap = this.data.length;
    while (cap < n) cap *= 2;
    const next = new this.Type(cap);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  get(i) {
    return this.data[i];
  }

  view() {
    return this.data.subarray(0, this.length);
  }
}
