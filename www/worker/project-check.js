// Checks a project (a file, or an autosave) completely before anything is built from it: format
// and version (version 1 is migrated, a newer one refused), kinds, stations (ids unique positive
// integers), scenarios and their edits, streets, metric; the page's view and layers are cleaned
// (a bad view is dropped, a layer that is not GeoJSON data — an address, say — is never kept).
// Its messages are in the page's language, with the same facts in both.
import { say } from './say.js';

export const PROJECT_FORMAT = 'lifecircle-project';
/** The version this app writes; it reads this one and every older one. */
export const PROJECT_VERSION = 3;
/** Most stations a project may hold (the engine's figures stay interactive well beyond real
 * districts' hundreds). */
const MAX_STATIONS = 1_000_000;
const MAX_KINDS = 250;

/** An error naming the part of the project that is wrong (English, Chinese), kept short (a value
 * may be huge). */
function bad(en, zh) {
  const m = say(`project file: ${en}`, `项目文件：${zh}`);
  return new Error(m.length > 400 ? `${m.slice(0, 399)}…` : m);
}

/** A value as an error message quotes it: JSON, at most 40 characters. */
const show = (v) => {
  const j = JSON.stringify(v) ?? String(v);
  return j.length > 40 ? `${j.slice(0, 39)}…` : j;
};

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const finite = (v) => typeof v === 'number' && Number.isFinite(v);
const text = (v, max = 1000) => typeof v === 'string' && v.length <= max;

/** A list of stations `{id, kind, name, lon, lat}` checked against `kinds`; `[where, zhWhere]`
 * names it in English and Chinese. */
function stationList(list, kinds, [where, zhWhere]) {
  if (!Array.isArray(list)) throw bad(`${where} should be a list of stations`, `${zhWhere}应为站点列表`);
  if (list.length > MAX_STATIONS) throw bad(`${where} has ${list.length} stations (at most ${MAX_STATIONS})`, `${zhWhere}有 ${list.length} 个站点（最多 ${MAX_STATIONS} 个）`);
  const seen = new Set();
  return list.map((s, i) => {
    const at = `${where}, station ${i + 1}`;
    const zat = `${zhWhere}第 ${i + 1} 个站点`;
    if (!isObject(s)) throw bad(`${at} is not a station`, `${zat}不是站点`);
    if (!Number.isSafeInteger(s.id) || s.id < 1) throw bad(`${at} has id ${show(s.id)}: ids are whole numbers from 1`, `${zat}的编号 ${show(s.id)} 无效：编号应为从 1 起的整数`);
    if (seen.has(s.id)) throw bad(`${at} repeats id ${s.id}`, `${zat}的编号 ${s.id} 重复`);
    seen.add(s.id);
    if (!text(s.kind, 200) || !kinds.has(s.kind)) throw bad(`${at} has kind ${show(s.kind)}, which the project does not define`, `${zat}的类型 ${show(s.kind)} 在项目中未定义`);
    if (!finite(s.lon) || Math.abs(s.lon) > 180 || !finite(s.lat) || Math.abs(s.lat) > 90) throw bad(`${at} is not on the earth (lon ${show(s.lon)}, lat ${show(s.lat)})`, `${zat}的坐标不在地球上（经度 ${show(s.lon)}，纬度 ${show(s.lat)}）`);
    if (s.name !== undefined && s.name !== null && !text(s.name, 500)) throw bad(`${at} has a name that is not text (or longer than 500 characters)`, `${zat}的名称不是文本（或超过 500 个字符）`);
    return { id: s.id, kind: s.kind, name: s.name ?? '', lon: s.lon, lat: s.lat };
  });
}

function checkKinds(kinds) {
  if (!Array.isArray(kinds) || !kinds.length) throw bad('kinds should be a non-empty list', '设施类型应为非空列表');
  if (kinds.length > MAX_KINDS) throw bad(`${kinds.length} kinds (at most ${MAX_KINDS})`, `有 ${kinds.length} 个设施类型（最多 ${MAX_KINDS} 个）`);
  const ids = new Set();
  return kinds.map((k, i) => {
    if (!isObject(k) || !text(k.id, 200) || !k.id.trim()) throw bad(`kind ${i + 1} has no id`, `第 ${i + 1} 个设施类型没有编号`);
    if (ids.has(k.id)) throw bad(`kind ${show(k.id)} is defined twice`, `设施类型 ${show(k.id)} 定义了两次`);
    ids.add(k.id);
    if (!finite(k.radius_m) || k.radius_m < 1 || k.radius_m > 50000) throw bad(`kind ${show(k.id)} has radius ${show(k.radius_m)} (1 to 50,000 m)`, `设施类型 ${show(k.id)} 的服务半径 ${show(k.radius_m)} 无效（应为 1 至 50,000 米）`);
    if (k.capacity != null && !(finite(k.capacity) && k.capacity > 0)) throw bad(`kind ${show(k.id)} has capacity ${show(k.capacity)} (a number above 0)`, `设施类型 ${show(k.id)} 的容量 ${show(k.capacity)} 无效（应为大于 0 的数）`);
    if (k.demand != null && !text(k.demand, 200)) throw bad(`kind ${show(k.id)} has a demand column that is not text`, `设施类型 ${show(k.id)} 的需求列不是文本`);
    for (const f of ['label', 'label_en']) if (k[f] != null && !text(k[f], 200)) throw bad(`kind ${show(k.id)} has a ${f} that is not text`, `设施类型 ${show(k.id)} 的 ${f} 不是文本`);
    if (k.target != null && !(finite(k.target) && k.target > 0 && k.target <= 1)) throw bad(`kind ${show(k.id)} has target ${show(k.target)} (a share above 0, at most 1)`, `设施类型 ${show(k.id)} 的覆盖率目标 ${show(k.target)} 无效（应为大于 0、不超过 1 的比例）`);
    if (k.counted != null && typeof k.counted !== 'boolean') throw bad(`kind ${show(k.id)} has counted ${show(k.counted)} (true or false)`, `设施类型 ${show(k.id)} 的 counted 为 ${show(k.counted)}（应为 true 或 false）`);
    return { id: k.id, label: k.label ?? k.id, label_en: k.label_en ?? k.label ?? k.id, radius_m: k.radius_m, capacity: k.capacity ?? null, demand: k.demand ?? null, counted: k.counted ?? true, target: k.target ?? null };
  });
}

/** One proposal's edits on the baseline's stations. */
function checkEdits(e, kinds, baseIds, [where, zhWhere]) {
  if (e == null) return { added: [], changed: [], removed: [] };
  if (!isObject(e)) throw bad(`${where} has edits that are not edits`, `${zhWhere}的修改记录无效`);
  const added = stationList(e.added ?? [], kinds, [`${where} (added)`, `${zhWhere}新增`]);
  const changed = stationList(e.changed ?? [], kinds, [`${where} (changed)`, `${zhWhere}修改`]);
  for (const s of added) if (baseIds.has(s.id)) throw bad(`${where} adds station ${s.id}, an id the baseline already has`, `${zhWhere}新增的站点 ${s.id} 与现状的站点编号重复`);
  if (!Array.isArray(e.removed ?? []) || !(e.removed ?? []).every((id) => Number.isSafeInteger(id))) throw bad(`${where} removes stations by ids that are not whole numbers`, `${zhWhere}删除的站点编号不是整数`);
  return { added, changed: changed.filter((s) => baseIds.has(s.id)), removed: (e.removed ?? []).filter((id) => baseIds.has(id)) };
}

/** The scenarios, checked against the live stations; returns them and the largest id used. */
function checkScenarios(sc, kinds, stations) {
  if (sc == null) return { scenarios: { active: 0, list: [{ name: null, edits: null }], baseline_stations: null }, maxId: 0 };
  if (!isObject(sc) || !Array.isArray(sc.list) || !sc.list.length) throw bad('scenarios should have a list starting with the baseline', '方案应为以现状开头的列表');
  if (!Number.isSafeInteger(sc.active) || sc.active < 0 || sc.active >= sc.list.length) throw bad(`the active scenario ${show(sc.active)} is not one of its ${sc.list.length} scenarios`, `当前方案 ${show(sc.active)} 不在其 ${sc.list.length} 个方案之中`);
  const base = sc.active === 0 ? stations : stationList(sc.baseline_stations, kinds, ['the baseline', '现状']);
  const baseIds = new Set(base.map((s) => s.id));
  let maxId = 0;
  for (const s of base) maxId = Math.max(maxId, s.id);
  const names = new Set();
  const list = sc.list.map((p, i) => {
    if (i === 0) return { name: null, edits: null };
    if (!isObject(p) || !text(p.name, 200) || !p.name.trim()) throw bad(`proposal ${i} has no name`, `方案 ${i} 没有名称`);
    if (names.has(p.name)) throw bad(`two proposals are named ${show(p.name)}`, `有两个方案都叫 ${show(p.name)}`);
    names.add(p.name);
    if (i === sc.active) return { name: p.name, edits: null };
    const edits = checkEdits(p.edits, kinds, baseIds, [`proposal ${p.name}`, `方案「${p.name}」`]);
    for (const s of edits.added) maxId = Math.max(maxId, s.id);
    return { name: p.name, edits };
  });
  return { scenarios: { active: sc.active, list, baseline_stations: sc.active === 0 ? null : base }, maxId };
}

/** Boundary polygons (version 3): `{geojson, sources: {level: file name}}`, the engine's own
 * GeoJSON of every level's polygons; each level in `sources` is loaded from it. */
function checkBoundaries(b) {
  if (b == null) return null;
  if (!isObject(b) || typeof b.geojson !== 'string' || !isObject(b.sources)) throw bad('boundaries should be {geojson, sources}', '边界应为 {geojson, sources}');
  /** @type {Record<string, string>} */
  const sources = {};
  for (const [level, source] of Object.entries(b.sources)) {
    if (!['street', 'community', 'grid'].includes(level)) throw bad(`boundaries of level ${show(level)} (street, community or grid)`, `边界层级 ${show(level)} 无效（应为 street、community 或 grid）`);
    sources[level] = text(source, 300) ? source : 'boundaries';
  }
  return Object.keys(sources).length ? { geojson: b.geojson, sources } : null;
}

function checkStreets(st) {
  if (st == null) return null;
  if (!isObject(st) || typeof st.text !== 'string' || !isObject(st.options)) throw bad('streets should be {text, options}', '路网应为 {text, options}');
  const format = st.options.format ?? 'geojson';
  if (!['geojson', 'osm'].includes(format)) throw bad(`streets in format ${show(format)} (geojson or osm)`, `路网格式 ${show(format)} 无效（应为 geojson 或 osm）`);
  const options = { format, crs: text(st.options.crs, 20) ? st.options.crs : 'wgs84', source: text(st.options.source, 300) ? st.options.source : 'streets' };
  // How residents and stations join the streets: the engine's defaults when left out.
  const { snap_m: snap, min_piece_pct: piece } = st.options;
  if (snap !== undefined) {
    if (typeof snap !== 'number' || !(snap >= 1 && snap <= 5000)) throw bad(`streets snap_m ${show(snap)} (1 to 5000 metres)`, `路网吸附距离 snap_m ${show(snap)} 无效（应为 1 至 5000 米）`);
    options.snap_m = snap;
  }
  if (piece !== undefined) {
    if (typeof piece !== 'number' || !(piece >= 0 && piece <= 100)) throw bad(`streets min_piece_pct ${show(piece)} (0 to 100)`, `孤立路段门槛 min_piece_pct ${show(piece)} 无效（应为 0 至 100）`);
    options.min_piece_pct = piece;
  }
  return { text: st.text, options };
}

/** Bytes of base64 text, refusing anything else. */
export function fromBase64(b64) {
  if (typeof b64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw bad('residents data is not base64', '居民数据不是 base64 编码');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Base64 of bytes (in pieces: one string of a whole block would not fit the call stack). */
export function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function checkResidents(r, version, estimated) {
  if (r == null) return null;
  if (version === 1) {
    if (!isObject(r) || r.type !== 'FeatureCollection' || !Array.isArray(r.features)) throw bad('residents should be a GeoJSON FeatureCollection', '居民数据应为 GeoJSON FeatureCollection');
    return { format: 'geojson', data: JSON.stringify(r), name: 'project', estimated: finite(estimated) ? estimated : 0 };
  }
  if (!isObject(r) || r.format !== 'lifecircle-residents') throw bad('residents should be a Lifecircle residents block', '居民数据应为 Lifecircle 居民数据块');
  const data = r.data instanceof Uint8Array ? r.data : fromBase64(r.data);
  return { format: 'lifecircle-residents', data, name: text(r.name, 300) ? r.name : 'project', estimated: finite(r.estimated) ? r.estimated : 0 };
}

/** The map view, or null when it is not one (a bad view never fails an open). */
export function cleanView(v) {
  if (!isObject(v)) return null;
  const out = {};
  if (Array.isArray(v.center) && v.center.length === 2 && finite(v.center[0]) && finite(v.center[1]) && Math.abs(v.center[0]) <= 180 && Math.abs(v.center[1]) <= 85) out.center = [v.center[0], v.center[1]];
  if (finite(v.zoom) && v.zoom >= 0 && v.zoom <= 24) out.zoom = v.zoom;
  if (finite(v.bearing)) out.bearing = v.bearing % 360;
  if (finite(v.pitch) && v.pitch >= 0 && v.pitch <= 85) out.pitch = v.pitch;
  /** @type {Record<string, (x: any) => boolean>} */
  const fields = { kind: (x) => text(x, 200), display: (x) => text(x, 200), level: (x) => ['street', 'community', 'grid'].includes(x), lang: (x) => ['zh', 'en'].includes(x) };
  for (const [k, ok] of Object.entries(fields)) if (ok(v[k])) out[k] = v[k];
  if (out.zoom === undefined) delete out.center;
  return Object.keys(out).length ? out : null;
}

/** A layer: GeoJSON data, never an address. */
function cleanLayer(l) {
  return isObject(l) && l.type === 'FeatureCollection' && Array.isArray(l.features) ? l : null;
}

/** The data layers; `dropped` collects what was not data. */
export function cleanLayers(layers, dropped = []) {
  if (!isObject(layers)) return null;
  const out = {};
  for (const k of ['basemap', 'boundaries', 'user']) {
    if (layers[k] == null) { out[k] = null; continue; }
    out[k] = cleanLayer(layers[k]);
    if (!out[k]) dropped.push(k);
  }
  return out;
}

/**
 * A project object checked and made current: `{...the fields of PROJECT_VERSION, warnings}`.
 * Throws an Error saying what is wrong; nothing is built from a project that fails.
 */
export function checkProject(p) {
  if (!isObject(p) || p.format !== PROJECT_FORMAT) throw bad('not a Lifecircle project (format should be "lifecircle-project")', '不是 Lifecircle 项目文件（format 应为 "lifecircle-project"）');
  if (!Number.isSafeInteger(p.version) || p.version < 1) throw bad(`unknown version ${show(p.version)}`, `未知的版本 ${show(p.version)}`);
  if (p.version > PROJECT_VERSION) throw bad(`saved by a newer Lifecircle (project version ${p.version}); this app opens versions 1 to ${PROJECT_VERSION}: update the app`, `由更新版本的 Lifecircle 保存（项目版本 ${p.version}）；本程序可打开版本 1 至 ${PROJECT_VERSION}：请更新程序`);
  const kinds = checkKinds(p.kinds);
  const kindIds = new Set(kinds.map((k) => k.id));
  const stations = stationList(p.stations, kindIds, ['stations', '站点']);
  const { scenarios, maxId } = checkScenarios(p.scenarios, kindIds, stations);
  let next = Number.isSafeInteger(p.next_station_id) && p.next_station_id > 0 ? p.next_station_id : 1;
  for (const s of stations) if (s.id >= next) next = s.id + 1;
  if (maxId >= next) next = maxId + 1;
  const streets = checkStreets(p.streets);
  if (p.metric !== undefined && !['straight', 'network'].includes(p.metric)) throw bad(`metric ${show(p.metric)} (straight or network)`, `距离方式 ${show(p.metric)} 无效（应为 straight 或 network）`);
  if (p.metric === 'network' && !streets) throw bad('the walking metric needs the project\'s streets', '步行路网距离需要项目中的路网');
  const warnings = [];
  const dropped = [];
  const layers = cleanLayers(p.layers, dropped);
  if (dropped.length) warnings.push(say(`layers ${dropped.join(', ')} are not GeoJSON data and were left out`, `图层 ${dropped.join('、')} 不是 GeoJSON 数据，已略去`));
  const view = cleanView(p.view);
  if (p.view != null && !view) warnings.push(say('the saved map view was not valid and was left out', '保存的地图视图无效，已略去'));
  const dataset = isObject(p.dataset) && text(p.dataset.name, 300)
    ? { name: p.dataset.name, synthetic: p.dataset.synthetic === true, source: text(p.dataset.source, 50) ? p.dataset.source : 'project' }
    : { name: 'project', synthetic: false, source: 'project' };
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    saved_at: text(p.saved_at, 40) ? p.saved_at : null,
    dataset,
    kinds,
    residents: checkResidents(p.residents, p.version, p.residents_estimated),
    stations,
    next_station_id: next,
    streets,
    boundaries: checkBoundaries(p.boundaries),
    metric: p.metric ?? 'straight',
    scenarios,
    stations_source: text(p.stations_source, 300) ? p.stations_source : '',
    view,
    layers,
    warnings,
  };
}
