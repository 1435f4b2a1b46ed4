// A planner's day (issue 15): a stations file asks 替换 / 追加 when the plan has stations, and maps
// kinds the plan does not know (a typo is matched to the nearest known kind, a new name is
// offered as a new kind); editing 现状 asks to start a proposal, or shows that the baseline is
// being edited; the map says which scenario is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, open, expected, demoPlanner, figuresEqual, mapBox } from './helpers.mjs';

const stationsFile = join(artifacts, '新站点.csv');
writeFileSync(stationsFile, '经度,纬度,类型,名称\n118.790,32.060,红蜂驿站,甲站\n118.795,32.062,小卖部,乙店\n118.800,32.064,红蜂驿,丙站\n');

test('a stations file: add or replace, and kinds the plan does not know mapped or added', async () => {
  const { page, problems, context } = await open('/', { ask: true });
  const demo = expected(demoPlanner());
  await figuresEqual(page, demo, 'demo');
  await page.setInputFiles('[data-testid=import-stations]', stationsFile);
  await page.waitForSelector('[data-testid=stations-dialog][open]');
  assert.match(await page.textContent('#stations-file'), /新站点\.csv：3 个站点/);
  assert.match(await page.textContent('#stations-existing'), /已有 49 个站点/);
  // The typo is matched to 红蜂驿站; 小卖部 is offered as a new kind.
  const choices = await page.$$eval('[data-testid=unknown-kind]', (trs) => trs.map((tr) => [tr.dataset.name, tr.querySelector('select').value]));
  assert.deepEqual(choices, [['小卖部', ''], ['红蜂驿', 'red_bee_station']]);
  await page.screenshot({ path: join(artifacts, 'day-stations-dialog.png') });
  await page.check('[data-testid=stations-append]');
  await page.click('[data-testid=stations-ok]');
  // Added to the demo's 49: the engine's figures for the same.
  const want = demoPlanner();
  want.setKind({ kind: '小卖部', radius_m: 500 });
  want.addStation({ kind: 'red_bee_station', lon: 118.790, lat: 32.060, name: '甲站' });
  want.addStation({ kind: '小卖部', lon: 118.795, lat: 32.062, name: '乙店' });
  want.addStation({ kind: 'red_bee_station', lon: 118.800, lat: 32.064, name: '丙站' });
  await figuresEqual(page, expected(want), 'appended');
  assert.equal(await page.evaluate(() => window.lifecircleProbe.stations().length), 52);
  // One undo takes the import back.
  await page.click('[data-testid=undo]');
  await page.waitForFunction(() => window.lifecircleProbe.stations().length === 49);
  // Replacing (the default): the file's three stations only.
  await page.setInputFiles('[data-testid=import-stations]', stationsFile);
  await page.waitForSelector('[data-testid=stations-dialog][open]');
  await page.click('[data-testid=stations-ok]');
  await page.waitForFunction(() => window.lifecircleProbe.stations().length === 3);
  // Cancelled: nothing changes.
  await page.setInputFiles('[data-testid=import-stations]', stationsFile);
  await page.waitForSelector('[data-testid=stations-dialog][open]');
  await page.click('#stations-dialog button[value=cancel]');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.lifecircleProbe.stations().length), 3);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('editing 现状 asks to start a proposal; the map says which scenario is open', async () => {
  const { page, problems, context } = await open('/', { ask: true });
  await page.waitForTimeout(1200); // the map settles where the demo fits
  assert.equal(await page.textContent('[data-testid=map-scenario]'), '现状');
  const demo = expected(demoPlanner());
  // A station placed on 现状: asked; 新建方案并修改 puts it in a new proposal.
  await page.click('[data-testid=place]');
  const box = await mapBox(page);
  await page.mouse.click(box.x + box.width * 0.62, box.y + box.height * 0.55);
  await page.waitForSelector('[data-testid=baseline-dialog][open]');
  await page.screenshot({ path: join(artifacts, 'day-baseline-ask.png') });
  await page.click('[data-testid=baseline-proposal]');
  await page.waitForFunction(() => window.lifecircleProbe.stations().length === 50);
  assert.equal(await page.$eval('[data-testid=scenario]', (s) => s.value), '1');
  assert.match(await page.textContent('[data-testid=map-scenario]'), /^方案：方案/);
  await page.keyboard.press('Escape');
  // 现状 itself is as it was.
  await page.selectOption('[data-testid=scenario]', '0');
  await figuresEqual(page, demo, 'the baseline unchanged');
  // On 现状 again, a deletion asks again; 修改现状 edits the baseline and a banner says so.
  const first = (await page.evaluate(() => window.lifecircleProbe.stations()))[0];
  const at = await page.evaluate(({ lon, lat }) => window.lifecircleProbe.pixel(lon, lat), first);
  await page.mouse.click(at.x, at.y);
  await page.waitForFunction((id) => document.querySelector('[data-testid=station-card]').dataset.id === String(id), first.id);
  await page.click('#station-remove');
  await page.waitForSelector('[data-testid=baseline-dialog][open]');
  await page.click('[data-testid=baseline-edit]');
  await page.waitForFunction(() => window.lifecircleProbe.stations().length === 48);
  assert.ok(await page.isVisible('[data-testid=baseline-banner]'));
  await page.screenshot({ path: join(artifacts, 'day-baseline-banner.png') });
  // The banner's 新建方案 starts a proposal from here; the banner goes.
  await page.click('[data-testid=baseline-new]');
  await page.waitForFunction(() => document.querySelector('[data-testid=scenario]').value === '2');
  assert.ok(!(await page.isVisible('[data-testid=baseline-banner]')));
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('find your way: search goes to stations, residences and communities; the ruler measures', async () => {
  const { page, problems, context } = await open();
  await page.waitForTimeout(1200);
  // A station by part of its name: the map goes there and selects it.
  await page.fill('[data-testid=search]', '瑞里');
  await page.waitForSelector('[data-testid=search-result][data-type=station]');
  await page.click('[data-testid=search-result][data-type=station]');
  await page.waitForFunction(() => document.querySelector('[data-testid=station-card]').dataset.id !== undefined);
  await page.waitForTimeout(800);
  let c = await page.evaluate(() => window.lifecircleProbe.center());
  assert.ok(Math.abs(c[0] - 118.777328) < 1e-3 && Math.abs(c[1] - 32.057894) < 1e-3, `${c}`);
  // A residence.
  await page.fill('[data-testid=search]', '瑞园公寓2栋');
  await page.waitForSelector('[data-testid=search-result][data-type=resident]');
  await page.screenshot({ path: join(artifacts, 'day-search.png') });
  await page.press('[data-testid=search]', 'Enter');
  await page.waitForTimeout(800);
  c = await page.evaluate(() => window.lifecircleProbe.center());
  assert.ok(Math.abs(c[0] - 118.817933) < 1e-3 && Math.abs(c[1] - 32.070809) < 1e-3, `${c}`);
  // A community: the map fits it.
  await page.fill('[data-testid=search]', '锦塘社区');
  await page.waitForSelector('[data-testid=search-result][data-type=unit]');
  await page.click('[data-testid=search-result][data-type=unit]');
  // Nothing found says so.
  await page.fill('[data-testid=search]', '不存在的地名');
  await page.waitForFunction(() => /没有找到/.test(document.querySelector('[data-testid=search-results]').textContent));
  await page.press('[data-testid=search]', 'Escape');

  // The ruler: two clicks 0.01° of longitude apart; its length against a spherical haversine.
  await page.evaluate(() => window.lifecircleProbe.jumpTo(118.80, 32.06, 14));
  await page.waitForTimeout(300);
  // A layer is drawn only while its source has features (an empty one would still cost the map
  // a stencil pass per tile): the ruler's layers appear with its points and go with them.
  const shownLayers = async (ids) => (await page.evaluate(() => window.lifecircleProbe.layers())).filter((l) => ids.includes(l.id)).map((l) => l.visible);
  assert.deepEqual(await shownLayers(['ruler-line', 'ruler-points', 'ghosts', 'area-line']), [false, false, false, false]);
  assert.deepEqual(await shownLayers(['street-line', 'circle-line', 'stations']), [true, true, true]);
  await page.click('[data-testid=ruler]');
  for (const lon of [118.795, 118.805]) {
    const at = await page.evaluate((x) => window.lifecircleProbe.pixel(x, 32.06), lon);
    await page.mouse.click(at.x, at.y);
  }
  const shown = Number(await page.getAttribute('[data-testid=ruler-length]', 'data-metres'));
  const [a, b] = await page.evaluate(() => window.lifecircleProbe.rulerPoints());
  const rad = Math.PI / 180;
  const h = Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2;
  const sphere = 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  assert.ok(Math.abs(shown - sphere) / sphere < 0.005 && shown > 900 && shown < 1000, `${shown} vs ${sphere}`);
  assert.match(await page.textContent('[data-testid=ruler-length]'), /距离 9\d\d m/);
  // No station is placed or selected while measuring.
  assert.equal(await page.evaluate(() => window.lifecircleProbe.stations().length), 49);
  await page.screenshot({ path: join(artifacts, 'day-ruler.png') });
  assert.deepEqual(await shownLayers(['ruler-line', 'ruler-points']), [true, true]);
  await page.click('[data-testid=ruler]');
  assert.ok(!(await page.isVisible('[data-testid=ruler-length]')));
  assert.deepEqual(await shownLayers(['ruler-line', 'ruler-points']), [false, false]);
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});
