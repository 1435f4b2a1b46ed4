//! The command line's flat tables: the report as one row per kind and unit, and siting
//! suggestions. UTF-8 with a BOM so that Excel shows the Chinese.

use super::csv::plain_field;
use crate::report::Summary;
use crate::siting::SuggestResult;

/// The report as one table (UTF-8 with BOM so that Excel shows the Chinese): a row per kind, plus
/// an `all_kinds` row, for the district and for every unit.
pub fn summary_table_csv(s: &Summary) -> String {
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
            plain_field(id),
            plain_field(name),
            plain_field(kind),
            plain_field(label)
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

/// Siting suggestions as a table: id, name, coordinates (as the answer gives them), gain.
pub fn suggestions_csv(r: &SuggestResult) -> String {
    let mut out = String::from("\u{feff}id,name,lon,lat,gain_population\n");
    for s in &r.suggestions {
        out += &format!(
            "{},{},{},{},{}\n",
            plain_field(&s.id),
            plain_field(&s.name),
            s.lon,
            s.lat,
            s.gain_population
        );
    }
    out
}
