// The gap view: each resident in one of six classes by distance to the nearest station (a share
// of the kind's radius) or by 2SFCA supply per 1,000 (a multiple of the district's mean), for the
// display's kind or for every counted kind at once (the farthest share, the lowest multiple), and
// each unit's class from its median distance or its mean supply. Class 1 is best, 6 worst.
import { plan } from './engine.js';

/** Shares of the radius bounding classes 1–5 (≤); beyond twice the radius is class 6. */
export const SHARE_BREAKS = [0.25, 0.5, 0.75, 1, 2];
/** Multiples of the mean supply bounding classes 1–4 (≥); below half the mean 5, none 6. */
export const MEAN_BREAKS = [2, 1.5, 1, 0.5];

/** Class of a distance `q` (a share of the radius; Infinity beyond reach). */
function shareClass(q) {
  for (let c = 0; c < SHARE_BREAKS.length; c++) if (q <= SHARE_BREAKS[c]) return c + 1;
  return 6;
}

/** Class of a supply `m` (a multiple of the mean; 0 when no station reaches). */
function meanClass(m) {
  if (!(m > 0)) return 6;
  for (let c = 0; c < MEAN_BREAKS.length; c++) if (m >= MEAN_BREAKS[c]) return c + 1;
  return 5;
}

/**
 * The gap view of `summary` (with distances or access as the mode needs) under the plan's display
 * choice, or null in the plain covered-or-not view: `{mode, kind, radius_m, mean, breaks,
 * classes}` (`breaks`: the shares or multiples the classes stop at, for the legend) and
 * each unit's class (`units`: `[level, id, name, class]`; 0 for a unit where nobody lives).
 */
export function gapView(summary) {
  const mode = plan.gapView;
  if (mode !== 'distance' && mode !== 'access') return null;
  const p = plan.planner;
  const n = p.residentCount;
  const kinds = summary.kinds.map((k, i) => ({ ...k, i, counted: p.kinds()[i]?.counted ?? true }));
  const one = kinds.find((k) => k.kind === plan.display);
  const chosen = one ? [one] : kinds.filter((k) => k.counted);
  // Per resident: the worst share of the radius, or the lowest multiple of the mean, over the kinds.
  const worst = new Float64Array(n).fill(mode === 'distance' ? 0 : Infinity);
  for (const k of chosen) {
    if (mode === 'distance') {
      const d = p.nearestDistance(k.kind);
      for (let i = 0; i < n; i++) worst[i] = Math.max(worst[i], d[i] / k.radius_m);
    } else {
      const a = p.accessPer1000(k.kind);
      const mean = k.access_per_1000 ?? 0;
      for (let i = 0; i < n; i++) worst[i] = Math.min(worst[i], mean > 0 ? a[i] / mean : 0);
    }
  }
  const classes = new Uint8Array(n);
  if (chosen.length === 0) classes.fill(6);
  else for (let i = 0; i < n; i++) classes[i] = mode === 'distance' ? shareClass(worst[i]) : meanClass(worst[i]);
  const units = summary.units.map((u) => {
    if (!(u.total_population > 0) || chosen.length === 0) return [u.level, u.id, u.name, 0];
    let w = mode === 'distance' ? 0 : Infinity;
    for (const k of chosen) {
      const f = u.kinds[k.i];
      if (mode === 'distance') w = Math.max(w, f?.distance?.p50_m == null ? Infinity : f.distance.p50_m / k.radius_m);
      else w = Math.min(w, (k.access_per_1000 ?? 0) > 0 ? (f?.access_per_1000 ?? 0) / k.access_per_1000 : 0);
    }
    return [u.level, u.id, u.name, mode === 'distance' ? shareClass(w) : meanClass(w)];
  });
  return {
    mode,
    kind: one ? one.kind : 'all',
    radius_m: one ? one.radius_m : null,
    mean: one ? one.access_per_1000 ?? 0 : null,
    breaks: mode === 'distance' ? SHARE_BREAKS : MEAN_BREAKS,
    classes,
    units,
  };
}
