// Files out: the Excel workbook, the printable A4 report, the report CSV, stations and residents
// as GeoJSON and zipped Shapefiles (in the chosen coordinate system), and the project file.
import { t, int, kindLabel, getLang } from '../i18n.js';
import { kindStyle } from '../map/styles.js';
import { markSnapshot } from '../map/snapshot-marks.js';
import { call } from '../page/rpc.js';
import { state, select } from '../page/state.js';
import { $, askName, download, progress, showError, stamp, today } from '../page/ui.js';
import { ctx } from '../page/context.js';
import { buildReport } from '../report.js';
import { scenarioName } from './scenarios.js';
import { gapLegend } from './gapview.js';
import { view } from './imports.js';
import { shownSuggestion } from './siting.js';

/** Asks the worker for a file's text and downloads it as `name-<scenario>-<stamp>.ext`. */
function exportFile(request, arg, name, ext, type) {
  const scenario = state.update ? `-${scenarioName(state.update)}` : '';
  call(request, arg).then(({ text, blob, bytes }) => download(`${name}${scenario}-${stamp()}.${ext}`, blob ?? bytes ?? text, type), showError);
}

/** The report's title: the planner's, remembered for the dataset (the file name is no title). */
let reportTitle = { dataset: '', title: '' };

/** Builds the A4 report from the latest figures (with a map snapshot) and opens the print dialog. */
async function printReport() {
  const u = state.update;
  const suggested = reportTitle.dataset === u.dataset.name ? reportTitle.title : (u.dataset.name || '').replace(/\.[a-z0-9.]+$/i, '');
  const title = await askName(suggested || t('reportTitleDefault'), t('reportTitlePrompt'));
  if (!title) return;
  reportTitle = { dataset: u.dataset.name, title };
  progress(t('printing'));
  // No selection highlight or walkshed of a selected station in the snapshot.
  const selected = state.selected;
  if (selected !== null) { select(null); ctx.map.stations.select(null); ctx.map.walkshed.set(null); }
  try {
    const shot = await ctx.map.snapshot(state.residentCoords ?? []);
    const legend = u.kinds.filter((k) => k.stations > 0).map((k) => ({ label: `${kindLabel(k)} ${int(k.radius_m)} m`, color: kindStyle(k.id).color }));
    // In the gap view the map's colours are its classes: the legend says so.
    const classes = u.gap ? gapLegend(u.gap) : undefined;
    const mapUrl = await markSnapshot(shot, { metresPerPixel: ctx.map.metresPerPixel, legend, covered: t('legendCovered'), uncovered: t('legendUncovered'), north: t('north'), classes });
    const root = $('#report');
    // The live figures leave out the distance percentiles and 2SFCA; the report has them.
    const { summary: full } = await call('fullSummary');
    const withAll = { ...u, summary: { ...full, stations: u.summary.stations } };
    buildReport(root, { u: withAll, title, date: today(), mapUrl, kind: state.kind, scenarioName: scenarioName(u) });
    await root.querySelector('img')?.decode().catch(() => {});
    document.body.dataset.report = 'ready';
    window.print();
  } catch (err) {
    showError(err);
  } finally {
    progress(null);
    if (selected !== null) { select(selected); ctx.map.stations.select(selected); ctx.renderAll({ units: false }); }
  }
}

export function bindExports() {
  $('[data-testid=export-xlsx]').addEventListener('click', () => {
    const u = state.update;
    call('exportWorkbook', { lang: getLang(), title: u.dataset.name, baseline_name: t('baseline'), crs: $('#crs').value, siting: shownSuggestion() }).then(({ bytes }) => {
      const base = getLang() === 'zh' ? '生活圈覆盖报告' : 'lifecircle-report';
      download(`${base}-${scenarioName(u)}-${stamp()}.xlsx`, bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    }, showError);
  });
  $('[data-testid=print-report]').addEventListener('click', printReport);
  $('[data-testid=export-csv]').addEventListener('click', () => exportFile('exportCsv', getLang(), getLang() === 'zh' ? '生活圈覆盖报告' : 'lifecircle-report', 'csv', 'text/csv;charset=utf-8'));
  const menu = $('.menu-items');
  $('[data-testid=export-geojson]').addEventListener('click', (e) => { e.stopPropagation(); menu.hidden = !menu.hidden; });
  document.addEventListener('click', () => { menu.hidden = true; });
  for (const layer of ['stations', 'residents']) {
    $(`[data-testid=export-geojson-${layer}]`).addEventListener('click', () => {
      const crs = $('#crs').value;
      // Property names in the page's language (Chinese: 编号, 类型, 人口…; the ids stay a column).
      const name = getLang() === 'zh' ? { stations: '站点', residents: '居民' }[layer] : layer;
      exportFile(layer === 'stations' ? 'exportStations' : 'exportResidents', { crs, lang: getLang() }, `${name}-${crs}`, 'geojson', 'application/geo+json');
    });
    // For ArcGIS: the same fields under ten-byte names (listed in the zip's .fields.csv), UTF-8.
    $(`[data-testid=export-shapefile-${layer}]`).addEventListener('click', () => {
      const crs = $('#crs').value;
      const name = getLang() === 'zh' ? { stations: '站点', residents: '居民' }[layer] : layer;
      exportFile('exportShapefile', { layer, crs, lang: getLang() }, `${name}-${crs.replace(':', '')}-shp`, 'zip', 'application/zip');
    });
  }
  $('[data-testid=export-project]').addEventListener('click', () => exportFile('exportProject', { view: view(), layers: state.layers }, 'lifecircle', 'lifecircle.json', 'application/json'));
}
