// Another web app using the package (README: "The engine in another web app"): it loads a
// district, plans 红蜂驿站, asks for sites, and reads the figures — all typed, no `any`. Compiled
// (not run) by tests/js/types.test.mjs with `strict`; each @ts-expect-error below must be an
// error, so the declarations cannot quietly become `any`.
import init, { Planner, lifeCircleTiers, crsInfo } from 'lifecircle';
import type { Summary, SuggestResult, KindOptions, LoadOptions, BoundaryLoad, Kind } from 'lifecircle';

export interface DistrictFigures {
  kind: string;
  coveredShare: string;
  newSites: { name: string; lon: number; lat: number; gain: number }[];
  outsideBoundaries: number;
}

export async function planDistrict(residents: Uint8Array, stations: string, communities: string): Promise<DistrictFigures> {
  await init();
  const p = new Planner();
  const options: LoadOptions = { crs: 'gcj02', source: '居民.xlsx', sheet: '居民' };
  p.loadResidents(residents, options);
  p.loadStations(stations, { new_kind_radius_m: 500 });
  const tier = lifeCircleTiers().find((t) => t.minutes === 10);
  const kind: KindOptions = { kind: '红蜂驿站', radius_m: tier?.radius_m ?? 500, capacity: null };
  p.setKind(kind);
  const load: BoundaryLoad = p.loadBoundaries(communities, { level: 'community' });
  const summary: Summary = p.summary();
  const red = summary.kinds.find((k) => k.kind === 'red_bee_station');
  const answer: SuggestResult = p.suggest({ kind: 'red_bee_station', count: 3, candidates: 'grid', spacing_m: 250 });
  const kinds: Kind[] = p.kinds();
  const projected = crsInfo('EPSG:4549').projected;
  return {
    kind: kinds.find((k) => k.id === answer.kind)?.label ?? answer.kind,
    coveredShare: `${((red?.coverage_ratio ?? 0) * 100).toFixed(1)}%${projected ? '' : '?'}`,
    newSites: answer.suggestions.map((s) => ({ name: s.name, lon: s.lon, lat: s.lat, gain: s.gain_population })),
    outsideBoundaries: load.unassigned.population + (summary.unassigned?.[0]?.residents ?? 0),
  };
}

/** What the declarations refuse: each line must fail to compile. */
export function misuse(p: Planner): void {
  // @ts-expect-error a misspelt option is not an option
  p.setKind({ kind: '红蜂驿站', radiu_m: 800 });
  // @ts-expect-error the kind is required
  p.setKind({ radius_m: 800 });
  // @ts-expect-error a radius is a number
  const label: string = p.summary().kinds[0].radius_m;
  // @ts-expect-error a level is street, community or grid
  p.loadBoundaries('{}', { level: 'county' });
  // @ts-expect-error suggestions hold no `score`
  p.suggest({ count: 1 }).suggestions[0].score;
  void label;
}
