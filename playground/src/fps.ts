/** Counts frames over a sliding second: the page's drawing rate while training. */
export class FrameRate {
  private readonly stamps: number[] = [];

  /** Records a frame drawn at time `now` (ms). */
  tick(now: number): void {
    this.stamps.push(now);
    while (this.stamps.length > 0 && now - (this.stamps[0] as number) > 1000) this.stamps.shift();
  }

  /** Frames in the last second, as of `now`. */
  value(now: number): number {
    while (this.stamps.length > 0 && now - (this.stamps[0] as number) > 1000) this.stamps.shift();
    return this.stamps.length;
  }

  reset(): void {
    this.stamps.length = 0;
  }
}
