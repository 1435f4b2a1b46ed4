//! `coverage`, `suggest` and `report`: a session from the flags, one question to it, the answer
//! written out.

use super::args::{CoverageArgs, ReportArgs, SuggestArgs};
use super::plan::{session, walk};
use super::{
    fail, fail2, fail_l, file_name, file_stem, loc, metres, read_file, today, write_file,
    write_out, Failure,
};
use lifecircle::export::{suggestions_csv, summary_table_csv, Lang};
use lifecircle::session::{Area, CandidateSource, Session, SessionError, SitingRequest};
use lifecircle::siting::Goal;
use lifecircle::workbook::ReportMeta;
use lifecircle::Crs;
use std::path::Path;

/// `--format`: json (default) or csv.
fn is_json(format: &str) -> Result<bool, Failure> {
    match format {
        "json" => Ok(true),
        "csv" => Ok(false),
        other => Err(fail2(
            format!("未知的 --format “{other}”：请用 json 或 csv"),
            format!("unknown --format '{other}': use json or csv"),
        )),
    }
}

fn pretty<T: serde::Serialize>(v: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(v)
        .map(|t| t + "\n")
        .map_err(|e| fail_l(&e))
}

/// `lifecircle coverage`: the report as JSON (with the network figures when walking) or CSV.
pub fn coverage(a: &CoverageArgs) -> Result<(), Failure> {
    let json = is_json(&a.format)?;
    let (mut s, crs, _) = session(&a.plan, true)?;
    walk(&mut s, &a.streets, crs)?;
    let (summary, extras) = s.summary().map_err(|e| fail_l(&e))?;
    // Property names in English unless --lang zh asks for Chinese (scripts read them).
    let lang = super::lang_given().unwrap_or(Lang::En);
    type Layer<T> = fn(&mut Session, Crs, Lang) -> Result<T, SessionError>;
    // A layer to FILE: a zipped Shapefile when it ends in .zip, else GeoJSON.
    let mut layer_out =
        |path: &Option<String>, shapefile: Layer<Vec<u8>>, geojson: Layer<String>| {
            let Some(path) = path else { return Ok(()) };
            let bytes = if path.to_ascii_lowercase().ends_with(".zip") {
                shapefile(&mut s, crs, lang)
            } else {
                geojson(&mut s, crs, lang).map(String::into_bytes)
            };
            write_file(Path::new(path), bytes.map_err(|e| fail_l(&e))?)
        };
    layer_out(
        &a.residents_out,
        Session::residents_shapefile,
        Session::residents_geojson,
    )?;
    layer_out(
        &a.stations_out,
        Session::stations_shapefile,
        Session::stations_geojson,
    )?;
    let text = if json {
        let mut v = serde_json::to_value(&summary).map_err(|e| fail_l(&e))?;
        if let Some(x) = extras {
            v["network"] = serde_json::to_value(&x).map_err(|e| fail_l(&e))?;
        }
        pretty(&v)?
    } else {
        summary_table_csv(&summary)
    };
    write_out(a.out.as_deref(), text)
}

/// `--count N` or `--target RATIO` (0.95 or 95%).
fn goal(a: &SuggestArgs) -> Result<Goal, Failure> {
    match (&a.count, &a.target) {
        (Some(n), None) => Ok(Goal::Count(n.parse().map_err(|_| {
            fail2(
                format!("--count “{n}”须为整数，如 5"),
                format!("--count '{n}' must be a whole number, e.g. 5"),
            )
        })?)),
        (None, Some(t)) => {
            let v = match t.strip_suffix('%') {
                Some(p) => p.trim().parse::<f64>().map(|v| v / 100.0),
                None => t.parse::<f64>(),
            }
            .map_err(|_| {
                fail2(
                    format!("--target “{t}”须为比例，如 0.95 或 95%"),
                    format!("--target '{t}' must be a ratio like 0.95 or 95%"),
                )
            })?;
            Ok(Goal::Target(v))
        }
        _ => Err(fail(
            "give one of --count N or --target RATIO (see 'lifecircle suggest --help')",
        )),
    }
}

/// `lifecircle suggest`: siting suggestions as JSON or CSV.
pub fn suggest(a: &SuggestArgs) -> Result<(), Failure> {
    let json = is_json(&a.format)?;
    let (mut s, crs, _) = session(&a.plan, false)?;
    walk(&mut s, &a.streets, crs)?;
    let area = match &a.area {
        Some(path) => {
            let bytes = read_file(path)?;
            let text = lifecircle::import::text::decode(&bytes)
                .map_err(|e| fail_l(&e.in_source(&file_name(path))))?;
            Some(Area {
                geojson: text.into_owned(),
                crs,
                source: file_name(path),
            })
        }
        None => None,
    };
    s.kind(&a.kind)
        .map_err(|e| fail(format!("--kind: {}", loc(&e))))?;
    let goal = goal(a)?;
    let candidates = match (&a.candidates, &a.spacing) {
        (Some(_), Some(_)) => {
            return Err(fail("give --candidates FILE or --spacing METRES, not both"))
        }
        (Some(path), None) => CandidateSource::File {
            bytes: read_file(path)?,
            source: file_name(path),
            crs,
        },
        (None, spacing) => CandidateSource::Grid {
            spacing_m: spacing
                .as_deref()
                .map(|v| metres("--spacing", v, 10.0, 50_000.0))
                .transpose()?,
        },
    };
    let request = SitingRequest {
        kind: a.kind.clone(),
        goal,
        candidates,
        area,
        crs,
    };
    let result = s.suggest(&request).map_err(|e| match e {
        // The area's own error names its file.
        SessionError::BadArea(e) => fail_l(&e),
        e => fail_l(&e),
    })?;
    let text = if json {
        pretty(&result)?
    } else {
        suggestions_csv(&result)
    };
    write_out(a.out.as_deref(), text)
}

/// `lifecircle report`: the coverage workbook, with a proposal compared to the baseline.
pub fn report(a: &ReportArgs) -> Result<(), Failure> {
    // The workbook is Chinese unless --lang en.
    let lang: Lang = super::lang_given().unwrap_or(Lang::Zh);
    let (mut s, crs, base) = session(&a.plan, true)?;
    walk(&mut s, &a.streets, crs)?;
    let baseline_name = lang.baseline_name();
    let mut sources = vec![file_name(&a.plan.residents)];
    sources.extend(a.plan.stations.as_deref().map(file_name));
    let proposal = match &a.proposal {
        Some(path) => {
            sources.push(file_name(path));
            let opts = lifecircle::ImportOptions {
                source: Some(file_name(path)),
                ..base.clone()
            };
            let edits = lifecircle::scenario::read_proposal(&read_file(path)?, &opts, s.plan())
                .map_err(|e| fail_l(&e))?;
            let name = a
                .proposal_name
                .clone()
                .unwrap_or_else(|| file_stem(path, "proposal"));
            let comparison = s
                .propose(&edits, baseline_name, &name)
                .map_err(|e| match e {
                    SessionError::Plan(e) => fail(format!("{path}: {}", loc(&e))),
                    e => fail_l(&e),
                })?;
            Some((comparison, name))
        }
        None => None,
    };
    if let Some(streets) = &a.streets.streets {
        sources.push(file_name(streets));
    }
    let meta = ReportMeta {
        title: a
            .title
            .clone()
            .unwrap_or_else(|| file_stem(&a.plan.residents, "Lifecircle")),
        date: a.date.clone().unwrap_or_else(today),
        sources,
        crs,
        scenario: proposal
            .as_ref()
            .map_or(baseline_name.to_string(), |(_, n)| n.clone()),
        estimated: 0,
        floor_area_per_person: base
            .floor_area_per_person
            .unwrap_or(lifecircle::import::DEFAULT_FLOOR_AREA_PER_PERSON),
        lang,
    };
    let siting: Option<lifecircle::siting::SuggestResult> = match &a.siting {
        Some(path) => {
            let bytes = read_file(path)?;
            Some(serde_json::from_slice(&bytes).map_err(|e| {
                fail(format!(
                    "{path}: not an answer of 'lifecircle suggest --format json': {e}"
                ))
            })?)
        }
        None => None,
    };
    let bytes = s
        .workbook(meta, proposal.as_ref().map(|(c, _)| c), siting.as_ref())
        .map_err(|e| match e {
            SessionError::Workbook(m) => fail(format!("cannot make the workbook: {m}")),
            e => fail_l(&e),
        })?;
    write_file(Path::new(&a.out), bytes)
}
