//! The session the plan and street flags describe: kinds' radii and capacities, the residents and
//! stations files, demand columns, and the walking network.

use super::args::{PlanArgs, StreetArgs};
use super::{fail, fail2, fail_l, file_name, loc, metres, read_file, read_table_file, Failure};
use lifecircle::admin::Level;
use lifecircle::import::{ImportOptions, DEFAULT_PERSONS_PER_HOUSEHOLD};
use lifecircle::kinds::parse_radius;
use lifecircle::network::{SnapRule, DEFAULT_MIN_PIECE_PCT, DEFAULT_SNAP_M};
use lifecircle::session::{FileData, KindSpec};
use lifecircle::{Crs, Metric, Session};

/// The session of the plan flags, the coordinate system of the files, and the options files are
/// read with. `need_stations`: whether a missing `--stations` is an error.
pub fn session(
    a: &PlanArgs,
    need_stations: bool,
) -> Result<(Session, Crs, ImportOptions), Failure> {
    if need_stations && a.stations.is_none() {
        return Err(fail2(
            "缺少 --stations 文件（尚无站点的方案，可用只有表头 经度,纬度,类型 的文件）",
            "missing --stations FILE (for a plan with no stations yet, a file with only the header 经度,纬度,类型)",
        ));
    }
    let crs: Crs = a
        .crs
        .parse()
        .map_err(|e: lifecircle::crs::UnknownCrs| fail_l(&e))?;
    let pph = match &a.persons_per_household {
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
    let mut session = Session::new();
    for spec in &a.radius {
        let (kind, metres) = spec.split_once('=').ok_or_else(|| {
            fail2(
                format!("--radius “{spec}”应写作 类型=米数，如 红蜂驿站=800"),
                format!("--radius '{spec}' should be KIND=METRES, e.g. 红蜂驿站=800"),
            )
        })?;
        let r = parse_radius(metres).map_err(|e| fail(format!("--radius {spec}: {}", loc(&e))))?;
        let kind = KindSpec {
            kind: kind.trim().to_string(),
            radius_m: Some(r),
            ..Default::default()
        };
        session
            .set_kind(kind)
            .map_err(|e| fail(format!("--radius {spec}: {}", loc(&e))))?;
    }
    for spec in &a.capacity {
        set_kind_option(
            &mut session,
            "--capacity",
            spec,
            "PEOPLE, e.g. 全龄食堂=300",
            |people| {
                let c = people.trim().parse::<f64>().map_err(|_| {
                    fail2(
                        format!("--capacity {spec}：“{people}”不是数字"),
                        format!("--capacity {spec}: '{people}' is not a number"),
                    )
                })?;
                Ok(KindSpec {
                    capacity: Some(Some(c)),
                    ..Default::default()
                })
            },
        )?;
    }
    for spec in &a.unit_target {
        set_kind_option(
            &mut session,
            "--unit-target",
            spec,
            "SHARE, e.g. 党群服务站=85%",
            |share| {
                let t = lifecircle::kinds::parse_target(share).ok_or_else(|| {
                    fail2(
                        format!("--unit-target {spec}：“{share}”不是比例（如 85% 或 0.85）"),
                        format!(
                            "--unit-target {spec}: '{share}' is not a share (e.g. 85% or 0.85)"
                        ),
                    )
                })?;
                Ok(KindSpec {
                    target: Some(Some(t)),
                    ..Default::default()
                })
            },
        )?;
    }
    let base = ImportOptions {
        crs,
        persons_per_household: pph,
        ..Default::default()
    };
    let opts = |path: &str, sheet: &Option<String>| ImportOptions {
        source: Some(file_name(path)),
        sheet: sheet.clone(),
        ..base.clone()
    };
    session
        .read_residents(
            read_table_file(&a.residents)?,
            &opts(&a.residents, &a.sheet),
        )
        .map_err(|e| fail_l(&e))?;
    if let Some(path) = &a.stations {
        let stations = FileData::Bytes(read_table_file(path)?);
        session
            .read_stations(&stations, &opts(path, &a.stations_sheet))
            .map_err(|e| fail_l(&e))?;
    }
    if a.boundaries.len() != a.level.len() {
        return Err(fail2(
            "每个 --boundaries 文件都要跟一个 --level（street、community 或 grid）",
            "each --boundaries file needs a --level (street, community or grid)",
        ));
    }
    for (path, level) in a.boundaries.iter().zip(&a.level) {
        let Some(level) = Level::from_name(level) else {
            return Err(fail2(
                format!("--level {level}：应为 street、community 或 grid"),
                format!("--level {level}: use street, community or grid"),
            ));
        };
        let b = lifecircle::boundaries::read_boundaries(
            &read_table_file(path)?,
            &opts(path, &None),
            level,
            a.name_field.as_deref(),
        )
        .map_err(|e| fail_l(&e))?;
        session.set_boundaries(b);
    }
    for spec in &a.demand {
        set_kind_option(
            &mut session,
            "--demand",
            spec,
            "COLUMN, e.g. 全龄食堂=老年人口",
            |column| {
                Ok(KindSpec {
                    demand: Some(Some(column.trim().to_string())),
                    ..Default::default()
                })
            },
        )?;
    }
    for kind in &a.not_counted {
        let k = session
            .kind(kind.trim())
            .map_err(|e| fail(format!("--not-counted {kind}: {}", loc(&e))))?;
        let id = session.plan().kinds().get(k).id.clone();
        session
            .set_kind(KindSpec {
                kind: id,
                counted: Some(false),
                ..Default::default()
            })
            .map_err(|e| fail(format!("--not-counted {kind}: {}", loc(&e))))?;
    }
    Ok((session, crs, base))
}

/// A `KIND=VALUE` option of an existing kind, applied: `settings` turns the value as given into
/// the kind's settings (its id is filled in here); an unknown kind or a refused setting names the
/// flag.
fn set_kind_option(
    session: &mut Session,
    flag: &str,
    spec: &str,
    expected: &str,
    settings: impl FnOnce(&str) -> Result<KindSpec, Failure>,
) -> Result<(), Failure> {
    let (kind, value) = spec
        .split_once('=')
        .ok_or_else(|| fail(format!("{flag} '{spec}' should be KIND={expected}")))?;
    let k = session
        .kind(kind.trim())
        .map_err(|e| fail(format!("{flag} {spec}: {}", loc(&e))))?;
    let mut s = settings(value)?;
    s.kind = session.plan().kinds().get(k).id.clone();
    session
        .set_kind(s)
        .map_err(|e| fail(format!("{flag} {spec}: {}", loc(&e))))
        .map(|_| ())
}

/// Loads `--streets` and walks when `--metric network`; straight lines otherwise.
pub fn walk(session: &mut Session, a: &StreetArgs, crs: Crs) -> Result<(), Failure> {
    let metric: Metric = a.metric.parse().map_err(|_| {
        fail(format!(
            "unknown --metric '{}': use straight or network",
            a.metric
        ))
    })?;
    if metric == Metric::Straight {
        return Ok(());
    }
    let path = a.streets.as_deref().ok_or_else(|| {
        fail2(
            "--metric network 需要 --streets 路网文件（GeoJSON 线或 .osm 文件）",
            "--metric network needs --streets FILE (GeoJSON LineStrings or an .osm file)",
        )
    })?;
    let snap = match &a.snap {
        Some(v) => metres("--snap", v, 1.0, 5_000.0)?,
        None => DEFAULT_SNAP_M,
    };
    let min_piece_pct = match &a.min_piece {
        Some(v) => v
            .trim()
            .trim_end_matches('%')
            .parse::<f64>()
            .ok()
            .filter(|p| (0.0..=100.0).contains(p))
            .ok_or_else(|| {
                fail2(
                    format!("--min-piece “{v}”须为 0 至 100 的百分比（如 5 或 5%）"),
                    format!("--min-piece '{v}' must be a percentage from 0 to 100 (e.g. 5 or 5%)"),
                )
            })?,
        None => DEFAULT_MIN_PIECE_PCT,
    };
    let rule = SnapRule {
        snap_m: snap,
        min_piece_pct,
    };
    let data = FileData::Bytes(read_file(path)?);
    session
        .read_streets(&data, None, Some(&file_name(path)), crs, rule)
        .map_err(|e| fail_l(&e))?;
    session.set_metric(Metric::Network).map_err(|e| fail_l(&e))
}
