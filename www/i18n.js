// The page's words in Chinese (default) and English, and number formats for each.
const zh = {
  title: '生活圈 Lifecircle',
  subtitle: '社区服务设施步行覆盖分析 · 数据只在本机浏览器内计算，不上传',
  loading: '正在加载计算引擎…',
  synthetic: '合成数据',
  syntheticLong: '合成示例数据，非真实地点与人口',
  residentsLabel: (n, p) => `${n} 处住宅 · ${p} 人`,
  estimated: (n, a) => `其中 ${n} 处人口为估算（占地面积 × 层数 ÷ ${a} m²/人，缺层数按 6 层）`,
  importResidents: '导入居民',
  importStations: '导入站点',
  importProject: '打开项目',
  importBasemap: '导入底图图层',
  crs: '坐标系',
  exportCsv: '导出报表 CSV',
  exportGeojson: '导出 GeoJSON',
  exportStationsGeojson: '站点 GeoJSON',
  exportResidentsGeojson: '居民 GeoJSON',
  exportProject: '保存项目',
  undo: '撤销',
  redo: '重做',
  settings: '设置',
  kind: '设施类型',
  place: '放置站点',
  placing: '点击地图放置（Esc 退出）',
  radius: '服务半径',
  tiers: '生活圈',
  tier5: '5分钟 300 m',
  tier10: '10分钟 500 m',
  tier15: '15分钟 1000 m',
  coverage: '各类设施覆盖',
  colKind: '类型',
  colRadius: '半径',
  colStations: '站点',
  colCovered: '覆盖人口',
  colRatio: '覆盖率',
  completeness: '生活圈完整度（全部类型均覆盖）',
  completenessNone: '尚无站点',
  station: '选中站点',
  stationHint: '点击站点查看详情；拖动站点可移动，覆盖随之更新。',
  name: '名称',
  served: '服务人口',
  only: '仅由此站服务',
  coordinates: '坐标',
  remove: '删除站点',
  units: '分区覆盖',
  street: '街道',
  community: '社区',
  grid: '网格',
  unitName: '名称',
  population: '人口',
  noUnits: '数据中没有街道/社区/网格字段。',
  gaps: '未覆盖的最大住宅',
  gapsNone: '全部住宅均已覆盖。',
  people: '人',
  display: '着色依据',
  displayAll: '全部类型均覆盖',
  legendCovered: '已覆盖',
  legendUncovered: '未覆盖',
  legendRatio: '覆盖率',
  legendStations: '站点（圆为服务半径，椭球面测地线圆）',
  importDone: (what, n) => `已导入 ${n} 条${what}`,
  residentsWord: '居民记录',
  stationsWord: '站点',
  newKinds: (ks, r) => `新增类型：${ks}（默认半径 ${r} m，可用滑块调整）`,
  importFailed: '导入失败，当前数据未改变：',
  projectOpened: '项目已打开',
  reading: (p) => `读取文件… ${p}`,
  parsing: '解析与计算覆盖…',
  dropHere: '松开以导入文件',
  dropAs: (name) => `将 “${name}” 导入为：`,
  asResidents: '居民',
  asStations: '站点',
  asProject: '项目',
  asBasemap: '底图图层',
  cancel: '取消',
  basemapUrl: '在线底图瓦片地址（可选，如 OpenStreetMap 或天地图，含您的密钥）',
  basemapHint: '默认离线：应用不向本机以外发送任何请求。设置后地图会从该地址加载瓦片。',
  attribution: '底图版权说明',
  save: '保存',
  clear: '清除',
  undone: (what) => `已撤销：${what}`,
  redone: (what) => `已重做：${what}`,
  ops: { add: '放置站点', remove: '删除站点', move: '移动站点', rename: '重命名', radius: '修改半径', residents: '导入居民', stations: '导入站点', project: '打开项目' },
  metric: '直线距离（WGS-84 椭球面）',
  error: '出错了：',
  lang: 'English',
  confirmRemove: '删除',
  zoomTo: '定位',
  method: '半径依 GB 50180-2018：5分钟生活圈 300 m，10分钟 500 m，15分钟 1000 m；商圈 3 km。',
};

const en = {
  title: 'Lifecircle 生活圈',
  subtitle: 'Walking coverage of community services · computed in this browser, nothing is uploaded',
  loading: 'Loading the engine…',
  synthetic: 'synthetic data',
  syntheticLong: 'synthetic sample data, not real places or people',
  residentsLabel: (n, p) => `${n} residential points · ${p} people`,
  estimated: (n, a) => `${n} populations estimated (footprint × floors ÷ ${a} m² a person, 6 floors when unknown)`,
  importResidents: 'Import residents',
  importStations: 'Import stations',
  importProject: 'Open project',
  importBasemap: 'Import map layer',
  crs: 'Coordinates',
  exportCsv: 'Report CSV',
  exportGeojson: 'GeoJSON',
  exportStationsGeojson: 'Stations GeoJSON',
  exportResidentsGeojson: 'Residents GeoJSON',
  exportProject: 'Save project',
  undo: 'Undo',
  redo: 'Redo',
  settings: 'Settings',
  kind: 'Kind',
  place: 'Place station',
  placing: 'Click the map to place (Esc to stop)',
  radius: 'Walking radius',
  tiers: 'Life circle',
  tier5: '5 min 300 m',
  tier10: '10 min 500 m',
  tier15: '15 min 1000 m',
  coverage: 'Coverage by kind',
  colKind: 'Kind',
  colRadius: 'Radius',
  colStations: 'Stations',
  colCovered: 'Covered',
  colRatio: 'Ratio',
  completeness: 'Life-circle completeness (covered by every kind)',
  completenessNone: 'no stations yet',
  station: 'Selected station',
  stationHint: 'Click a station for details; drag it to move and watch coverage update.',
  name: 'Name',
  served: 'Population served',
  only: 'Served only by it',
  coordinates: 'Coordinates',
  remove: 'Delete station',
  units: 'Coverage by area',
  street: 'Street',
  community: 'Community',
  grid: 'Grid',
  unitName: 'Name',
  population: 'Population',
  noUnits: 'The data has no street/community/grid fields.',
  gaps: 'Largest uncovered residences',
  gapsNone: 'Every residence is covered.',
  people: 'people',
  display: 'Colour by',
  displayAll: 'covered by every kind',
  legendCovered: 'covered',
  legendUncovered: 'not covered',
  legendRatio: 'coverage',
  legendStations: 'stations (circle: walking radius, geodesic on WGS-84)',
  importDone: (what, n) => `Imported ${n} ${what}`,
  residentsWord: 'resident records',
  stationsWord: 'stations',
  newKinds: (ks, r) => `New kinds: ${ks} (radius ${r} m, adjust with the slider)`,
  importFailed: 'Import failed, nothing changed: ',
  projectOpened: 'Project opened',
  reading: (p) => `Reading file… ${p}`,
  parsing: 'Parsing and computing coverage…',
  dropHere: 'Drop to import',
  dropAs: (name) => `Import “${name}” as:`,
  asResidents: 'Residents',
  asStations: 'Stations',
  asProject: 'Project',
  asBasemap: 'Map layer',
  cancel: 'Cancel',
  basemapUrl: 'Online basemap tile URL (optional: OpenStreetMap, or Tianditu with your key)',
  basemapHint: 'Offline by default: the app requests nothing outside this machine. With a URL set, the map loads tiles from it.',
  attribution: 'Basemap attribution',
  save: 'Save',
  clear: 'Clear',
  undone: (what) => `Undone: ${what}`,
  redone: (what) => `Redone: ${what}`,
  ops: { add: 'place station', remove: 'delete station', move: 'move station', rename: 'rename', radius: 'change radius', residents: 'import residents', stations: 'import stations', project: 'open project' },
  metric: 'straight line (WGS-84 ellipsoid)',
  error: 'Error: ',
  lang: '中文',
  confirmRemove: 'Delete',
  zoomTo: 'Zoom',
  method: 'Radii after GB 50180-2018: 5-minute life circle 300 m, 10-minute 500 m, 15-minute 1000 m; commercial hubs 3 km.',
};

const dictionaries = { zh, en };
let lang = 'zh';

/** Sets the language ('zh' or 'en'). */
export function setLang(l) {
  lang = l === 'en' ? 'en' : 'zh';
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export function getLang() {
  return lang;
}

/** A word or a phrase function. */
export function t(key, ...args) {
  const v = dictionaries[lang][key] ?? zh[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
}

/** Fills every element with a `data-i18n` key (text only, never HTML). */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

const formats = {};
function fmt(kind) {
  const key = `${lang}:${kind}`;
  if (!formats[key]) {
    const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
    formats[key] = kind === 'int'
      ? new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
      : new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }
  return formats[key];
}

export const int = (v) => fmt('int').format(v);
export const pct = (v) => fmt('pct').format(v);

/** A kind's label in the current language. */
export function kindLabel(k) {
  return lang === 'en' ? (k.label_en || k.label) : k.label;
}
