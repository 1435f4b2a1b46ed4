//! Command-line parsing and the `coverage`, `suggest` and `demo` commands.

use lifecircle::demo::{generate, DemoConfig};
use lifecircle::export::Lang;
use lifecircle::import::{
    read_residents, read_sites, read_stations, ImportOptions, DEFAULT_PERSONS_PER_HOUSEHOLD,
};
use lifecircle::kinds::parse_radius;
use lifecircle::network;
use lifecircle::siting::{self, Candidate, Goal};
use lifecircle::{scenario, workbook};
use lifecircle::{Crs, Planner, Summary};
use std::path::{Path, PathBuf};

/// A failed run: one line for stderr and the exit code (2 for bad input or usage).
pub struct Failure {
    pub message: String,
    pub code: i32,
}

fn fail(message: impl Into<String>) -> Failure {
    Failure {
        message: message.into(),
        code: 2,
    }
}

const USAGE: &str = "usage:
  lifecircle coverage --residents FILE --stations FILE [--radius KIND=METRES]... [--capacity KIND=PEOPLE]...
                      [--demand KIND=COLUMN]... [--crs wgs84|gcj02|bd09]
                      [--streets FILE --metric straight|network [--snap METRES]]
                      [--persons-per-household N] [--format json|csv] [--out FILE]
                      [--residents-out FILE.geojson]
  lifecircle suggest --residents FILE --stations FILE --kind KIND (--count N | --target RATIO)
                     [--candidates FILE | --spacing METRES] [--area POLYGON.geojson]
                     [--radius KIND=METRES]... [--demand KIND=COLUMN]... [--crs …]
                     [--persons-per-household N] [--format json|csv] [--out FILE]
                     [--streets FILE --metric network [--snap METRES]]
  lifecircle report --residents FILE --stations FILE --out REPORT.xlsx [--proposal FILE [--proposal-name NAME]]
                    [--title TEXT] [--date YYYY-MM-DD] [--lang zh|en] [--radius/--capacity/--demand …]
                    [--crs …] [--streets FILE --metric network [--snap METRES]]
  lifecircle import-osm FILE.osm|FILE.osm.pbf --out DIR [--floor-area-per-person M2] [--default-levels N]
                        [--floor-ratio R] [--station-rule TAG=KIND]... [--default-station-rules yes|no]
  lifecircle demo --out DIR [--residents N] [--stations N] [--seed N]

  KIND is an id (red_bee_station), a Chinese label (红蜂驿站) or a new kind's name (全龄食堂=800).
  COLUMN is a numeric column of the residents file the kind serves instead of population (老年人口).
  A station rule makes POIs with TAG (key=value, key=*, or a category: community_service, post_courier,
  commercial_hub, canteen_food, school, clinic_health) stations of KIND (empty: not stations); rules
  given come before the defaults (community_service=党群服务站, post_courier=红蜂驿站, commercial_hub=商圈).
  A proposal FILE lists stations like a stations file: new ones, or with an 操作 (action) column
  迁移 (move: the baseline station of that kind and name goes to the row's place) or 撤销 (withdraw it).
  METRES may be a number (800, 1.5km) or a GB 50180-2018 tier (5min, 10min, 15min).";

/// Options and flags after the command name.
struct Args {
    pairs: Vec<(String, String)>,
}

impl Args {
    fn parse(args: &[String], flags_with_values: &[&str]) -> Result<Args, Failure> {
        let mut pairs = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let (key, inline) = match a.split_once('=') {
                Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
                _ => (a.clone(), None),
            };
            if !flags_with_values.contains(&key.as_str()) {
                return Err(fail(format!("unknown option '{a}'\n{USAGE}")));
            }
            let value = match inline {
                Some(v) => v,
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| fail(format!("option {key} needs a value")))?,
            };
            pairs.push((key, value));
        }
        Ok(Args { pairs })
    }

    fn one(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn required(&self, key: &str) -> Result<&str, Failure> {
        self.one(key)
            .ok_or_else(|| fail(format!("missing {key}\n{USAGE}")))
    }
}

/// Runs the command line.
pub fn run(args: &[String]) -> Result<(), Failure> {
    match args.first().map(String::as_str) {
        Some("coverage") => coverage(&args[1..]),
        Some("suggest") => suggest(&args[1..]),
        Some("report") => report(&args[1..]),
        Some("demo") => demo(&args[1..]),
        Some("import-osm") => import_osm(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(fail(format!("unknown command '{other}'\n{USAGE}"))),
    }
}

fn read_file(path: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| fail(format!("cannot read {path}: {e}")))
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

const LOAD_FLAGS: [&str; 7] = [
    "--residents",
    "--stations",
    "--radius",
    "--capacity",
    "--demand",
    "--crs",
    "--persons-per-household",
];

/// A `KIND=VALUE` option of an existing kind: the kind and the value as given.
fn kind_setting<'a>(
    plan: &Planner,
    flag: &str,
    spec: &'a str,
    expected: &str,
) -> Result<(lifecircle::kinds::KindIndex, &'a str), Failure> {
    let (kind, value) = spec
        .split_once('=')
        .ok_or_else(|| fail(format!("{flag} '{spec}' should be KIND={expected}")))?;
    let k = plan
        .kind_index(kind.trim())
        .map_err(|e| fail(format!("{flag} {spec}: {e}")))?;
    Ok((k, value))
}

/// The plan the load flags describe, and the coordinate system of the files.
/// Also returns how many residents' population was estimated from buildings.
fn load_plan(a: &Args) -> Result<(Planner, Crs, ImportOptions, usize), Failure> {
    let crs: Crs = a
        .one("--crs")
        .unwrap_or("wgs84")
        .parse()
        .map_err(|e: lifecircle::crs::UnknownCrs| fail(e.to_string()))?;
    let pph = match a.one("--persons-per-household") {
        Some(v) => v
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0)
            .ok_or_else(|| {
                fail(format!(
                    "--persons-per-household '{v}' must be a positive number"
                ))
            })?,
        None => DEFAULT_PERSONS_PER_HOUSEHOLD,
    };
    let mut plan = Planner::new();
    for spec in a.all("--radius") {
        let (kind, metres) = spec.split_once('=').ok_or_else(|| {
            fail(format!(
                "--radius '{spec}' should be KIND=METRES, e.g. 红蜂驿站=800"
            ))
        })?;
        let r = parse_radius(metres).map_err(|e| fail(format!("--radius {spec}: {e}")))?;
        plan.set_kind(kind.trim(), None, None, r)
            .map_err(|e| fail(format!("--radius {spec}: {e}")))?;
    }
    for spec in a.all("--capacity") {
        let (k, people) = kind_setting(&plan, "--capacity", spec, "PEOPLE, e.g. 全龄食堂=300")?;
        let c = people
            .trim()
            .parse::<f64>()
            .map_err(|_| fail(format!("--capacity {spec}: '{people}' is not a number")))?;
        plan.set_capacity(k, Some(c))
            .map_err(|e| fail(format!("--capacity {spec}: {e}")))?;
    }
    let residents_path = a.required("--residents")?;
    let stations_path = a.required("--stations")?;
    let base = ImportOptions {
        crs,
        persons_per_household: pph,
        ..Default::default()
    };
    let opts = |path: &str| ImportOptions {
        source: Some(file_name(path)),
        ..base.clone()
    };
    let residents = read_residents(&read_file(residents_path)?, &opts(residents_path))
        .map_err(|e| fail(e.to_string()))?;
    let stations = read_stations(
        &read_file(stations_path)?,
        &opts(stations_path),
        plan.kinds(),
    )
    .map_err(|e| fail(e.to_string()))?;
    let estimated = residents.estimated;
    plan.load_residents(residents);
    plan.load_stations(&stations);
    for spec in a.all("--demand") {
        let (k, column) = kind_setting(&plan, "--demand", spec, "COLUMN, e.g. 全龄食堂=老年人口")?;
        plan.set_demand(k, Some(column.trim()))
            .map_err(|e| fail(format!("--demand {spec}: {e}")))?;
    }
    Ok((plan, crs, base, estimated))
}

/// `--format`: json (default) or csv.
fn output_format(a: &Args) -> Result<&str, Failure> {
    let format = a.one("--format").unwrap_or("json");
    if matches!(format, "json" | "csv") {
        Ok(format)
    } else {
        Err(fail(format!(
            "unknown --format '{format}': use json or csv"
        )))
    }
}

fn write_out(a: &Args, text: String) -> Result<(), Failure> {
    match a.one("--out") {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| fail(format!("cannot write {path}: {e}")))
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn suggest(args: &[String]) -> Result<(), Failure> {
    let mut flags = LOAD_FLAGS.to_vec();
    flags.extend([
        "--kind",
        "--count",
        "--target",
        "--candidates",
        "--spacing",
        "--area",
        "--format",
        "--out",
        "--streets",
        "--metric",
        "--snap",
    ]);
    let a = Args::parse(args, &flags)?;
    let format = output_format(&a)?;
    let (plan, crs, base, _) = load_plan(&a)?;
    let net = network_for(&a, &plan, crs)?;
    let area = match a.one("--area") {
        Some(path) => {
            let bytes = read_file(path)?;
            let text = lifecircle::import::text::decode(&bytes)
                .map_err(|e| fail(e.in_source(&file_name(path)).to_string()))?;
            Some(
                lifecircle::import::read_area(&text, crs)
                    .map_err(|e| fail(e.in_source(&file_name(path)).to_string()))?,
            )
        }
        None => None,
    };
    let kind_name = a.required("--kind")?;
    let kind = plan
        .kind_index(kind_name)
        .map_err(|e| fail(format!("--kind: {e}")))?;
    let goal = match (a.one("--count"), a.one("--target")) {
        (Some(n), None) => Goal::Count(
            n.parse()
                .map_err(|_| fail(format!("--count '{n}' must be a whole number, e.g. 5")))?,
        ),
        (None, Some(t)) => {
            let v = match t.strip_suffix('%') {
                Some(p) => p.trim().parse::<f64>().map(|v| v / 100.0),
                None => t.parse::<f64>(),
            }
            .map_err(|_| fail(format!("--target '{t}' must be a ratio like 0.95 or 95%")))?;
            Goal::Target(v)
        }
        _ => {
            return Err(fail(format!(
                "give one of --count N or --target RATIO\n{USAGE}"
            )))
        }
    };
    let candidates: Vec<Candidate> = match a.one("--candidates") {
        Some(path) => {
            if a.one("--spacing").is_some() {
                return Err(fail("give --candidates FILE or --spacing METRES, not both"));
            }
            let opts = ImportOptions {
                source: Some(file_name(path)),
                ..base
            };
            let sites = read_sites(&read_file(path)?, &opts)
                .map_err(|e| fail(e.to_string()))?
                .into_iter()
                .map(Candidate::from)
                .collect();
            match &area {
                Some(area) => siting::keep_inside(sites, area),
                None => sites,
            }
        }
        None => {
            let radius = plan.kinds().get(kind).radius_m;
            let spacing = match a.one("--spacing") {
                Some(s) => parse_radius(s).map_err(|e| fail(format!("--spacing {s}: {e}")))?,
                None => siting::default_spacing(radius),
            };
            match &area {
                Some(area) => siting::grid_in_area(area, spacing),
                None => siting::grid_candidates(&plan, spacing),
            }
            .map_err(|e| fail(e.to_string()))?
        }
    };
    let mut result = match &net {
        Some(net) => network::suggest_on_foot(&plan, net, kind, &candidates, goal),
        None => siting::suggest(&plan, kind, &candidates, goal),
    }
    .map_err(|e| fail(e.to_string()))?;
    for s in &mut result.suggestions {
        (s.lon, s.lat) = crs.from_wgs84(s.lon, s.lat);
    }
    let text = if format == "json" {
        serde_json::to_string_pretty(&result).map_err(|e| fail(e.to_string()))? + "\n"
    } else {
        let mut out = String::from("\u{feff}id,name,lon,lat,gain_population\n");
        for s in &result.suggestions {
            out += &format!(
                "{},{},{},{},{}\n",
                csv_field(&s.id),
                csv_field(&s.name),
                s.lon,
                s.lat,
                s.gain_population
            );
        }
        out
    };
    write_out(&a, text)
}

fn coverage(args: &[String]) -> Result<(), Failure> {
    let mut flags = LOAD_FLAGS.to_vec();
    flags.extend([
        "--format",
        "--out",
        "--streets",
        "--metric",
        "--snap",
        "--residents-out",
    ]);
    let a = Args::parse(args, &flags)?;
    let format = output_format(&a)?;
    let (plan, crs, _, _) = load_plan(&a)?;
    let net = network_for(&a, &plan, crs)?;
    let (summary, extras) = figures(&plan, net.as_ref());
    if let Some(path) = a.one("--residents-out") {
        let text = match &net {
            Some(net) => net.residents_geojson(&plan, crs),
            None => lifecircle::export::residents_geojson(&plan, crs),
        };
        std::fs::write(path, text).map_err(|e| fail(format!("cannot write {path}: {e}")))?;
    }
    let text = if format == "json" {
        let mut v = serde_json::to_value(&summary).map_err(|e| fail(e.to_string()))?;
        if let Some(x) = extras {
            v["network"] = serde_json::to_value(&x).map_err(|e| fail(e.to_string()))?;
        }
        serde_json::to_string_pretty(&v).map_err(|e| fail(e.to_string()))? + "\n"
    } else {
        summary_csv(&summary)
    };
    write_out(&a, text)
}

/// The walking network of `--metric network --streets FILE`, or None for straight lines.
fn network_for(
    a: &Args,
    plan: &Planner,
    crs: Crs,
) -> Result<Option<network::NetworkCoverage>, Failure> {
    match a.one("--metric").unwrap_or("straight") {
        "straight" => Ok(None),
        "network" => {
            let path = a.one("--streets").ok_or_else(|| {
                fail("--metric network needs --streets FILE (GeoJSON LineStrings or an .osm file)")
            })?;
            let snap = match a.one("--snap") {
                Some(v) => parse_radius(v).map_err(|e| fail(format!("--snap {v}: {e}")))?,
                None => network::DEFAULT_SNAP_M,
            };
            let lines = read_street_file(path, crs)?;
            Ok(Some(network::NetworkCoverage::new(
                plan,
                network::StreetGraph::from_lines(&lines),
                snap,
            )))
        }
        other => Err(fail(format!(
            "unknown --metric '{other}': use straight or network"
        ))),
    }
}

/// A plan's figures: straight-line, or on the walking network when there is one.
fn figures(
    plan: &Planner,
    net: Option<&network::NetworkCoverage>,
) -> (Summary, Option<network::NetworkExtras>) {
    match net {
        None => (plan.summary(), None),
        Some(net) => {
            let (s, x) = network::network_summary(plan, net);
            (s, Some(x))
        }
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn file_stem(path: &str, default: &str) -> String {
    Path::new(path)
        .file_stem()
        .map_or(default.into(), |s| s.to_string_lossy().into_owned())
}

/// `lifecircle report`: the coverage workbook (.xlsx), with a proposal compared to the baseline.
fn report(args: &[String]) -> Result<(), Failure> {
    let mut flags = LOAD_FLAGS.to_vec();
    flags.extend([
        "--proposal",
        "--proposal-name",
        "--title",
        "--date",
        "--lang",
        "--out",
        "--streets",
        "--metric",
        "--snap",
    ]);
    let a = Args::parse(args, &flags)?;
    let out = a.required("--out")?;
    let lang: Lang = a.one("--lang").unwrap_or("zh").parse().map_err(fail)?;
    let (plan, crs, base, estimated) = load_plan(&a)?;
    let net = network_for(&a, &plan, crs)?;
    let (base_summary, _) = figures(&plan, net.as_ref());
    let baseline_name = match lang {
        Lang::Zh => "现状",
        Lang::En => "Baseline",
    };
    let residents_path = a.required("--residents")?;
    let mut sources = vec![
        file_name(residents_path),
        file_name(a.required("--stations")?),
    ];
    let proposal = match a.one("--proposal") {
        Some(path) => {
            sources.push(file_name(path));
            let opts = ImportOptions {
                source: Some(file_name(path)),
                ..base.clone()
            };
            let edits = scenario::read_proposal(&read_file(path)?, &opts, &plan)
                .map_err(|e| fail(e.to_string()))?;
            let prop = scenario::apply(&plan, &edits).map_err(|e| fail(format!("{path}: {e}")))?;
            let (prop_summary, _) = figures(&prop, net.as_ref());
            let name = a
                .one("--proposal-name")
                .map_or_else(|| file_stem(path, "proposal"), str::to_string);
            let comparison = scenario::compare(
                (baseline_name, &name),
                &base_summary,
                &scenario::id_keys(&base_summary),
                &prop_summary,
                &scenario::id_keys(&prop_summary),
            );
            Some((prop, prop_summary, comparison, name))
        }
        None => None,
    };
    if let Some(streets) = a.one("--streets") {
        sources.push(file_name(streets));
    }
    let (reported, summary, comparison, scenario_name) = match &proposal {
        Some((p, s, c, n)) => (p, s, Some(c), n.as_str()),
        None => (&plan, &base_summary, None, baseline_name),
    };
    let residents = match &net {
        Some(net) => net.resident_kinds(reported),
        None => lifecircle::export::straight_residents(reported),
    };
    let meta = workbook::ReportMeta {
        title: a
            .one("--title")
            .map_or_else(|| file_stem(residents_path, "Lifecircle"), str::to_string),
        date: a.one("--date").map_or_else(today, str::to_string),
        sources,
        crs,
        scenario: scenario_name.to_string(),
        estimated,
        floor_area_per_person: base
            .floor_area_per_person
            .unwrap_or(lifecircle::import::DEFAULT_FLOOR_AREA_PER_PERSON),
        lang,
    };
    let bytes = workbook::workbook(&workbook::WorkbookInput {
        plan: reported,
        summary,
        residents: &residents,
        comparison,
        uncovered_limit: workbook::UNCOVERED_LIMIT,
        meta: &meta,
    })
    .map_err(|e| fail(format!("cannot make the workbook: {e}")))?;
    std::fs::write(out, bytes).map_err(|e| fail(format!("cannot write {out}: {e}")))
}

/// Streets from GeoJSON, or the highways of an `.osm` or `.osm.pbf` file.
fn read_street_file(path: &str, crs: Crs) -> Result<Vec<network::StreetLine>, Failure> {
    let bytes = read_file(path)?;
    if path.to_lowercase().ends_with(".pbf") {
        return Ok(network::import_osm_pbf(&bytes)
            .map_err(|e| fail(e.in_source(&file_name(path)).to_string()))?
            .streets
            .into_iter()
            .map(|s| s.line)
            .collect());
    }
    let text = lifecircle::import::text::decode(&bytes)
        .map_err(|e| fail(e.in_source(&file_name(path)).to_string()))?;
    let at = |e: lifecircle::ImportError| fail(e.in_source(&file_name(path)).to_string());
    if text.trim_start().starts_with('<') {
        Ok(network::import_osm_xml(&text)
            .map_err(at)?
            .streets
            .into_iter()
            .map(|s| s.line)
            .collect())
    } else {
        network::read_streets_geojson(&text, crs).map_err(at)
    }
}

fn import_osm(args: &[String]) -> Result<(), Failure> {
    let Some((file, rest)) = args.split_first().filter(|(f, _)| !f.starts_with("--")) else {
        return Err(fail(format!(
            "import-osm needs the .osm file first\n{USAGE}"
        )));
    };
    let a = Args::parse(
        rest,
        &[
            "--out",
            "--floor-area-per-person",
            "--default-levels",
            "--floor-ratio",
            "--station-rule",
            "--default-station-rules",
        ],
    )?;
    let dir = Path::new(a.required("--out")?);
    let number = |flag: &str, default: f64| -> Result<f64, Failure> {
        match a.one(flag) {
            None => Ok(default),
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x > 0.0)
                .ok_or_else(|| fail(format!("{flag} '{v}' must be a positive number"))),
        }
    };
    let d = network::ResidentEstimate::default();
    let est = network::ResidentEstimate {
        floor_area_per_person: number("--floor-area-per-person", d.floor_area_per_person)?,
        default_levels: number("--default-levels", d.default_levels)?,
        area_floor_ratio: number("--floor-ratio", d.area_floor_ratio)?,
    };
    let rules = a
        .all("--station-rule")
        .map(network::StationRule::parse)
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    let defaults = match a.one("--default-station-rules").unwrap_or("yes") {
        "yes" => true,
        "no" => false,
        other => {
            return Err(fail(format!(
                "--default-station-rules '{other}': use yes or no"
            )))
        }
    };
    let rules = network::StationRules::with_defaults(rules, defaults);
    let bytes = read_file(file)?;
    let imp = network::import_osm_with(&bytes, &rules)
        .map_err(|e| fail(e.in_source(&file_name(file)).to_string()))?;
    std::fs::create_dir_all(dir)
        .map_err(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
    let (residents, nr) = network::residents_geojson(&imp, &est);
    let (stations, ns) = network::pois_geojson(&imp, true);
    let (pois, np) = network::pois_geojson(&imp, false);
    for (name, body) in [
        ("residents.geojson", residents),
        ("stations.geojson", stations),
        ("pois.geojson", pois),
        ("streets.geojson", network::streets_geojson(&imp)),
    ] {
        let p = dir.join(name);
        std::fs::write(&p, body).map_err(|e| fail(format!("cannot write {}: {e}", p.display())))?;
    }
    let walkable = imp.streets.iter().filter(|s| s.line.walkable).count();
    eprintln!(
        "lifecircle: {} streets ({walkable} walkable), {} buildings → {nr} residents (estimated: {} m² a person, {} floors when unknown), {ns} stations (station rules), {np} POIs, to {}",
        imp.streets.len(),
        imp.buildings.len(),
        est.floor_area_per_person,
        est.default_levels,
        dir.display()
    );
    Ok(())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The report as one table (UTF-8 with BOM so that Excel shows the Chinese): a row per kind, plus
/// an `all_kinds` row, for the district and for every unit.
pub fn summary_csv(s: &Summary) -> String {
    let mut out = String::from("\u{feff}level,id,name,kind,label,radius_m,stations,total_population,covered_population,coverage_ratio\n");
    let mut row = |level: &str,
                   id: &str,
                   name: &str,
                   kind: &str,
                   label: &str,
                   radius: String,
                   stations: String,
                   total: f64,
                   covered: f64,
                   ratio: f64| {
        out += &format!(
            "{level},{},{},{},{},{radius},{stations},{total},{covered},{ratio:.6}\n",
            csv_field(id),
            csv_field(name),
            csv_field(kind),
            csv_field(label)
        );
    };
    for k in &s.kinds {
        row(
            "district",
            "",
            "",
            &k.kind,
            &k.label,
            k.radius_m.to_string(),
            k.stations.to_string(),
            s.total_population,
            k.covered_population,
            k.coverage_ratio,
        );
    }
    row(
        "district",
        "",
        "",
        "all_kinds",
        "全部类型",
        String::new(),
        String::new(),
        s.total_population,
        s.all_kinds.covered_population,
        s.all_kinds.coverage_ratio,
    );
    for u in &s.units {
        for (uk, k) in u.kinds.iter().zip(&s.kinds) {
            row(
                u.level.name(),
                &u.id,
                &u.name,
                &uk.kind,
                &k.label,
                k.radius_m.to_string(),
                String::new(),
                u.total_population,
                uk.covered_population,
                uk.coverage_ratio,
            );
        }
        row(
            u.level.name(),
            &u.id,
            &u.name,
            "all_kinds",
            "全部类型",
            String::new(),
            String::new(),
            u.total_population,
            u.all_kinds.covered_population,
            u.all_kinds.coverage_ratio,
        );
    }
    out
}

fn demo(args: &[String]) -> Result<(), Failure> {
    let a = Args::parse(args, &["--out", "--residents", "--stations", "--seed"])?;
    let num = |key: &str| -> Result<Option<u64>, Failure> {
        a.one(key)
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|_| fail(format!("{key} '{v}' must be a whole number")))
            })
            .transpose()
    };
    let cfg = DemoConfig {
        seed: num("--seed")?.unwrap_or(DemoConfig::default().seed),
        residents: num("--residents")?
            .map(|v| v as usize)
            .unwrap_or(DemoConfig::default().residents)
            .max(1),
        stations: num("--stations")?.map(|v| v as usize),
    };
    let dir = PathBuf::from(a.required("--out")?);
    std::fs::create_dir_all(&dir)
        .map_err(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
    let d = generate(&cfg);
    let kinds = lifecircle::KindTable::default();
    let write = |name: &str, text: String| {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| fail(format!("cannot write {}: {e}", p.display())))
    };
    write("residents.csv", d.residents_csv())?;
    write("stations.csv", d.stations_csv(&kinds))?;
    write("boundaries.geojson", d.boundaries_geojson())?;
    write("basemap.geojson", d.basemap_geojson())?;
    write(
        "README.txt",
        format!(
            "{}\nSYNTHETIC SAMPLE DATA — 合成示例数据，非真实地点与人口。\nGenerated by `lifecircle demo` (seed {}, {} residents, {} stations). Coordinates are WGS-84.\n",
            d.name,
            cfg.seed,
            d.residents.len(),
            d.stations.len()
        ),
    )?;
    eprintln!(
        "lifecircle: wrote {} residents and {} stations (synthetic) to {}",
        d.residents.len(),
        d.stations.len(),
        dir.display()
    );
    Ok(())
}
