//! The command line's arguments, declared with clap: one struct per subcommand, and the flags
//! they share (the plan's files and settings, the walking network). Values stay text here and are
//! checked where they are used, so that every message names the flag and the value.

use clap::{Args, Parser, Subcommand};

/// Lifecircle 生活圈: who lives within walking distance of each kind of community station, where
/// the gaps are, and where new stations would serve the most people.
#[derive(Parser, Debug)]
#[command(
    name = "lifecircle",
    version,
    args_override_self = true,
    after_help = NOTES
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Language of messages and of the workbook: zh or en (default: the locale's, LANG=zh_CN… →
    /// zh; the workbook is Chinese unless en is given; --residents-out has Chinese property
    /// names only when zh is given).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
}

/// How KIND, COLUMN and METRES are written (under the help of every command that takes them).
macro_rules! notes {
    () => {
        "KIND is an id (red_bee_station), a Chinese label (红蜂驿站) or a new kind's name (全龄食堂=800).
COLUMN is a numeric column of the residents file the kind serves instead of population (老年人口).
METRES may be a number (800, 1.5km), a GB 50180-2018 tier (5min, 10min, 15min), or walking time at a speed: 10min@1.0 (m/s) or 10min@elderly (profiles: adult/成人, elderly/老年人, wheelchair/轮椅, child/儿童; data/walking-speeds.csv)."
    };
}

/// [`notes!`] as a constant.
pub const NOTES: &str = notes!();

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Coverage report: per kind, life-circle completeness, per street/community/grid, per station.
    Coverage(CoverageArgs),
    /// Siting suggestions: where new stations of a kind cover the most people, or how few reach a
    /// target coverage.
    Suggest(SuggestArgs),
    /// The coverage workbook (.xlsx) a district office files, with a proposal compared to the
    /// baseline.
    Report(ReportArgs),
    /// Reads an OpenStreetMap file into residents (estimated from buildings), stations (by station
    /// rules), points of interest and streets, as GeoJSON.
    ImportOsm(ImportOsmArgs),
    /// Writes the synthetic demo district (合成数据).
    Demo(DemoArgs),
    /// Spreads community census totals (社区, 常住人口, other columns) over the buildings in
    /// proportion to floor area (footprint × floors), so that each community's buildings sum
    /// exactly to its totals: a residents file, estimated, with the basis on each building.
    Disaggregate(DisaggregateArgs),
}

/// `lifecircle disaggregate`.
#[derive(Args, Debug)]
pub struct DisaggregateArgs {
    /// The totals: CSV or Excel with 社区 and 常住人口 (or another population header); 街道 and
    /// every other numeric column (60岁以上…) are carried and spread too.
    #[arg(long, value_name = "FILE")]
    pub totals: String,
    /// The buildings: GeoJSON or zipped Shapefile footprints (or points with 占地面积), with 层数
    /// where known, or an OpenStreetMap file (its residential buildings).
    #[arg(long, value_name = "FILE")]
    pub buildings: String,
    /// Community polygons placing each building (else the buildings' own 社区 column).
    #[arg(long, value_name = "FILE")]
    pub communities: Option<String>,
    /// The polygons' property holding the community name (default: name, 名称, 社区…).
    #[arg(long, value_name = "FIELD")]
    pub name_field: Option<String>,
    /// Floors of a building whose floors are not given (default 6).
    #[arg(long, value_name = "N")]
    pub default_floors: Option<String>,
    /// Coordinate system of files without their own (.prj): wgs84, gcj02, bd09, EPSG:4549…
    #[arg(long, value_name = "CRS", default_value = "wgs84")]
    pub crs: String,
    /// The sheet of an Excel totals file (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Where to write the buildings as residents: .geojson or .csv.
    #[arg(long, value_name = "FILE")]
    pub out: String,
}

/// The plan: residents, stations, and the kinds' settings.
#[derive(Args, Debug)]
pub struct PlanArgs {
    /// Residents file (CSV, Excel .xlsx/.xls or GeoJSON): coordinates, population or households,
    /// street, community, grid, name.
    #[arg(long, value_name = "FILE")]
    pub residents: String,
    /// The residents workbook's sheet (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Stations file (CSV, Excel or GeoJSON): coordinates, kind, name. A header with no rows is a
    /// plan with no stations yet; `suggest` runs without one (the first stations of a district).
    #[arg(long, value_name = "FILE")]
    pub stations: Option<String>,
    /// The stations workbook's sheet (default: the first).
    #[arg(long, value_name = "NAME")]
    pub stations_sheet: Option<String>,
    /// Boundary polygons (GeoJSON or Shapefile) whose units the residents take by location,
    /// instead of their unit column; with --level (repeatable, in pairs).
    #[arg(long, value_name = "FILE")]
    pub boundaries: Vec<String>,
    /// The level of the --boundaries given just before: street, community or grid.
    #[arg(long, value_name = "LEVEL")]
    pub level: Vec<String>,
    /// The property holding a boundary's name (default: name, 名称, 社区, 社区名, 网格, …).
    #[arg(long, value_name = "FIELD")]
    pub name_field: Option<String>,
    /// A kind's walking radius, or a new kind (repeatable).
    #[arg(long, value_name = "KIND=METRES")]
    pub radius: Vec<String>,
    /// People one station of a kind can serve (repeatable).
    #[arg(long, value_name = "KIND=PEOPLE")]
    pub capacity: Vec<String>,
    /// The residents' column a kind serves instead of population (repeatable).
    #[arg(long, value_name = "KIND=COLUMN")]
    pub demand: Vec<String>,
    /// A kind's coverage target per unit, e.g. 党群服务站=85% (repeatable): units below it are
    /// reported 未达标 with the people still to reach.
    #[arg(long, value_name = "KIND=SHARE")]
    pub unit_target: Vec<String>,
    /// A kind left out of life-circle completeness (不计入生活圈; repeatable). Every other kind
    /// counts, with stations or not: a counted kind with no station makes completeness 0.
    #[arg(long, value_name = "KIND")]
    pub not_counted: Vec<String>,
    /// Coordinate system of the files (and of coordinates written): wgs84, gcj02 or bd09.
    #[arg(long, value_name = "CRS", default_value = "wgs84")]
    pub crs: String,
    /// Persons per household, for residents given as households (户数).
    #[arg(long, value_name = "N")]
    pub persons_per_household: Option<String>,
}

/// The walking network.
#[derive(Args, Debug)]
pub struct StreetArgs {
    /// Streets: GeoJSON LineStrings, or an .osm / .osm.pbf file's highways.
    #[arg(long, value_name = "FILE")]
    pub streets: Option<String>,
    /// Distance: straight (ellipsoidal straight line) or network (walking over --streets).
    #[arg(long, value_name = "METRIC", default_value = "straight")]
    pub metric: String,
    /// How far a resident or station may be from a street, metres (default 300).
    #[arg(long, value_name = "METRES")]
    pub snap: Option<String>,
    /// Pieces of the street network cut off from the rest are joined only when they hold at least
    /// this share of the street length (the largest piece always is), percent; 0 joins every
    /// piece (default 5).
    #[arg(long, value_name = "PCT")]
    pub min_piece: Option<String>,
}

/// `lifecircle coverage`.
#[derive(Args, Debug)]
#[command(after_help = NOTES)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub streets: StreetArgs,
    /// Output format: json or csv.
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    pub format: String,
    /// Write the report here instead of to standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Also write the residents with their coverage fields as GeoJSON, or as a zipped Shapefile
    /// when FILE ends in .zip (property names in English, or Chinese with --lang zh: 人口,
    /// 红蜂驿站_已覆盖…; coordinates in --crs).
    #[arg(long, value_name = "FILE.geojson|FILE.zip")]
    pub residents_out: Option<String>,
    /// Also write the stations with their served population as GeoJSON, or as a zipped Shapefile
    /// when FILE ends in .zip (as --residents-out).
    #[arg(long, value_name = "FILE.geojson|FILE.zip")]
    pub stations_out: Option<String>,
}

/// `lifecircle suggest`.
#[derive(Args, Debug)]
#[command(after_help = concat!(
    "Give --count N (stations to add) or --target RATIO (0.95 or 95%).\n\n",
    notes!()
))]
pub struct SuggestArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub streets: StreetArgs,
    /// The kind to site.
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// How many stations to add (maximal covering).
    #[arg(long, value_name = "N")]
    pub count: Option<String>,
    /// The coverage to reach with as few stations as possible (0.95 or 95%).
    #[arg(long, value_name = "RATIO")]
    pub target: Option<String>,
    /// Candidate sites (CSV or GeoJSON: coordinates, optional id and name).
    #[arg(long, value_name = "FILE")]
    pub candidates: Option<String>,
    /// Candidate grid spacing (default a quarter of the radius, 50–500 m).
    #[arg(long, value_name = "METRES")]
    pub spacing: Option<String>,
    /// Only candidates inside this GeoJSON polygon.
    #[arg(long, value_name = "POLYGON.geojson")]
    pub area: Option<String>,
    /// Output format: json or csv.
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    pub format: String,
    /// Write the answer here instead of to standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
}

/// `lifecircle report`.
#[derive(Args, Debug)]
#[command(after_help = concat!("\
A proposal FILE lists stations like a stations file: new ones, or with an 操作 (action) column
迁移 (move: the baseline station of that kind and name goes to the row's place) or 撤销 (withdraw it).

", notes!()))]
pub struct ReportArgs {
    #[command(flatten)]
    pub plan: PlanArgs,
    #[command(flatten)]
    pub streets: StreetArgs,
    /// The workbook to write (.xlsx).
    #[arg(long, value_name = "REPORT.xlsx")]
    pub out: String,
    /// A proposal compared with the baseline.
    #[arg(long, value_name = "FILE")]
    pub proposal: Option<String>,
    /// The proposal's name (default: its file name).
    #[arg(long, value_name = "NAME")]
    pub proposal_name: Option<String>,
    /// The report's title (default: the residents file's name).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// The report's date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// A siting answer of `lifecircle suggest --format json` for this plan: the workbook's siting
    /// sheet (the suggested sites, the bound and the certified gap).
    #[arg(long, value_name = "ANSWER.json")]
    pub siting: Option<String>,
}

/// `lifecircle import-osm`.
#[derive(Args, Debug)]
#[command(after_help = "\
A station rule makes POIs with TAG (key=value, key=*, key~text for a value containing the text, or
a category: community_service, post_courier, commercial_hub, daily_shopping, government, social_care,
canteen_food, school, clinic_health) stations of KIND (empty: not stations); first match wins. Rules
given come before the defaults (name~党群服务=党群服务站, name~社区服务中心=党群服务站, name~驿站=红蜂驿站,
name~食堂=全龄食堂, community_service=党群服务站, post_courier=红蜂驿站, commercial_hub=商圈;
daily_shopping, government and social_care are no stations).")]
pub struct ImportOsmArgs {
    /// The OpenStreetMap file (.osm XML or .osm.pbf).
    #[arg(value_name = "FILE.osm|FILE.osm.pbf")]
    pub file: String,
    /// The folder to write residents, stations, pois and streets GeoJSON to.
    #[arg(long, value_name = "DIR")]
    pub out: String,
    /// Floor area per person, m² (default 36.52: the 2020 census urban average).
    #[arg(long, value_name = "M2")]
    pub floor_area_per_person: Option<String>,
    /// Floors of a residential building without building:levels (default 6).
    #[arg(long, value_name = "N")]
    pub default_levels: Option<String>,
    /// Floor area ratio of a residential area without mapped buildings (default 1.8).
    #[arg(long, value_name = "R")]
    pub floor_ratio: Option<String>,
    /// POIs with TAG become stations of KIND (repeatable; before the defaults).
    #[arg(long, value_name = "TAG=KIND")]
    pub station_rule: Vec<String>,
    /// Whether the default rules follow yours: yes or no.
    #[arg(long, value_name = "yes|no", default_value = "yes")]
    pub default_station_rules: String,
}

/// `lifecircle demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// The folder to write the files to.
    #[arg(long, value_name = "DIR")]
    pub out: String,
    /// Residents (rows) to generate.
    #[arg(long, value_name = "N")]
    pub residents: Option<String>,
    /// Stations to generate (default: in proportion to the residents).
    #[arg(long, value_name = "N")]
    pub stations: Option<String>,
    /// Random seed.
    #[arg(long, value_name = "N")]
    pub seed: Option<String>,
}
