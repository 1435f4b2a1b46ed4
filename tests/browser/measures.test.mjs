// Beyond covered-or-not in the app (issue 18): a coverage target flags the units below it in the
// unit table (未达标 and the people still to reach, a filter, undo, kept in the project); the gap
// view colours every resident and every unit by distance to the nearest station or by 2SFCA
// supply, class by class as the engine in Node computes them, with its legend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, open, demoPlanner, download } from './helpers.mjs';

const zhInt = (v) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(v);

/** Class of a share of the radius, and of a multiple of the mean (written apart from gap.js). */
const shareClass = (q) => (q <= 0.25 ? 1 : q <= 0.5 ? 2 : q <= 0.75 ? 3 : q <= 1 ? 4 : q <= 2 ? 5 : 6);
const meanClass = (m) => (!(m > 0) ? 6 : m >= 2 ? 1 : m >= 1.5 ? 2 : m >= 1 ? 3 : m >= 0.5 ? 4 : 5);

/** The unit table's rows: id → target cell text. */
async function targetCells(page) {
  return Object.fromEntries(await page.$$eval('[data-testid=unit-row]', (trs) => trs.map((tr) => [tr.dataset.id, tr.querySelector('[data-testid=unit-target]')?.textContent ?? null])));
}

test('a coverage target flags the units below it, with the people still to reach', async () => {
  const { page, problems, context } = await open();
  await page.selectOption('[data-testid=kind-select]', 'party_service_station');
  assert.equal(await page.isVisible('[data-testid=units-below]'), false);
  await page.fill('[data-testid=target]', '85');
  await page.dispatchEvent('[data-testid=target]', 'change');
  await page.waitForSelector('[data-testid=unit-target]');
  const p = demoPlanner();
  p.setKind({ kind: 'party_service_station', target: 0.85 });
  const s = p.summary({ distances: false, access: false });
  const ki = s.kinds.findIndex((k) => k.kind === 'party_service_station');
  const want = Object.fromEntries(s.units.filter((u) => u.level === 'community').map((u) => {
    const f = u.kinds[ki];
    return [u.id, f.target_met == null ? '–' : f.target_met ? '达标' : `未达标 · 差 ${zhInt(f.shortfall_population)} 人`];
  }));
  assert.deepEqual(await targetCells(page), want);
  assert.ok(Object.values(want).includes('达标') && Object.values(want).some((v) => v.startsWith('未达标')));
  // Only the units below it, as many as the engine counts.
  const below = s.kinds[ki].units_below_target.community;
  assert.equal(await page.textContent('#units-below-label'), `只看未达标（${below} 个社区低于 85.0%）`);
  await page.check('[data-testid=units-below]');
  const shown = await targetCells(page);
  assert.equal(Object.keys(shown).length, below);
  assert.ok(Object.values(shown).every((v) => v.startsWith('未达标')));
  // Sorted by the people still to reach.
  await page.click('#units th[data-sort=shortfall]');
  const order = Object.values(await targetCells(page)).map((v) => Number(v.replace(/[^0-9]/g, '')));
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
  await page.screenshot({ path: join(artifacts, 'measures-target.png') });
  // A project keeps the target; undo clears it and the column goes.
  const saved = await download(page, () => page.click('[data-testid=export-project]'));
  const project = JSON.parse(saved.bytes.toString('utf8'));
  assert.equal(project.kinds.find((k) => k.id === 'party_service_station').target, 0.85);
  await page.click('[data-testid=undo]');
  await page.waitForFunction(() => document.body.dataset.target === 'no');
  assert.equal(await page.inputValue('[data-testid=target]'), '');
  // A refused target says why and changes nothing.
  await page.fill('[data-testid=target]', '185');
  await page.dispatchEvent('[data-testid=target]', 'change');
  await page.waitForFunction(() => /覆盖率目标 1\.85/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''));
  assert.equal(await page.inputValue('[data-testid=target]'), '');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('the gap view colours residents and units by distance and by 2SFCA supply, as the engine computes', async () => {
  const { page, problems, context } = await open();
  const p = demoPlanner();
  const s = p.summary();
  const ki = s.kinds.findIndex((k) => k.kind === 'red_bee_station');
  const kind = s.kinds[ki];
  await page.selectOption('[data-testid=kind-select]', 'red_bee_station');
  // By distance: each resident's class is its nearest distance as a share of the radius.
  await page.selectOption('[data-testid=gap-view]', 'distance');
  await page.waitForFunction(() => document.body.dataset.gap === 'yes');
  const d = p.nearestDistance('red_bee_station');
  const wantDistance = Array.from(d, (x) => shareClass(x / kind.radius_m));
  await page.waitForFunction((n) => window.lifecircleProbe.residentGap().filter((g) => g != null).length === n, wantDistance.length);
  assert.deepEqual(await page.evaluate(() => window.lifecircleProbe.residentGap()), wantDistance);
  assert.ok(new Set(wantDistance).size >= 5, 'the demo spans the classes');
  // Units by their residents' median distance.
  const units = Object.fromEntries(s.units.filter((u) => u.level === 'community').map((u) => {
    const m = u.kinds[ki].distance.p50_m;
    return [u.id, u.total_population > 0 ? shareClass(m == null ? Infinity : m / kind.radius_m) : 0];
  }));
  const shownUnits = await page.evaluate(() => window.lifecircleProbe.unitGap('community'));
  // (A polygon where nobody lives is no unit of the report: it keeps no class.)
  for (const [id, g] of Object.entries(shownUnits)) assert.equal(g, units[id] ?? null, id);
  assert.ok(Object.values(shownUnits).filter((g) => g > 0).length > 10);
  const legend = await page.$$eval('#legend-gap .legend-row', (rows) => rows.map((r) => r.textContent));
  assert.deepEqual(legend, ['≤ 250 m', '≤ 500 m', '≤ 750 m', '≤ 1,000 m （已覆盖）', '≤ 2,000 m', '超出 2 倍半径或无站点']);
  assert.equal(await page.isVisible('[data-testid=legend-what]'), false);
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(artifacts, 'measures-gap-distance.png') });
  // By supply: a multiple of the district mean.
  await page.selectOption('[data-testid=gap-view]', 'access');
  const a = p.accessPer1000('red_bee_station');
  const wantAccess = Array.from(a, (x) => meanClass(x / kind.access_per_1000));
  await page.waitForFunction((w) => JSON.stringify(window.lifecircleProbe.residentGap()) === w, JSON.stringify(wantAccess));
  assert.ok(new Set(wantAccess).size >= 4);
  const unitsAccess = await page.evaluate(() => window.lifecircleProbe.unitGap('community'));
  for (const u of s.units.filter((x) => x.level === 'community' && x.total_population > 0)) {
    if (u.id in unitsAccess) assert.equal(unitsAccess[u.id], meanClass(u.kinds[ki].access_per_1000 / kind.access_per_1000), u.id);
  }
  assert.match(await page.textContent('[data-testid=legend-gap-what]'), /红蜂驿站每千人供给/);
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(artifacts, 'measures-gap-access.png') });
  // Back to covered or not: the covered/uncovered legend again.
  await page.selectOption('[data-testid=gap-view]', 'coverage');
  await page.waitForFunction(() => document.body.dataset.gap === 'no');
  assert.equal(await page.isVisible('[data-testid=legend-what]'), true);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});
