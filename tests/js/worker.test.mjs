// The engine worker's own logic in Node (scripts/worker-harness.mjs), where a browser's storage is
// missing as in a private window or a blocked profile: start-up says the autosave cannot be read,
// every change reports that it could not be saved (the page then shows it in red and asks before
// it is left), and the plan itself works on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from '../../scripts/worker-harness.mjs';
import { unitRatio } from '../../www/unit-ratio.js';

test('without storage the worker says so and the plan still works', async () => {
  const news = [];
  const call = await startWorker({ onAutosave: (s) => news.push(s) });
  const started = await call('init');
  assert.equal(started.restored, null);
  assert.match(started.storage, /no IndexedDB storage/);
  const demo = await call('loadDemo', 0);
  assert.equal(demo.summary.residents, 3000);
  const st = demo.summary.stations[0];
  const placed = await call('addStation', { kind: 'red_bee_station', lon: st.lon + 0.002, lat: st.lat });
  assert.equal(placed.summary.stations.length, 50);
  for (let i = 0; i < 50 && !news.some((s) => s.state === 'failed'); i++) await new Promise((r) => setTimeout(r, 100));
  const failed = news.find((s) => s.state === 'failed');
  assert.ok(failed, JSON.stringify(news));
  assert.match(failed.error, /no IndexedDB storage/);
  assert.equal(news[0].state, 'dirty', 'a change is announced before it is saved');
  // A request made after the failure works as before.
  assert.equal((await call('undo')).summary.stations.length, 49);
});

test('a project whose kinds carry each other\'s labels saves and reopens to the same project', async () => {
  // Found by scripts/fuzz-project.mjs (seed 2, case 17,330): with the party station labelled
  // "Commercial hub", the demand set on `commercial_hub` went to the party station, so the saved
  // project reopened to another one.
  const call = await startWorker();
  await call('init');
  await call('loadDemo', 0);
  await call('setDemand', 'commercial_hub', '老年人口');
  const p = JSON.parse((await call('exportProject')).text);
  const [, party, hub] = p.kinds;
  p.kinds = [p.kinds[0],
    { ...hub, label: party.label, label_en: party.label_en },
    { ...party, label: hub.label, label_en: hub.label_en }];
  assert.equal((await call('openProject', JSON.stringify(p))).error, undefined);
  const masked = async () => (await call('exportProject')).text.replace(/"saved_at":"[^"]*"/, '"saved_at":""');
  const once = await masked();
  const kinds = JSON.parse(once).kinds;
  assert.equal(kinds.find((k) => k.id === 'commercial_hub').demand, '老年人口');
  assert.equal(kinds.find((k) => k.id === 'party_service_station').demand, null);
  assert.equal((await call('openProject', once)).error, undefined);
  assert.equal(await masked(), once);
});

test('a drag\'s live steps: the changed stations merged as the page does, and the units\' ratios, equal a fresh engine at every step', async () => {
  // Every step's figures are the engine's brief columns, of which the worker sends the stations
  // that changed, and its units' ratios as numbers (`unitRatios()`, the units named once).
  const { Planner } = await import('../../www/pkg/lifecircle.js');
  const { readFileSync } = await import('node:fs');
  const call = await startWorker();
  await call('init');
  let stations = (await call('loadDemo', 0)).summary.stations;
  const residents = readFileSync(new URL('../../www/demo/residents.csv', import.meta.url));
  const dragged = stations.find((s) => s.kind === 'red_bee_station');
  let brief = 0;
  let unitKeys = null;
  for (let step = 1; step <= 20; step++) {
    const u = await call('drag', dragged.id, dragged.lon + 0.0004 * step, dragged.lat - 0.0002 * step);
    if (u.stationChanges) {
      const changed = new Map(u.stationChanges.map((s) => [s.id, s]));
      stations = stations.map((s) => changed.get(s.id) ?? s);
    } else stations = u.summary.stations;
    if (!u.summary.units) brief += 1;
    const fresh = new Planner();
    fresh.loadResidents(residents, { source: 'residents.csv' });
    const fc = { type: 'FeatureCollection', features: stations.map((s) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { kind: s.kind, name: s.name } })) };
    fresh.loadStations(JSON.stringify(fc), { format: 'geojson', source: 'stations' });
    const want = fresh.stations();
    assert.equal(stations.length, want.length);
    stations.forEach((s, j) => {
      assert.equal(s.name, want[j].name, `step ${step}`);
      assert.ok(Math.abs(s.served_population - want[j].served_population) < 1e-6 && Math.abs(s.only_population - want[j].only_population) < 1e-6,
        `step ${step}, ${s.name}: ${s.served_population}/${s.only_population} against ${want[j].served_population}/${want[j].only_population}`);
    });
    assert.equal(stations.find((s) => s.id === dragged.id).lon, dragged.lon + 0.0004 * step);
    // Each unit's ratio, every kind together and each kind, as the fresh engine's report has it.
    const r = u.unitRatios;
    unitKeys = r.units ?? unitKeys;
    const units = fresh.summary({ distances: false, access: false }).units;
    const stride = r.kinds.length + 1;
    assert.deepEqual(unitKeys, units.map((x) => [x.level, x.id, x.name]), `step ${step}: the units in order`);
    units.forEach((x, i) => {
      ['all', ...r.kinds].forEach((kind, j) => {
        const want = Math.fround(unitRatio(x, kind));
        assert.equal(r.ratios[i * stride + j], want, `step ${step}, ${x.level} ${x.id}, ${kind}`);
      });
    });
    fresh.free();
  }
  assert.equal(brief, 20, `${brief} of 20 steps were brief`);
});

test('a drag\'s live steps colour the residents from those whose coverage changed alone, as a fresh engine colours them all', async () => {
  // The worker takes the engine's log of changed residents (`coverageChanges()`) instead of a pass
  // over every resident; the page's colours, kept by its flips, must be a fresh engine's.
  const { Planner } = await import('../../www/pkg/lifecircle.js');
  const { readFileSync } = await import('node:fs');
  const residents = readFileSync(new URL('../../www/demo/residents.csv', import.meta.url));
  for (const display of ['all', 'red_bee_station', 'commercial_hub']) {
    const call = await startWorker();
    await call('init');
    let u = await call('loadDemo', 0);
    if (display !== 'all') u = await call('setDisplay', display);
    let stations = u.summary.stations;
    const { values, slot } = u.residents;
    const shown = new Uint8Array(values.length);
    slot.forEach((s, i) => { shown[s] = values[i]; });
    let flipped = 0;
    let looked = 0;
    for (const kind of ['red_bee_station', 'party_service_station', 'commercial_hub']) {
      const dragged = stations.find((s) => s.kind === kind);
      for (let step = 1; step <= 8; step++) {
        u = await call('drag', dragged.id, dragged.lon + 0.0009 * step, dragged.lat - 0.0005 * step);
        if (u.stationChanges) {
          const changed = new Map(u.stationChanges.map((s) => [s.id, s]));
          stations = stations.map((s) => changed.get(s.id) ?? s);
        } else stations = u.summary.stations;
        u.flips.indices.forEach((s, j) => { shown[s] = u.flips.values[j]; });
        flipped += u.flips.indices.length;
        looked += u.residentsLooked;
        const fresh = new Planner();
        fresh.loadResidents(residents, { source: 'residents.csv' });
        const fc = { type: 'FeatureCollection', features: stations.map((s) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] }, properties: { kind: s.kind, name: s.name } })) };
        fresh.loadStations(JSON.stringify(fc), { format: 'geojson', source: 'stations' });
        const counted = fresh.kinds().filter((k) => k.counted).length;
        const c = display === 'all' ? fresh.kindsCovering() : fresh.coveringCount(display);
        for (let i = 0; i < values.length; i++) {
          const want = display === 'all' ? (counted > 0 && c[i] >= counted ? 1 : 0) : c[i] > 0 ? 1 : 0;
          if (shown[slot[i]] !== want) assert.fail(`${display}, ${kind} step ${step}: resident ${i} shown ${shown[slot[i]]}, a fresh engine says ${want}`);
        }
        fresh.free();
      }
      const at = stations.find((x) => x.id === dragged.id);
      u = await call('endDrag', dragged.id, [dragged.lon, dragged.lat], [at.lon, at.lat]);
      u.flips.indices.forEach((s, j) => { shown[s] = u.flips.values[j]; });
      stations = u.summary.stations;
    }
    assert.ok(flipped > 20, `${display}: ${flipped} residents changed colour`);
    // Each step looked at the residents whose coverage changed, not at all 24 × residents.
    assert.ok(looked < 24 * values.length / 4, `${display}: looked at ${looked} residents in 24 steps of ${values.length}`);
  }
});
