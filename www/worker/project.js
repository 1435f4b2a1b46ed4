// The project file: the whole plan as JSON (format "lifecircle-project", version 1) — dataset,
// kinds, residents, stations with their app ids, streets, metric and scenarios, plus what the page
// adds (view, layers) — and opening one as a fresh plan, all or nothing.
import { plan, kindSnapshot, newEnginePlanner, usePlanner } from './engine.js';
import * as ids from './ids.js';
import { loadStationList, stationsSnapshot } from './stations.js';
import { restoreScenarios, scenarioSnapshot } from './scenarios.js';

export const PROJECT_FORMAT = 'lifecircle-project';

/** The whole state as a project object (WGS-84); `extra` is what the page adds. */
export function project(extra) {
  const p = plan.planner;
  return {
    format: PROJECT_FORMAT,
    version: 1,
    saved_at: new Date().toISOString(),
    dataset: plan.dataset,
    kinds: kindSnapshot(),
    residents: JSON.parse(p.residentsGeoJson('wgs84')),
    residents_estimated: plan.residentsInput?.estimated ?? 0,
    stations: stationsSnapshot(),
    next_station_id: ids.peekNextId(),
    streets: plan.streetsInput,
    metric: p.metric,
    scenarios: scenarioSnapshot(),
    ...extra,
  };
}

/** Makes the project `p` the plan. A file that cannot be read changes nothing. */
export function openProject(p) {
  if (!p || p.format !== PROJECT_FORMAT) throw new Error('not a Lifecircle project file (format should be "lifecircle-project")');
  if (p.version !== 1) throw new Error(`project version ${p.version} is newer than this app understands (1)`);
  if (!Array.isArray(p.kinds) || !Array.isArray(p.stations) || !p.residents) throw new Error('project file is missing kinds, stations or residents');
  const residentsText = JSON.stringify(p.residents);
  const options = { format: 'geojson', source: 'project residents' };
  const fresh = newEnginePlanner();
  let pairs;
  let streetsInfo = null;
  try {
    for (const k of p.kinds) fresh.setKind({ kind: k.id, label: k.label, label_en: k.label_en, radius_m: k.radius_m, capacity: k.capacity ?? null });
    fresh.loadResidents(residentsText, options);
    // A kind's demand names a residents' column, so it is set once they are loaded.
    for (const k of p.kinds) if (k.demand) fresh.setKind({ kind: k.id, demand: k.demand });
    if (p.streets) streetsInfo = fresh.loadStreets(p.streets.text, p.streets.options);
    if (p.metric === 'network') fresh.setMetric('network');
    pairs = loadStationList(fresh, p.stations);
  } catch (err) {
    fresh.free();
    throw new Error(`project file: ${err.message}`);
  }
  usePlanner(fresh);
  plan.streetsInput = p.streets ?? null;
  plan.streetsInfo = streetsInfo;
  ids.bindAll(pairs);
  restoreScenarios(p.scenarios);
  plan.residentsInput = { data: residentsText, options, name: 'project', estimated: p.residents_estimated ?? 0 };
  ids.continueFrom(Math.max(p.next_station_id ?? 1, ...p.stations.map((s) => s.id + 1)));
  plan.dataset = p.dataset ?? { name: 'project', synthetic: false };
  if (p.view?.display) plan.display = p.view.display;
}
