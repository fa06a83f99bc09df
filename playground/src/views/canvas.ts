/**
 * Sizes a canvas's backing store to its displayed size times the device pixel ratio (so drawing is
 * sharp on high-density screens) and returns that size and the ratio.
 */
export function fitToDisplay(canvas: HTMLCanvasElement): { w: number; h: number; ratio: number } {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const h = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  return { w, h, ratio };
}
