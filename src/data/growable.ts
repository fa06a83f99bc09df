/** A typed array that doubles its capacity as values are pushed; `finish` returns an exact-size copy. */
export class GrowableArray<T extends Float64Array | Float32Array | Int32Array | Uint32Array> {
  private buffer: T;
  /** Number of values pushed so far. */
  length = 0;

  constructor(
    private readonly make: (capacity: number) => T,
    initialCapacity = 1024,
  ) {
    this.buffer = make(initialCapacity);
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const bigger = this.make(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = value;
  }

  /** The value at index i (< length). */
  get(i: number): number {
    return this.buffer[i] as number;
  }

  /**
   * The pushed values in an array of exactly `length` elements; the growable one is emptied. When
   * at least 3/4 of the capacity is used the result is a view of the buffer (no copy, so no second
   * buffer at the peak), otherwise an exact copy.
   */
  finish(): T {
    const out = this.length * 4 >= this.buffer.length * 3 ? (this.buffer.subarray(0, this.length) as T) : (this.buffer.slice(0, this.length) as T);
    this.buffer = this.make(0);
    this.length = 0;
    return out;
  }
}
