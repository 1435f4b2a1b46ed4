// How kinds look on the map and in the legend: a colour and a symbol per kind (built-in kinds
// their own, others from a palette), and the symbol drawn as an icon (nothing is fetched).

const BUILTIN = {
  red_bee_station: { color: '#f08c00', shape: 'hexagon' },
  party_service_station: { color: '#c92a2a', shape: 'star' },
  commercial_hub: { color: '#1971c2', shape: 'square' },
};
const PALETTE = ['#2b8a3e', '#7048e8', '#0b7285', '#a61e4d', '#5c940d', '#862e9c', '#495057', '#e8590c', '#1098ad'];
const SHAPES = ['circle', 'triangle', 'diamond', 'pentagon', 'hexagon', 'square', 'star'];
export const COVERED = '#2f9e44';
export const UNCOVERED = '#e03131';
/** The gap view's six classes, best (1) to worst (6): a diverging green–red scale. */
export const GAP_COLORS = ['#1a9850', '#91cf60', '#d9ef8b', '#fee08b', '#fc8d59', '#d73027'];

/** @typedef {{ color: string, shape: string }} KindStyle */

/** Colour and shape of each kind, stable for the session: other kinds take the next palette entry
 * in the order they are first drawn (the kind table's order). @type {Map<string, KindStyle>} */
const kindStyles = new Map();

/** @returns {KindStyle} */
export function kindStyle(kind) {
  if (!kindStyles.has(kind)) {
    const n = kindStyles.size;
    // Own keys only: a kind named `__proto__` or `constructor` is a kind like any other.
    kindStyles.set(kind, (Object.hasOwn(BUILTIN, kind) && BUILTIN[kind]) || { color: PALETTE[n % PALETTE.length], shape: SHAPES[n % SHAPES.length] });
  }
  return kindStyles.get(kind);
}

function shapePath(ctx, shape, c, r) {
  ctx.beginPath();
  const poly = (n, rot, inner = 0) => {
    for (let i = 0; i < n * (inner ? 2 : 1); i++) {
      const rr = inner && i % 2 ? r * inner : r;
      const a = rot + (Math.PI * 2 * i) / (n * (inner ? 2 : 1));
      const x = c + rr * Math.cos(a);
      const y = c + rr * Math.sin(a);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.closePath();
  };
  switch (shape) {
    case 'square': ctx.rect(c - r * 0.82, c - r * 0.82, r * 1.64, r * 1.64); break;
    case 'triangle': poly(3, -Math.PI / 2); break;
    case 'diamond': poly(4, 0); break;
    case 'pentagon': poly(5, -Math.PI / 2); break;
    case 'hexagon': poly(6, 0); break;
    case 'star': poly(5, -Math.PI / 2, 0.5); break;
    default: ctx.arc(c, c, r * 0.9, 0, Math.PI * 2);
  }
}

/** A station icon as image data. */
export function iconImage(style, size = 30, ratio = 2) {
  const px = size * ratio;
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  shapePath(ctx, style.shape, size / 2, size / 2 - 3);
  ctx.fillStyle = style.color;
  ctx.shadowColor = 'rgba(0,0,0,0.35)';
  ctx.shadowBlur = 3;
  ctx.fill();
  ctx.shadowBlur = 0;
  ctx.lineWidth = 2.2;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  return { image: ctx.getImageData(0, 0, px, px), ratio };
}
