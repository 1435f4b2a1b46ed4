// The option objects the package's functions take and the results they give, as TypeScript. Kept
// beside the facade that (de)serialises them and checked against it in tests/js/types.test.mjs:
// every option interface has exactly the keys the facade accepts, and real results, typed as
// these interfaces, compile with no missing and no undeclared field.

/** A file's text, or its bytes (UTF-8, GBK or UTF-16 text; .xlsx/.xls; a zipped Shapefile). */
export type FileInput = string | Uint8Array | ArrayBuffer;
/** A coordinate system: `wgs84` (also CGCS2000 geographic), `gcj02`, `bd09`, or `epsg:NNNN`. */
export type CrsName = string;
/** How distance is measured: straight line, or walking along the streets. */
export type Metric = 'straight' | 'network';
/** A level of the admin hierarchy: 街道 street, 社区 community, 网格 grid. */
export type Level = 'street' | 'community' | 'grid';
/** The language of messages and exported names. */
export type Lang = 'zh' | 'en';

/** How `loadResidents`, `loadStations`, `appendStations` and `stationKinds` read a file. */
export interface LoadOptions {
  /** `auto` (by content), `csv` (also tsv/txt), `geojson` (also json). */
  format?: 'auto' | 'csv' | 'tsv' | 'txt' | 'geojson' | 'json' | '' | null;
  crs?: CrsName | null;
  /** Persons per household when the file gives 户数 (households). */
  persons_per_household?: number | null;
  /** Stations: the kind of rows without a kind. */
  kind?: string | null;
  /** The file's name, for messages. */
  source?: string | null;
  /** Square metres per person when population is estimated from building footprint × floors. */
  floor_area_per_person?: number | null;
  /** Floors of a building that does not say. */
  default_levels?: number | null;
  /** Stations: radius of kinds the plan does not know (added as new kinds); refused when absent. */
  new_kind_radius_m?: number | null;
  /** Refuse a file with more rows. */
  max_rows?: number | null;
  /** Stations: kind names of the file read as other kinds, `{小卖部: "便民商业"}`. */
  kind_map?: Record<string, string>;
  /** A workbook's sheet (the first when absent). */
  sheet?: string | null;
}

/** `setKind`: adds a kind or changes one; absent keys stay as they are. */
export interface KindOptions {
  /** Id, label or alias (a new id adds a kind). */
  kind: string;
  label?: string | null;
  label_en?: string | null;
  radius_m?: number | null;
  /** A GB 50180-2018 tier instead of `radius_m`. */
  tier?: '5min' | '10min' | '15min' | null;
  /** Walking minutes at `speed` instead of `radius_m` (without a speed, 5/10/15 are the tiers). */
  minutes?: number | null;
  /** Metres a second, or a walking-speed profile's id or name (`elderly`, `老年人`). */
  speed?: number | string | null;
  /** People one station can serve; null clears. */
  capacity?: number | null;
  /** The residents' column the kind serves (see `weightColumns`); null clears. */
  demand?: string | null;
  /** Whether life-circle completeness counts the kind. */
  counted?: boolean | null;
  /** Coverage target per unit: a share (0.85) or a percentage (`'85%'`); null clears. */
  target?: number | string | null;
}

/** A kind of service point as `kinds()` lists it. */
export interface Kind {
  id: string;
  label: string;
  label_en: string;
  radius_m: number;
  /** How far nearest-station distances are looked for (twice the radius). */
  horizon_m: number;
  stations: number;
  capacity: number | null;
  demand: string | null;
  counted: boolean;
  /** Coverage target per unit, a share; null without one. */
  target: number | null;
}

/** `addStation`'s argument. */
export interface StationSpec {
  kind: string;
  lon: number;
  lat: number;
  name?: string | null;
  crs?: CrsName | null;
}

/** A live station with its straight-line figures (`stations()`). */
export interface Station {
  id: number;
  kind: string;
  name: string;
  lon: number;
  lat: number;
  served_population: number;
  only_population: number;
}

/** A kind name a stations file uses (`stationKinds`), and the kind it would be read as. */
export interface StationKindName {
  name: string;
  stations: number;
  /** The plan's kind it names, or null when unknown. */
  kind: string | null;
  /** The most similar known kind, for a suggestion. */
  nearest: string | null;
  distance: number | null;
}

export interface CapacityFigures {
  per_station: number;
  within_capacity: number;
  over_capacity: number;
  not_reachable: number;
  stations_over: number;
}

export interface DemandFigures {
  column: string;
  total: number;
  covered: number;
  coverage_ratio: number;
}

/** How far residents are from the nearest station of a kind within its horizon (on foot when
 * walking): population-weighted lower percentiles — the smallest distance within which that share
 * of the population lives; null when the share is not reached within the horizon. */
export interface DistanceFigures {
  p50_m: number | null;
  p85_m: number | null;
  /** Population with no station of the kind within its horizon (or off the streets on foot). */
  beyond_horizon_population: number;
}

export interface KindFigures {
  kind: string;
  label: string;
  label_en: string;
  radius_m: number;
  horizon_m: number;
  stations: number;
  covered_population: number;
  coverage_ratio: number;
  capacity?: CapacityFigures;
  demand?: DemandFigures;
  /** In `summary()`, not in `summaryBrief()`. */
  distance?: DistanceFigures;
  /** Gaussian 2SFCA supply per 1,000 residents (demand-weighted mean; null without demand; the
   * full report only). */
  access_per_1000?: number | null;
  /** With a target: the share, whether the district meets it, the people still to reach (0 when
   * met), and the units below it per level (未达标). */
  target?: number;
  target_met?: boolean;
  shortfall_population?: number;
  units_below_target?: UnitsBelow;
}

/** Units below a kind's target, per level. */
export interface UnitsBelow {
  street: number;
  community: number;
  grid: number;
}

/** Life-circle completeness: residents covered by every counted kind. */
export interface AllKindsFigures {
  kinds: string[];
  /** Counted kinds without a station (nobody is complete while one is missing). */
  missing: string[];
  /** Kinds left out of completeness. */
  excluded: string[];
  covered_population: number;
  coverage_ratio: number;
}

export interface UnitKindFigures {
  kind: string;
  covered_population: number;
  coverage_ratio: number;
  /** In `summary()`. */
  distance?: DistanceFigures;
  /** Gaussian 2SFCA supply per 1,000 residents (demand-weighted mean; null without demand; the
   * full report only). */
  access_per_1000?: number | null;
  /** With a target (and people in the unit): whether the unit meets it, and the people still to
   * reach (0 when met). */
  target_met?: boolean;
  shortfall_population?: number;
}

export interface UnitFigures {
  level: Level;
  /** Path id, e.g. `梅园新村街道/长江路社区`. */
  id: string;
  name: string;
  total_population: number;
  kinds: UnitKindFigures[];
  all_kinds: { covered_population: number; coverage_ratio: number };
}

/** A station in the summary: as `stations()` gives it, under the summary's metric. */
export type StationFigures = Station;

/** A level whose units came from boundary polygons. */
export interface BoundaryFigures {
  level: Level;
  units_from: 'polygons';
  source: string;
  polygons: number;
}

/** Residents of a level that no boundary polygon holds. */
export interface Unassigned {
  level: Level;
  residents: number;
  population: number;
}

export interface PiecesSummary {
  pieces: number;
  joined_pieces: number;
  isolated_street_m: number;
  street_m: number;
  min_piece_pct: number;
}

export interface UnreachableStation {
  id: number;
  name: string;
  kind: string;
  lon: number;
  lat: number;
  nearest_street_m: number | null;
  isolated_piece_m: number | null;
}

/** What only the walking metric has: the network, who it does not reach, detours. */
export interface NetworkExtras {
  nodes: number;
  edges: number;
  unreachable_residents: number;
  unreachable_population: number;
  snap_m: number;
  pieces: PiecesSummary;
  unreachable_stations: UnreachableStation[];
  kinds: { kind: string; mean_detour_ratio: number; unreachable_stations: number }[];
  units: { id: string; mean_detour_ratio: number[]; unreachable_residents: number; unreachable_population: number }[];
}

/** `summary`'s options. */
export interface SummaryOptions {
  /** The distance percentiles of every kind and unit (default true; they sort every resident by
   * distance for each kind, tens of milliseconds at 200,000 residents). */
  distances?: boolean | null;
  /** The Gaussian 2SFCA supply per 1,000 residents of every kind and unit (default true; one
   * search per station). */
  access?: boolean | null;
}

/** What `summary()` and `summaryBrief()` both begin with. */
export interface SummaryHead {
  metric: Metric;
  residents: number;
  total_population: number;
  kinds: KindFigures[];
  all_kinds: AllKindsFigures;
}

/** Live stations' figures by id, one typed array each (`StationFigures` without kind and name). */
export interface StationColumns {
  id: Uint32Array;
  lon: Float64Array;
  lat: Float64Array;
  served: Float64Array;
  only: Float64Array;
}

/** `summaryBrief()`: what a live step needs — the kinds' figures, no units, the stations' as
 * columns. */
export interface SummaryBrief extends SummaryHead {
  stations: StationColumns;
}

/** `coverageChanges()`: residents (file order, ascending) whose coverage may have changed, and
 * per resident 1 when it is covered now, else 0. */
export interface CoverageChanges {
  indices: Uint32Array;
  values: Uint8Array;
}

/** `summary()`: the coverage report under the current metric. */
export interface Summary extends SummaryHead {
  stations: StationFigures[];
  units: UnitFigures[];
  /** Levels whose units came from boundary polygons (absent when none). */
  boundaries?: BoundaryFigures[];
  /** Residents no boundary polygon holds, per level (absent when none). */
  unassigned?: Unassigned[];
  /** When walking. */
  network?: NetworkExtras;
}

/** `loadStreets`' options. */
export interface StreetOptions {
  format?: 'geojson' | 'osm' | 'pbf' | null;
  crs?: CrsName | null;
  /** How far a resident or station may be from the streets to join them (metres). */
  snap_m?: number | null;
  /** Street pieces smaller than this share of the network are isolated (percent). */
  min_piece_pct?: number | null;
  source?: string | null;
}

export interface StreetsInfo {
  streets: number;
  walkable: number;
  nodes: number;
  edges: number;
}

export interface SnapRule {
  snap_m: number;
  min_piece_pct: number;
}

/** `setSnapRule`'s argument. */
export interface SnapOptions {
  snap_m?: number | null;
  min_piece_pct?: number | null;
}

/** A candidate site given by coordinates. */
export interface CandidateSite {
  lon: number;
  lat: number;
  id?: string | null;
  name?: string | null;
}

/** `suggest` and `sitingInput`: where to add stations of a kind. Give `count` or `target_ratio`. */
export interface SitingRequest {
  kind?: string | null;
  count?: number | null;
  target_ratio?: number | null;
  /** `grid` (default), `residents`, a list of sites, or a candidates file. */
  candidates?: 'grid' | 'residents' | CandidateSite[] | FileInput | null;
  spacing_m?: number | null;
  candidates_crs?: CrsName | null;
  /** A GeoJSON polygon (text or object) the new sites must lie in. */
  area?: string | object | null;
  area_crs?: CrsName | null;
  /** Coordinates of the answer. */
  crs?: CrsName | null;
}

export interface Suggestion {
  /** Index among the candidates. */
  candidate: number;
  id: string;
  name: string;
  lon: number;
  lat: number;
  /** Population it adds, in the order chosen. */
  gain_population: number;
}

/** The answer of `suggest` and `solveSiting`. */
export interface SuggestResult {
  kind: string;
  metric: Metric;
  demand?: string;
  radius_m: number;
  total_population: number;
  covered_before: number;
  covered_after: number;
  coverage_ratio_after: number;
  /** No choice of as many candidates covers more. */
  upper_bound: number;
  /** For a target: no fewer stations reach it. */
  min_stations_bound: number;
  /** For a count: the share of the best possible new coverage the answer may fall short of
   * (certified by `upper_bound`; 0 when exact, and for a target). */
  optimality_gap: number;
  target_reachable: boolean;
  max_reachable_population: number;
  method: string;
  covered_after_greedy: number;
  candidates: number;
  suggestions: Suggestion[];
}

/** What `sitingInput` hands over for `solveSiting` in another worker (typed arrays transfer). */
export interface SitingInput {
  kind: string;
  label: string;
  radius_m: number;
  demand: string | null;
  count?: number;
  target_ratio?: number;
  crs: CrsName;
  total: number;
  covered_before: number;
  coords: Float64Array;
  weight: Float64Array;
  candidates: Float64Array;
  candidate_ids: (string | null)[] | null;
  candidate_names: (string | null)[] | null;
  /** Walking cover sets: where each candidate's list starts in `cover_items`. */
  cover_start?: Float64Array;
  cover_items?: Uint32Array;
}

/** A station of the baseline, keyed by the caller's own id. */
export interface KeyedStation {
  key: number;
  kind: string;
  name?: string;
  lon: number;
  lat: number;
}

/** `setBaseline`'s argument (or null to clear it). */
export interface BaselineSpec {
  name?: string | null;
  stations?: KeyedStation[];
}

/** `compare`'s argument: the plan as a proposal against the baseline. */
export interface CompareSpec {
  name?: string | null;
  baseline_name?: string | null;
  /** `[engine station id, baseline key]` pairs of the same stations. */
  keys?: [number, number][];
}

export interface Delta {
  baseline: number;
  proposal: number;
  change: number;
}

export interface KindDelta {
  kind: string;
  label: string;
  label_en: string;
  radius_m: number;
  stations: Delta;
  covered_population: Delta;
  coverage_ratio: Delta;
  demand_covered?: Delta;
}

export interface StationChange {
  action: 'added' | 'moved' | 'removed' | 'renamed';
  kind: string;
  name: string;
  from: [number, number] | null;
  to: [number, number] | null;
  served_before: number;
  served_after: number;
  only_after: number;
}

export interface Comparison {
  baseline_name: string;
  proposal_name: string;
  kinds: KindDelta[];
  all_kinds: KindDelta;
  units: { level: Level; id: string; name: string; total_population: number; kinds: Delta[]; all_kinds: Delta }[];
  changes: StationChange[];
}

/** `workbook`'s options. */
export interface WorkbookOptions {
  lang?: Lang | null;
  title?: string | null;
  /** `YYYY-MM-DD`; today when absent. */
  date?: string | null;
  sources?: string[];
  crs?: CrsName | null;
  scenario?: string | null;
  floor_area_per_person?: number | null;
  compare?: CompareSpec | null;
  /** A `suggest` answer for this plan: the workbook's siting sheet (sites, bound, certified gap). */
  siting?: SuggestResult | null;
}

/** `loadBoundaries`' options. */
export interface BoundaryOptions {
  level: Level | '街道' | '社区' | '网格';
  /** The property holding each polygon's name (else name, 名称, 社区…). */
  name_field?: string | null;
  crs?: CrsName | null;
  source?: string | null;
}

/** What `loadBoundaries` did. */
export interface BoundaryLoad {
  level: Level;
  source: string;
  polygons: number;
  unassigned: Unassigned;
}

/** A row of the facility standards table (`facilityStandards`, `readFacilityStandards`). */
export interface FacilityStandard {
  id: string;
  label: string;
  label_en: string;
  /** 15分钟, 10分钟, 5分钟, 居住街坊, or empty. */
  level: string;
  distance_m: number | null;
  minutes: number | null;
  /** The source clause. */
  source: string;
  /** 已核对, or 参考值，请核对. */
  status: string;
  checked: boolean;
  note: string;
  /** The radius a kind added from the row takes (null: none is given; ask the planner). */
  radius_m: number | null;
}

/** `readFacilityStandards`' options. */
export interface StandardsOptions {
  source?: string | null;
  sheet?: string | null;
}

/** `disaggregate`'s options. */
export interface DisaggregateOptions {
  totals_source?: string | null;
  /** The Excel sheet of the totals (default: the first). */
  sheet?: string | null;
  buildings_source?: string | null;
  /** Community polygons placing each building (else the buildings' own 社区 property). */
  communities?: FileInput | null;
  communities_source?: string | null;
  /** The polygons' property holding the community name. */
  name_field?: string | null;
  /** Floors of a building that does not give its own (default 6). */
  default_floors?: number | null;
  crs?: string | null;
  format?: 'geojson' | 'csv' | null;
  /** Property names: `zh` (default) or `en`. */
  lang?: 'zh' | 'en' | null;
}

/** A community of the totals and what it got. */
export interface CommunitySpread {
  community: string;
  street: string | null;
  total: number;
  buildings: number;
  floor_area_m2: number;
}

/** What `disaggregate` did. */
export interface SpreadReport {
  communities: CommunitySpread[];
  /** Communities with no building: their people are on no building. */
  without_buildings: CommunitySpread[];
  /** Buildings in no community. */
  outside_buildings: number;
  /** Buildings whose community the totals do not list: `[name, count]`. */
  unknown_communities: [string, number][];
  /** Buildings whose floors were not given, and the floors assumed for them. */
  default_floors: number;
  floors_assumed: number;
}

/** `disaggregate`'s answer: the buildings as a residents file, how many, and the report. */
export interface Disaggregation {
  text: string;
  buildings: number;
  report: SpreadReport;
}

/** A unit of the admin hierarchy (`units()`). */
export interface AdminUnit {
  level: Level;
  id: string;
  name: string;
}

/** `crsInfo`: a coordinate system by name or EPSG code. */
export interface CrsInfo {
  name: CrsName;
  title: string;
  projected: boolean;
}

/** A walking-speed profile (`walkingSpeeds()`), from the repository's data/walking-speeds.csv. */
export interface SpeedProfile {
  id: string;
  label: string;
  label_en: string;
  aliases: string[];
  speed_m_s: number;
  /** Where the value comes from. */
  source: string;
  /** `已核对 checked`, or `参考值，请核对 …` where the value could not be checked. */
  status: string;
  /** The status says it was checked. */
  checked: boolean;
}

/** A GB 50180-2018 life-circle tier. */
export interface LifeCircleTier {
  id: string;
  label: string;
  minutes: number;
  radius_m: number;
}

/** `demoFiles`' options. */
export interface DemoOptions {
  seed?: number | null;
  residents?: number | null;
  stations?: number | null;
}

/** The synthetic demo district's files. */
export interface DemoFiles {
  name: string;
  synthetic: boolean;
  residents: string;
  stations: string;
  boundaries: string;
  basemap: string;
}

/** An OpenStreetMap station rule: POIs matching `tag` become stations of `kind` ('' : none). */
export interface StationRule {
  tag: string;
  kind: string;
}

/** `osmStationRules()`: the default rules and the categories a rule may name. */
export interface OsmStationRules {
  rules: StationRule[];
  categories: { id: string; zh: string; en: string; matches: string }[];
}

/** `osmRuleCounts`' options. */
export interface RuleCountsOptions {
  rules?: StationRule[];
}

/** How many POIs a rule takes, with up to three names. */
export interface RuleTake {
  taken: number;
  examples: string[];
}

/** `importOsm`'s options. */
export interface ImportOsmOptions {
  floor_area_per_person?: number | null;
  default_levels?: number | null;
  floor_ratio?: number | null;
  station_rules?: StationRule[];
  default_station_rules?: boolean | null;
}

/** An OpenStreetMap file as the layers the planner loads (GeoJSON texts) and their counts. */
export interface OsmLayers {
  residents: string;
  stations: string;
  pois: string;
  streets: string;
  counts: { streets: number; walkable: number; buildings: number; residents: number; stations: number; pois: number };
}

/** One file of a Shapefile given one by one (`packShapefile`). */
export interface ShapefilePart {
  name: string;
  bytes: Uint8Array;
}
