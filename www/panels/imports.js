// Files in: residents, stations, project files, the walking network, boundary polygons (the units
// of a level), basemap layers, and a whole
// OpenStreetMap file (with its station rules dialog); by the buttons or dropped on the page. An
// import that fails changes nothing and says why.
import { t, int, getLang } from '../i18n.js';
import { call, callHandingOver } from '../page/rpc.js';
import { state, chooseLevel } from '../page/state.js';
import { $, askDialog, progress, readFile, toast } from '../page/ui.js';
import { ctx } from '../page/context.js';
import { showLayers, restoreLayers } from './layers.js';
import { renderUnits } from './units.js';
import { setKind } from './kinds.js';
import { askStations } from './stations-dialog.js';
import { showRules, showTakes, rowTags, currentRules, rulesText, parseRules, bindOsmRules } from './osm-rules.js';

/** The page's view for a project file: map view, kind, colouring, level, language. */
export function view() {
  return { ...ctx.map.view(), kind: state.kind, display: state.update?.display, level: state.level, lang: getLang() };
}

/** "N imported; new kinds …" and makes the first new kind the one being planned when the current
 * one has no stations. */
function newKinds(u, msg) {
  if (!u.newKinds.length) return msg;
  if (!u.kinds.some((k) => k.id === state.kind && k.stations > 0)) setKind(u.newKinds[0]);
  return `${msg}；${t('newKinds', u.newKinds.join('、'), u.kinds.find((k) => k.id === u.newKinds[0]).radius_m)}`;
}

/** The sheet to read of a workbook: null when the file is none or has one sheet, false when the
 * planner cancels. */
async function chooseSheet(name, bytes) {
  if (!/\.xlsx?$/i.test(name)) return null;
  const sheets = await call('sheetNames', bytes);
  if (sheets.length < 2) return null;
  progress(null);
  const dlg = /** @type {HTMLDialogElement} */ ($('#sheet-dialog'));
  const select = /** @type {HTMLSelectElement} */ ($('#sheet-select'));
  $('#sheet-prompt').textContent = t('sheetPrompt', name);
  select.replaceChildren(...sheets.map((s) => Object.assign(document.createElement('option'), { value: s, textContent: s })));
  return (await askDialog(dlg, () => select.value)) ?? false;
}

/** The level and name field of a boundary file, asked of the planner (the level guessed from the
 * file's name); null when they cancel. */
async function askBoundaryLevel(name) {
  progress(null);
  const dlg = /** @type {HTMLDialogElement} */ ($('#boundary-dialog'));
  const level = /** @type {HTMLSelectElement} */ ($('#boundary-level'));
  const field = /** @type {HTMLInputElement} */ ($('#boundary-name-field'));
  $('#boundary-prompt').textContent = t('boundaryPrompt', name);
  level.value = /网格|grid/i.test(name) ? 'grid' : /街道|street/i.test(name) ? 'street' : 'community';
  return askDialog(dlg, () => ({ level: level.value, nameField: field.value.trim() }));
}

/** The bytes to import and their name: one file as it is; a Shapefile's files chosen together
 * (`.shp`, `.dbf`, `.shx`, `.prj`, `.cpg`) put together by the engine, named after the `.shp`. */
async function readInput(files) {
  const shp = files.find((f) => /\.shp$/i.test(f.name));
  if (files.length < 2 || !shp) return { name: files[0].name, bytes: await readFile(files[0]) };
  const parts = [];
  for (const f of files) parts.push({ name: f.name, bytes: new Uint8Array(await readFile(f)) });
  const { bytes } = await call('packShapefile', parts);
  return { name: shp.name, bytes: bytes.buffer };
}

/** Reads `files` (one file, or a Shapefile's files together) as `as` (residents, stations,
 * project, streets, boundaries, basemap). */
export async function importFile(files, as) {
  if (!files?.length) return;
  const crs = $('#crs').value;
  try {
    progress(t('reading', '0%'), 0);
    const { name, bytes } = await readInput(files);
    const file = { name };
    progress(t('parsing'));
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    // A workbook with several sheets: the planner picks one.
    const sheet = as === 'residents' || as === 'stations' ? await chooseSheet(file.name, bytes) : null;
    if (sheet === false) return;
    if (as === 'residents') {
      const parsing = (f) => progress(t('parsingAt', `${Math.round(100 * f)}%`), f);
      const u = await callHandingOver('importResidents', parsing, bytes, { name: file.name, crs, sheet });
      ctx.apply(u, { fit: true });
      toast(t('importDone', t('residentsWord'), int(u.summary.residents)));
    } else if (as === 'stations') {
      // Ask before replacing the plan's stations, and about kinds the plan does not know.
      const named = await call('stationKinds', bytes, { name: file.name, crs, sheet });
      progress(null);
      const choice = await askStations(file.name, named, state.update?.summary.stations.length ?? 0);
      if (!choice) return;
      const u = await call('importStations', bytes, { name: file.name, crs, sheet, ...choice });
      ctx.apply(u);
      const msg = newKinds(u, t('importDone', t('stationsWord'), int(u.imported)));
      ctx.map.fitTo(Float64Array.from(u.summary.stations.flatMap((s) => [s.lon, s.lat])));
      toast(msg);
    } else if (as === 'project') {
      const text = new TextDecoder().decode(bytes);
      const u = await call('openProject', text);
      state.demoLayers = null;
      restoreLayers(u);
      if (u.view?.kind) state.kind = u.view.kind;
      if (u.view?.level) state.level = u.view.level;
      ctx.apply(u, { fit: !u.view?.center });
      if (u.view?.center) ctx.map.setView(u.view);
      toast(u.warnings.length ? t('projectWarnings', u.warnings.join(t('listSep'))) : t('projectOpened'));
    } else if (as === 'boundaries') {
      const chosen = await askBoundaryLevel(file.name);
      if (!chosen) return;
      progress(t('parsing'));
      const u = await call('importBoundaries', bytes, { name: file.name, crs, ...chosen });
      showLayers(u.layers, { keep: false });
      chooseLevel(u.load.level);
      $('#unit-level').value = u.load.level;
      ctx.apply(u);
      const { residents, population } = u.load.unassigned;
      toast(t('boundariesDone', t(u.load.level), int(u.load.polygons), residents ? int(residents) : 0, int(population)));
    } else if (as === 'streets') {
      const u = await call('importStreets', bytes, { name: file.name, crs });
      const fc = u.streetsGeoJson ? JSON.parse(u.streetsGeoJson) : JSON.parse(new TextDecoder().decode(bytes));
      showLayers({ ...state.layers, user: fc });
      ctx.apply(u);
      toast(t('importDone', t('importStreets'), int(u.streets.edges)));
    } else if (as === 'basemap') {
      let fc;
      try { fc = JSON.parse(new TextDecoder().decode(bytes)); } catch (err) { throw new Error(t('notGeoJson', file.name, err.message)); }
      if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error(t('notFeatureCollection', file.name));
      const units = fc.features.some((f) => ['street', 'community', 'grid'].includes(f.properties?.level));
      if (units) showLayers({ ...state.layers, boundaries: fc }); else showLayers({ ...state.layers, user: fc });
      if (state.update) renderUnits(state.update);
      toast(t('importDone', t('asBasemap'), int(fc.features.length)));
    }
  } catch (err) {
    toast(`${t('importFailed')}${err.message}`, 'error');
  } finally {
    progress(null);
  }
}

/** A whole OpenStreetMap file, after the planner has seen (and edited) the station rules: the
 * file is read and each rule's POIs counted while the dialog is open. */
async function importOsmFile(file) {
  if (!file) return;
  const dlg = $('#osm-dialog');
  const defaults = await call('osmStationRules');
  const saved = localStorage.getItem('lifecircle.osmRules');
  let rules = defaults.rules;
  try { if (saved) rules = parseRules(saved); } catch { /* a saved text that no longer reads: the defaults */ }
  $('#osm-file').textContent = file.name;
  showRules(rules, defaults.categories);
  $('#osm-rules-hint').textContent = t('osmRulesHint', defaults.categories.map((c) => c.id).join(', '));
  $('#osm-floor-area').value = localStorage.getItem('lifecircle.osmFloorArea') ?? '36.52';
  const bytesRead = readFile(file);
  bytesRead.then((bytes) => call('osmRuleCounts', bytes, rowTags())).then(showTakes, () => showTakes([]));
  dlg.returnValue = '';
  const choice = await new Promise((resolve) => {
    dlg.onclose = () => resolve(dlg.returnValue);
    dlg.showModal();
  });
  if (choice === 'defaults') {
    localStorage.removeItem('lifecircle.osmRules');
    return importOsmFile(file);
  }
  if (choice !== 'ok') return;
  try {
    const chosen = currentRules();
    const floorArea = Number($('#osm-floor-area').value) || 36.52;
    localStorage.setItem('lifecircle.osmRules', rulesText(chosen));
    localStorage.setItem('lifecircle.osmFloorArea', String(floorArea));
    progress(t('reading', '0%'), 0);
    const bytes = await bytesRead;
    progress(t('parsing'));
    const reading = (f) => progress(t('parsingOsmAt', `${Math.round(100 * f)}%`), f);
    const u = await callHandingOver('importOsmFile', reading, bytes, { name: file.name }, chosen, floorArea);
    showLayers({ basemap: null, boundaries: null, user: JSON.parse(u.streetsGeoJson) });
    state.showingDemo = false;
    ctx.apply(u, { fit: true });
    // Dots coloured by the kind being planned (not "every kind", which is red wherever one kind
    // is missing), as its circles are.
    if (u.display === 'all') setKind(state.kind);
    toast(newKinds(u, t('osmDone', int(u.counts.residents), int(u.counts.stations), int(u.streets.edges))));
  } catch (err) {
    toast(`${t('importFailed')}${err.message}`, 'error');
  } finally {
    progress(null);
  }
}

export function bindImports() {
  bindOsmRules();
  const osm = $('[data-testid=import-osm]');
  osm.addEventListener('change', () => { const f = osm.files[0]; osm.value = ''; importOsmFile(f); });
  for (const [testid, as] of [['import-residents', 'residents'], ['import-stations', 'stations'], ['import-project', 'project'], ['import-basemap', 'basemap'], ['import-streets', 'streets'], ['import-boundaries', 'boundaries']]) {
    const input = $(`[data-testid=${testid}]`);
    input.addEventListener('change', async () => { const f = [...input.files]; input.value = ''; await importFile(f, as); });
  }
  // Drag and drop anywhere on the page: ask what the file is.
  let depth = 0;
  document.addEventListener('dragenter', (e) => { if (e.dataTransfer?.types.includes('Files')) { depth++; $('#drop').hidden = false; } });
  document.addEventListener('dragleave', () => { depth = Math.max(0, depth - 1); if (!depth) $('#drop').hidden = true; });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    $('#drop').hidden = true;
    const files = [...(e.dataTransfer?.files ?? [])];
    if (!files.length) return;
    const file = files.find((f) => /\.shp$/i.test(f.name)) ?? files[0];
    const dlg = $('#drop-dialog');
    $('#drop-question').textContent = t('dropAs', file.name);
    dlg.returnValue = '';
    dlg.onclose = () => { if (dlg.returnValue && dlg.returnValue !== 'cancel') importFile(files, dlg.returnValue); };
    dlg.showModal();
  });
}
