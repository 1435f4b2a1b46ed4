// The printed report's map: the snapshot with a legend (the kinds, covered / not covered), a
// scale bar and a north arrow drawn on it, so that a filed report can be read without the app.

/** A round length for a scale bar no longer than `max` metres (1, 2 or 5 × a power of ten). */
export function roundLength(max) {
  const p = 10 ** Math.floor(Math.log10(max));
  return [5, 2, 1].map((k) => k * p).find((v) => v <= max) ?? p;
}

/**
 * Draws the marks on the snapshot `url` (a PNG data URL); resolves to the new data URL.
 * @param {string} url
 * @param {{ metresPerPixel: number, legend: {label: string, color: string}[], covered: string, uncovered: string, north: string, classes?: {label: string, color: string}[] }} marks
 *   `classes`: the gap view's colours, in place of covered / not covered
 */
export async function markSnapshot(url, marks) {
  const img = new Image();
  img.src = url;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.naturalWidth;
  c.height = img.naturalHeight;
  const g = /** @type {CanvasRenderingContext2D} */ (c.getContext('2d'));
  g.drawImage(img, 0, 0);
  const s = Math.max(1, c.width / 900);
  g.font = `${13 * s}px sans-serif`;
  g.textBaseline = 'middle';
  const box = (x, y, w, h) => { g.fillStyle = 'rgba(255,255,255,0.9)'; g.fillRect(x, y, w, h); g.strokeStyle = '#889'; g.strokeRect(x, y, w, h); };
  // Scale bar, bottom left: a round length of at most a fifth of the width.
  const metres = roundLength((c.width / 5) * marks.metresPerPixel);
  const px = metres / marks.metresPerPixel;
  const label = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
  box(10 * s, c.height - 40 * s, px + 80 * s, 30 * s);
  g.fillStyle = '#111';
  g.fillRect(18 * s, c.height - 22 * s, px, 4 * s);
  g.fillText(label, 26 * s + px, c.height - 20 * s);
  // North arrow, top right.
  const nx = c.width - 30 * s;
  box(nx - 18 * s, 10 * s, 36 * s, 50 * s);
  g.fillStyle = '#111';
  g.beginPath();
  g.moveTo(nx, 16 * s);
  g.lineTo(nx + 9 * s, 40 * s);
  g.lineTo(nx, 34 * s);
  g.lineTo(nx - 9 * s, 40 * s);
  g.closePath();
  g.fill();
  g.textAlign = 'center';
  g.fillText(marks.north, nx, 51 * s);
  g.textAlign = 'left';
  // Legend, top left: covered / not covered, then each kind's colour.
  const rows = [...(marks.classes ?? [{ label: marks.covered, color: '#2f9e44' }, { label: marks.uncovered, color: '#e03131' }]), ...marks.legend];
  const w = Math.max(...rows.map((r) => g.measureText(r.label).width)) + 40 * s;
  box(10 * s, 10 * s, w, rows.length * 20 * s + 10 * s);
  rows.forEach((r, i) => {
    const y = 25 * s + i * 20 * s;
    g.fillStyle = r.color;
    g.beginPath();
    g.arc(24 * s, y, 6 * s, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = '#111';
    g.fillText(r.label, 38 * s, y);
  });
  return c.toDataURL('image/png');
}
