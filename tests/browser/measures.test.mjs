// Beyond covered-or-not in the app (issue 18): a coverage target flags the units below it in the
// unit table (未达标 and the people still to reach, a filter, undo, kept in the project); the gap
// view colours every resident and every unit by distance to the nearest station or by 2SFCA
// supply, class by class as the engine in Node computes them, with its legend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { TextDecoder } from 'node:util';
import { artifacts, open, demoPlanner, download } from './helpers.mjs';

/** `text` as GBK bytes (as Excel in China saves a CSV): the characters' GB18030 codes found by
 * decoding every two-byte code once. */
function iconv(text) {
  const gbk = new TextDecoder('gbk');
  const table = new Map();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      const ch = gbk.decode(Uint8Array.of(a, b));
      if (!table.has(ch)) table.set(ch, [a, b]);
    }
  }
  const out = [];
  for (const ch of text) out.push(...(ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)));
  return Uint8Array.from(out);
}

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
  assert.equal(await page.isVisible('[data-testid=legend-units]'), false, 'the coverage shading note is not the classes\'');
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
  // Printed in the gap view, the report's map note says what the colours are.
  await page.evaluate(() => { window.print = () => { document.body.dataset.printed = 'yes'; }; });
  await page.click('[data-testid=print-report]');
  await page.waitForSelector('#name-dialog[open]');
  await page.click('[data-testid=name-ok]');
  await page.waitForSelector('body[data-printed=yes]', { timeout: 30000 });
  assert.match(await page.textContent('#report .report-note'), /居民点与社区按每千人供给（2SFCA）着色/);
  // Back to covered or not: the covered/uncovered legend again.
  await page.selectOption('[data-testid=gap-view]', 'coverage');
  await page.waitForFunction(() => document.body.dataset.gap === 'no');
  assert.equal(await page.isVisible('[data-testid=legend-what]'), true);
  // A polygon where nobody lives (华江社区 in the demo) is left unshaded: the legend says why.
  assert.equal(await page.textContent('[data-testid=legend-units]'), '区域底色为其覆盖率；无人居住的区域不着色');
  assert.equal(await page.isVisible('[data-testid=legend-units]'), true);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('a kind from the standards table in two clicks; a city table replaces it; undo removes the kind', async () => {
  const { page, problems, context } = await open();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=standard-select] option').length > 5);
  const options = await page.$$eval('[data-testid=standard-select] option', (os) => os.map((o) => ({ value: o.value, text: o.textContent, title: o.title, disabled: o.disabled })));
  // Every row says it was not checked against the standard's text, and where it comes from.
  const school = options.find((o) => o.text.startsWith('小学'));
  assert.equal(school.text, '小学 · 10分钟 · 500 m（参考值，请核对）');
  assert.match(school.title, /GB 50180-2018/);
  // The demo's own kinds are offered but cannot be added twice.
  assert.ok(options.find((o) => o.text.startsWith('红蜂驿站')).disabled);
  const completeness = await page.textContent('[data-testid=all-kinds-row] strong');
  // Two clicks: the row, then 添加类型.
  await page.selectOption('[data-testid=standard-select]', school.value);
  await page.click('[data-testid=standard-add]');
  await page.waitForFunction(() => document.querySelector('[data-testid=kind-select]').value === 'primary_school');
  const kind = await page.evaluate(() => [...document.querySelectorAll('[data-testid=coverage-row]')].map((r) => [r.dataset.kind, r.dataset.radius]));
  assert.deepEqual(kind.find((k) => k[0] === 'primary_school'), ['primary_school', '500']);
  assert.match(await page.textContent('[data-testid=status] .toast-text'), /已添加类型「小学」，服务半径 500 m（参考值，请核对）/);
  // Left out of completeness until it has stations: completeness is unchanged.
  assert.equal(await page.isChecked('[data-testid=counted]'), false);
  assert.equal(await page.textContent('[data-testid=all-kinds-row] strong'), completeness);
  await page.screenshot({ path: join(artifacts, 'measures-standard-added.png') });
  await page.click('[data-testid=undo]');
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=coverage-row]')].some((r) => r.dataset.kind === 'primary_school'));
  // A city's own table (GBK CSV, as Excel saves it) replaces the rows; a row without distance or
  // level asks for the radius.
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-standards-'));
  const city = join(dir, '本市设施标准.csv');
  const text = 'id,名称,name_en,生活圈层级,步行距离_米,步行时间_分钟,来源条款,核对\nmarket,菜市场,Market,,,8,本市导则 3.2,已核对\nbooth,便民亭,Kiosk,,,,本市导则 4.1,\n';
  writeFileSync(city, iconv(text));
  await page.setInputFiles('[data-testid=standard-file]', city);
  await page.waitForFunction(() => document.querySelector('[data-testid=standard-select] option').textContent.includes('本市设施标准'));
  const rows = await page.$$eval('[data-testid=standard-select] option', (os) => os.slice(1).map((o) => o.textContent));
  assert.deepEqual(rows, ['菜市场 · — · 514 m', '便民亭 · — · 无距离要求（参考值，请核对）']);
  await page.selectOption('[data-testid=standard-select]', '1');
  await page.click('[data-testid=standard-add]');
  await page.waitForSelector('#name-dialog[open]');
  await page.fill('[data-testid=name-input]', '200');
  await page.click('[data-testid=name-ok]');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=coverage-row]')].some((r) => r.dataset.kind === 'booth' && r.dataset.radius === '200'));
  // A bad city table says where.
  const bad = join(dir, '坏表.csv');
  writeFileSync(bad, 'id,名称,name_en,生活圈层级,步行距离_米,步行时间_分钟,来源条款,核对\nx,菜场,,,约500,,,\n');
  await page.setInputFiles('[data-testid=standard-file]', bad);
  await page.waitForFunction(() => /坏表\.csv.*第 2 行.*“约500”不是正数/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''));
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});
