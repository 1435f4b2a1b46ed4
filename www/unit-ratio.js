// How a unit's coverage ratio is told to the map's choropleth: for one kind or for all, -1 where
// nobody lives. The page's rule for a full summary's units; a live step's come from the engine
// (`unitRatios()`), which tests/js/worker.test.mjs checks against this.

/**
 * A unit's coverage ratio for `kind` ('all': every counted kind), -1 when nobody lives there.
 * @param {{total_population: number, all_kinds: {coverage_ratio: number}, kinds: {kind: string, coverage_ratio: number}[]}} u
 * @param {string} kind
 */
export function unitRatio(u, kind) {
  if (!(u.total_population > 0)) return -1;
  return kind === 'all' ? u.all_kinds.coverage_ratio : (u.kinds.find((k) => k.kind === kind)?.coverage_ratio ?? 0);
}
