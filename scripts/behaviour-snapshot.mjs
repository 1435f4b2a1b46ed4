// The app's side of scripts/behaviour-snapshot.sh: the engine worker (www/worker/) driven in Node
// through its message protocol, as the page drives it, writing every export and every update.
// Usage: node scripts/behaviour-snapshot.mjs OUT_DIR TMP_DIR
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startWorker, www } from './worker-harness.mjs';

const [out, tmp] = process.argv.slice(2);
mkdirSync(out, { recursive: true });

const call = await startWorker();

/** JSON with typed arrays as plain arrays and the volatile fields masked. */
function json(v) {
  return JSON.stringify(v, (k, x) => {
    if (ArrayBuffer.isView(x)) return Array.from(x);
    if (k === 'saved_at') return 'MASKED';
    if (k === 'timing') return undefined;
    return x;
  }, 1);
}
let step = 0;
function save(name, v) {
  const file = `${String(++step).padStart(2, '0')}-${name}`;
  if (v?.bytes) writeFileSync(join(out, `${file}.xlsx`), v.bytes);
  else if (typeof v?.text === 'string') writeFileSync(join(out, file), v.text.replace(/"saved_at":"[^"]*"/, '"saved_at":"MASKED"'));
  else writeFileSync(join(out, `${file}.json`), json(v));
}

async function exports(tag) {
  save(`${tag}-csv-zh.csv`, await call('exportCsv', 'zh'));
  save(`${tag}-csv-en.csv`, await call('exportCsv', 'en'));
  save(`${tag}-stations-wgs84.geojson`, await call('exportStations', 'wgs84'));
  save(`${tag}-stations-gcj02.geojson`, await call('exportStations', 'gcj02'));
  save(`${tag}-residents.geojson`, await call('exportResidents', 'wgs84'));
  save(`${tag}-workbook`, await call('exportWorkbook', { lang: 'zh', title: 'T', baseline_name: '现状', crs: 'wgs84' }));
  save(`${tag}-workbook-en`, await call('exportWorkbook', { lang: 'en', title: 'T', baseline_name: 'Baseline', crs: 'bd09' }));
  save(`${tag}-project.json`, await call('exportProject', { view: { center: [118.8, 32.06], zoom: 13 }, layers: {} }));
}

await call('init');
save('demo', await call('loadDemo', 0));
await exports('baseline');
const u = await call('summary');
const st = u.summary.stations;
save('add', await call('addStation', { kind: 'red_bee_station', lon: st[0].lon + 0.003, lat: st[0].lat + 0.002 }));
save('drag', await call('drag', st[1].id, st[1].lon + 0.001, st[1].lat));
save('drag-end', await call('endDrag', st[1].id, [st[1].lon, st[1].lat], [st[1].lon + 0.002, st[1].lat + 0.001]));
save('rename', await call('renameStation', st[2].id, '<b>改名</b>'));
save('radius', await call('commitRadius', 'party_service_station', 500, 300));
save('capacity', await call('setCapacity', 'party_service_station', 2000));
save('demand', await call('setDemand', 'party_service_station', '老年人口'));
save('kind-label', await call('renameKind', 'commercial_hub', '商业中心'));
save('display', await call('setDisplay', 'red_bee_station'));
save('new-scenario', await call('newScenario', '方案一'));
save('scenario-add', await call('addStation', { kind: 'party_service_station', lon: st[3].lon - 0.004, lat: st[3].lat }));
save('scenario-remove', await call('removeStation', st[4].id));
await exports('proposal');
save('undo', await call('undo'));
save('redo', await call('redo'));
save('suggest', await call('suggest', { kind: 'red_bee_station', count: 3 }));
save('siting-input', await call('sitingInput', { kind: 'party_service_station', target_ratio: 0.9, candidates: 'residents' }));
save('streets', await call('importStreets', readFileSync(join(www, 'demo/basemap.geojson')), { name: 'basemap.geojson', crs: 'wgs84' }));
save('metric', await call('setMetric', 'network'));
save('walkshed', await call('walkshed', st[0].id));
await exports('network');
save('suggest-network', await call('suggest', { kind: 'red_bee_station', count: 2 }));
save('scenario-back', await call('setScenario', 0));
await exports('network-baseline');
const project = await call('exportProject', { view: {}, layers: {} });
save('open-project', await call('openProject', project.text, { view: {}, layers: {} }));
save('bad-stations', await call('importStations', new TextEncoder().encode('lon,lat,kind\n118.8,32.06,nosuchkind\n').buffer, { name: 'bad.csv' }));
save('stations-file', await call('importStations', new Uint8Array(readFileSync(join(tmp, 'proposal.csv'))).buffer, { name: 'p.csv' }));
save('undo-all', await call('undo'));
