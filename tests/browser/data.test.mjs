// Data as planners have it (issue 16): files in a projected coordinate system (CGCS2000
// Gauss-Krüger by EPSG code) are chosen in the 坐标系 picker, exported and read in it, and give
// the figures of the same data in WGS-84; numbers that look projected, read as degrees, are
// refused with the system they look like.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, root, open, expected, demoPlanner, figuresEqual, download } from './helpers.mjs';

test('a Gauss-Krüger zone chosen by EPSG code: exported, read back, the same figures', async () => {
  const { page, problems, context } = await open();
  const demo = expected(demoPlanner());
  await figuresEqual(page, demo, 'demo');
  // 投影坐标（EPSG 代码）… asks for the code; the engine names it.
  await page.selectOption('[data-testid=import-crs]', 'epsg');
  await page.waitForSelector('#name-dialog[open]');
  await page.fill('#name-input', '4528');
  await page.click('[data-testid=name-ok]');
  await page.waitForFunction(() => document.querySelector('#crs').value === 'epsg:4528');
  assert.match(await page.textContent('#crs option:checked'), /EPSG:4528 CGCS2000 高斯-克吕格 3度带 第40带/);
  await page.screenshot({ path: join(artifacts, 'data-crs-chosen.png') });
  // Residents exported in it: eastings carry the zone number 40.
  await page.click('[data-testid=export-geojson]');
  const file = await download(page, () => page.click('[data-testid=export-geojson-residents]'));
  const fc = JSON.parse(file.bytes.toString('utf8'));
  assert.equal(fc.crs_name, 'epsg:4528');
  const [e, n] = fc.features[0].geometry.coordinates;
  assert.ok(e > 40_000_000 && e < 41_000_000 && n > 3_000_000 && n < 4_000_000, `${e}, ${n}`);
  // Read back in the same system: the demo's figures.
  await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  await page.setInputFiles('[data-testid=import-residents]', file.path);
  await page.waitForSelector('[data-testid=status][data-kind=info]');
  assert.match(await page.textContent('[data-testid=status] .toast-text'), /已导入.*3,000/);
  assert.match(await page.textContent('body'), new RegExp(file.name.replace(/[.]/g, '\\.')));
  await figuresEqual(page, demo, 'read back from EPSG:4528');
  // Read as WGS-84, the numbers are refused, naming the system they look like.
  await page.selectOption('[data-testid=import-crs]', 'wgs84');
  await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  await page.setInputFiles('[data-testid=import-residents]', file.path);
  await page.waitForSelector('[data-testid=status][data-kind=error]');
  const message = await page.textContent('[data-testid=status] .toast-text');
  assert.match(message, /像是投影坐标 EPSG:4528（CGCS2000 高斯-克吕格 3度带 第40带/);
  // An unknown code is refused and the picker goes back.
  await page.selectOption('[data-testid=import-crs]', 'epsg');
  await page.fill('#name-input', '4214');
  await page.click('[data-testid=name-ok]');
  await page.waitForFunction(() => /未知的坐标系“epsg:4214”/.test(document.querySelector('[data-testid=status] .toast-text')?.textContent ?? ''));
  assert.equal(await page.inputValue('[data-testid=import-crs]'), 'wgs84');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});

test('an Excel workbook: the planner picks the sheet, numbers stored as text are read, errors name the row', async () => {
  const { page, problems, context } = await open();
  const demo = expected(demoPlanner());
  await figuresEqual(page, demo, 'demo');
  const xlsx = join(root, 'tests/data/demo-residents.xlsx');
  // Three sheets: the dialog asks which (the first is a note).
  await page.setInputFiles('[data-testid=import-residents]', xlsx);
  await page.waitForSelector('[data-testid=sheet-dialog][open]');
  assert.deepEqual(await page.$$eval('#sheet-select option', (os) => os.map((o) => o.value)), ['说明', '居民', '坏行']);
  assert.match(await page.textContent('#sheet-prompt'), /demo-residents\.xlsx 有多个工作表/);
  await page.screenshot({ path: join(artifacts, 'data-sheet-dialog.png') });
  await page.selectOption('[data-testid=sheet-select]', '居民');
  await page.evaluate(() => { document.querySelector('[data-testid=status]').dataset.kind = ''; });
  await page.click('[data-testid=sheet-ok]');
  await page.waitForSelector('[data-testid=status][data-kind=info]');
  assert.match(await page.textContent('body'), /demo-residents\.xlsx/);
  await figuresEqual(page, demo, 'the demo read from its workbook');
  // The sheet with a bad row: the error names the sheet, the row and the column, in Chinese.
  await page.setInputFiles('[data-testid=import-residents]', xlsx);
  await page.waitForSelector('[data-testid=sheet-dialog][open]');
  await page.selectOption('[data-testid=sheet-select]', '坏行');
  await page.click('[data-testid=sheet-ok]');
  await page.waitForSelector('[data-testid=status][data-kind=error]');
  assert.match(await page.textContent('[data-testid=status] .toast-text'), /demo-residents\.xlsx \[坏行\]，第 5 行「人口」列：“约800”不是数字/);
  await figuresEqual(page, demo, 'unchanged after the refused sheet');
  assert.deepEqual(problems, { errors: [], outside: [] });
  await context.close();
});
