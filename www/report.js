// The printable report (A4 portrait): built from the worker's latest figures into #report, which
// only print media shows. Every user string goes in as text, never as HTML.
import { t, int, pct, kindLabel } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function table(head, rows, cls = '') {
  return el('table', { class: cls },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', typeof c === 'number' ? { class: 'num' } : {}, typeof c === 'number' ? int(c) : c))))));
}

/** Change of a ratio in percentage points, signed. */
function points(d) {
  const v = d * 100;
  return `${v > 0.05 ? '+' : ''}${v.toFixed(1)}`;
}

/** Horizontal bars: each community's coverage of `kind` (proposal bars, baseline ticks). */
function chart(units, comparison, kindIndex) {
  const rowH = 16;
  const labelW = 190;
  const barW = 420;
  const h = units.length * rowH + 24;
  const s = svg('svg', { viewBox: `0 0 700 ${h}`, width: '100%', role: 'img', 'data-testid': 'report-chart' });
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const x = labelW + f * barW;
    s.append(svg('line', { x1: x, x2: x, y1: 0, y2: h - 18, stroke: '#ccd', 'stroke-width': f === 0 ? 1 : 0.5 }));
    s.append(svg('text', { x, y: h - 4, 'font-size': 10, 'text-anchor': 'middle', fill: '#556' }, `${f * 100}%`));
  }
  const base = new Map((comparison?.units ?? []).map((u) => [`${u.level}|${u.id}`, u.kinds[kindIndex]?.baseline]));
  units.forEach((u, i) => {
    const r = u.kinds[kindIndex]?.coverage_ratio ?? 0;
    const y = i * rowH;
    s.append(svg('text', { x: labelW - 6, y: y + rowH * 0.72, 'font-size': 11, 'text-anchor': 'end', fill: '#223' }, u.name || u.id));
    s.append(svg('rect', { x: labelW, y: y + 3, width: Math.max(0.5, r * barW), height: rowH - 6, fill: r < 0.6 ? '#e8590c' : r < 0.85 ? '#f59f00' : '#2b8a3e' }));
    s.append(svg('text', { x: labelW + r * barW + 4, y: y + rowH * 0.72, 'font-size': 10, fill: '#334' }, pct(r)));
    const b = base.get(`${u.level}|${u.id}`);
    if (b !== undefined && Math.abs(b - r) > 1e-9) {
      s.append(svg('line', { x1: labelW + b * barW, x2: labelW + b * barW, y1: y + 1, y2: y + rowH - 1, stroke: '#111', 'stroke-width': 2 }));
    }
  });
  return s;
}

/**
 * Fills `root` with the report. `ctx`: `{u, title, date, mapUrl, kind, scenarioName}` — `u` is the
 * worker's latest update (summary, comparison, gaps, kinds, dataset).
 */
export function buildReport(root, ctx) {
  const { u } = ctx;
  const s = u.summary;
  const c = u.comparison ?? null;
  let n = 0;
  const section = (title, ...body) => el('section', { class: 'report-section' }, el('h2', {}, `${++n}. ${title}`), ...body);
  const kindIndex = Math.max(0, s.kinds.findIndex((k) => k.kind === ctx.kind));
  const kind = s.kinds[kindIndex];
  const metric = u.metric === 'network' ? t('metricNetwork') : t('metricStraight');

  const head = el('header', {},
    el('h1', {}, `${ctx.title} · ${t('rpTitle')}`),
    el('p', { class: 'report-meta' }, `${t('scenario')}${t('colon')}${ctx.scenarioName} · ${t('rpDate')}${t('colon')}${ctx.date} · ${t('metricLabel')}${t('colon')}${metric}${u.dataset.synthetic ? ` · ${t('syntheticLong')}` : ''}`));

  const map = section(t('rpMap'),
    el('img', { src: ctx.mapUrl, alt: t('rpMap'), class: 'report-map' }),
    el('p', { class: 'report-note' }, u.gap
      ? t('rpMapNoteGap', kindLabel(kind ?? {}), t(u.gap.mode === 'distance' ? 'gapDistance' : 'gapAccess'), u.display === 'all' ? t('displayAll') : kindLabel(u.kinds.find((k) => k.id === u.display) ?? {}))
      : t('rpMapNote', kindLabel(kind ?? {}), u.display === 'all' ? t('displayAll') : kindLabel(u.kinds.find((k) => k.id === u.display) ?? {}))));

  const kindRows = s.kinds.map((k, i) => {
    const row = [kindLabel(k), `${int(k.radius_m)} m`, k.stations, k.covered_population, pct(k.coverage_ratio)];
    if (c) row.push(pct(c.kinds[i].coverage_ratio.baseline), points(c.kinds[i].coverage_ratio.change));
    return row;
  });
  const allRow = [t('completeness'), '', s.stations.length, s.all_kinds.covered_population, pct(s.all_kinds.coverage_ratio)];
  if (c) allRow.push(pct(c.all_kinds.coverage_ratio.baseline), points(c.all_kinds.coverage_ratio.change));
  const summaryHead = [t('colKind'), t('colRadius'), t('colStations'), t('colCovered'), t('colRatio')];
  if (c) summaryHead.push(`${t('baseline')}`, t('rpChangePoints'));
  // Beyond covered-or-not: how far people are, supply against demand, and the targets.
  const metres = (m) => (m == null ? t('rpBeyond') : `${int(m)} m`);
  const targets = s.kinds.some((k) => k.target != null);
  const measureHead = [t('colKind'), t('rpP50'), t('rpP85'), t('rpAccess')];
  if (targets) measureHead.push(t('target'), t('colTarget'), t('rpUnitsBelow'));
  const measureRows = s.kinds.map((k) => {
    const row = [kindLabel(k), metres(k.distance?.p50_m), metres(k.distance?.p85_m), k.access_per_1000 != null ? k.access_per_1000.toFixed(4) : '–'];
    if (targets) {
      const b = k.units_below_target;
      row.push(k.target != null ? pct(k.target) : '–', k.target_met == null ? '–' : k.target_met ? t('targetMet') : t('targetShort', int(k.shortfall_population)),
        b ? `${b.street} / ${b.community} / ${b.grid}` : '–');
    }
    return row;
  });
  const summary = section(t('rpSummary'),
    el('p', {}, t('residentsLabel', int(s.residents), int(s.total_population))),
    table(summaryHead, [...kindRows, allRow], 'report-table'),
    el('h3', {}, t('rpMeasures')),
    table(measureHead, measureRows, 'report-table'));

  const levels = ['community', 'street', 'grid'];
  const level = levels.find((l) => s.units.some((x) => x.level === l));
  const units = s.units.filter((x) => x.level === level).sort((a, b) => (a.kinds[kindIndex]?.coverage_ratio ?? 0) - (b.kinds[kindIndex]?.coverage_ratio ?? 0) || a.id.localeCompare(b.id));
  // Sections with nothing to show are left out (no units: no chart, no worst units).
  const chartSection = units.length ? section(t('rpChart', t(level ?? 'community'), kindLabel(kind ?? {})),
    chart(units, c, kindIndex),
    c ? el('p', { class: 'report-note' }, t('rpChartNote')) : '') : '';

  const gapRows = u.gaps.slice(0, 15).map((g) => [g.name || t('unnamedIn', g.place), g.population]);
  // The worst units; with a target, whether each meets it and the people it still needs.
  const hasTarget = kind?.target != null;
  const worst = units.slice(0, 8).map((x) => {
    const f = x.kinds[kindIndex];
    const row = [x.id, x.total_population, pct(f?.coverage_ratio ?? 0)];
    if (hasTarget) row.push(f?.target_met == null ? '–' : f.target_met ? t('targetMet') : t('targetShort', int(f.shortfall_population)));
    return row;
  });
  const gaps = section(t('rpGaps'),
    el('h3', {}, t('rpGapsHomes', u.display === 'all' ? t('displayAll') : kindLabel(u.kinds.find((k) => k.id === u.display) ?? {}))),
    gapRows.length ? table([t('unitName'), t('population')], gapRows, 'report-table') : el('p', {}, t('gapsNone')),
    worst.length ? el('h3', {}, t('rpGapsUnits', t(level ?? 'community'), kindLabel(kind ?? {}))) : '',
    worst.length ? table([t('unitName'), t('population'), t('colRatio'), ...(hasTarget ? [t('colTarget')] : [])], worst, 'report-table') : '');

  const parts = [head, map, summary, chartSection, gaps];
  // On foot: how the streets were joined and what they do not reach, named.
  const net = u.metric === 'network' ? s.network : null;
  if (net) {
    const p = net.pieces;
    const off = net.unreachable_stations.map((x) => [x.name || `#${x.id}`, kindLabel(u.kinds.find((k) => k.id === x.kind) ?? { label: x.kind }),
      x.isolated_piece_m != null ? t('netStationIsland', int(x.isolated_piece_m)) : t('netStationFar', int(x.nearest_street_m ?? 0))]);
    const detours = s.kinds.map((k, i) => [kindLabel(k), net.kinds[i] ? `${net.kinds[i].mean_detour_ratio.toFixed(2)}×` : '–', net.kinds[i]?.unreachable_stations ?? 0]);
    parts.push(section(t('rpNetwork'),
      el('p', {}, t('netPieces', int(p.pieces), int(p.joined_pieces), (p.isolated_street_m / 1000).toFixed(1), p.min_piece_pct)),
      el('p', {}, net.unreachable_residents ? t('netUnreachable', int(net.unreachable_residents), int(net.unreachable_population), int(net.snap_m)) : t('netAllReached')),
      table([t('colKind'), t('colDetour'), t('colUnreachable')], detours, 'report-table'),
      off.length ? el('h3', {}, t('netStationsOff')) : '',
      off.length ? table([t('name'), t('colKind'), ''], off, 'report-table') : ''));
  }
  if (c) {
    const actions = t('changeActions');
    const rows = c.changes.map((ch) => [actions[ch.action] ?? ch.action, kindLabel(u.kinds.find((k) => k.id === ch.kind) ?? { label: ch.kind }), ch.name, ch.served_before, ch.served_after, ch.only_after]);
    parts.push(section(t('rpChanges', ctx.scenarioName),
      rows.length ? table([t('rpAction'), t('colKind'), t('name'), t('rpServedBefore'), t('rpServedAfter'), t('only')], rows, 'report-table') : el('p', {}, t('rpNoChanges'))));
  }
  const params = [
    ...s.kinds.map((k) => [kindLabel(k), `${t('radius')} ${int(k.radius_m)} m${k.demand ? ` · ${t('demand')} ${k.demand.column}` : ''}${k.capacity ? ` · ${t('capacity')} ${int(k.capacity.per_station)} ${t('capacityUnit')}` : ''}`]),
    [t('metricLabel'), u.metric === 'network' ? `${metric}（${t('rpNetworkNote')}）` : `${metric}（${t('rpStraightNote')}）`],
    [t('rpCovered'), t('rpCoveredMeans')],
    [t('rpP50'), t('rpDistanceMeans')],
    [t('rpAccess'), t('rpAccessMeans')],
    ...(targets ? [[t('target'), t('rpTargetMeans', s.kinds.filter((k) => k.target != null).map((k) => `${kindLabel(k)} ${pct(k.target)}`).join('，'))]] : []),
    [t('population'), u.dataset.estimated > 0 ? t('estimated', int(u.dataset.estimated), u.dataset.floor_area_per_person) : t('rpPopulationGiven')],
    // Units taken from boundary polygons, and the residences in none (kept, in no unit there).
    ...(s.boundaries ?? []).map((b) => {
      const out = s.unassigned?.find((x) => x.level === b.level);
      const lines = [t('unitsFromPolygons', t(b.level), b.source)];
      if (out?.residents) lines.push(t('unassignedLine', t(b.level), int(out.residents), int(out.population)));
      return [t('rpUnits'), lines.join('；')];
    }),
    [t('rpData'), u.dataset.name || ''],
    [t('rpSoftware'), 'Lifecircle 生活圈 — WebAssembly'],
  ];
  parts.push(section(t('rpMethod'), el('dl', { class: 'report-params' }, ...params.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]))));
  root.replaceChildren(...parts);
}
