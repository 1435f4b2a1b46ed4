//! The facility standards table: kinds of service point with their Chinese and English names,
//! life-circle level, walking distance or time where a standard gives one, the source clause and
//! whether the value was checked against it — the repository's `data/facility-standards.csv`, or
//! a city's own table with the same columns (CSV or Excel) — and the radius a kind added from a
//! row takes.

use crate::error::{ImportError, Location};
use crate::import::csv_records::SmallTable;
use crate::import::ImportOptions;
use serde::Serialize;

/// The table as the repository ships it (edit the file, not this code).
pub const FACILITY_STANDARDS_CSV: &str = include_str!("../data/facility-standards.csv");

/// Most rows a city's table may have.
pub const MAX_STANDARDS: usize = 2_000;

/// The columns, in order: id, 名称, name_en, 生活圈层级, 步行距离_米, 步行时间_分钟, 来源条款,
/// 核对, 说明 (a header cell may carry either name before a space).
pub const COLUMNS: [&str; 9] = [
    "id",
    "名称",
    "name_en",
    "生活圈层级",
    "步行距离_米",
    "步行时间_分钟",
    "来源条款",
    "核对",
    "说明",
];

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FacilityStandard {
    /// Kind id for the engine (`primary_school`).
    pub id: String,
    /// Chinese name.
    pub label: String,
    /// English name.
    pub label_en: String,
    /// 15分钟, 10分钟, 5分钟, 居住街坊, or empty.
    pub level: String,
    /// Walking distance the source gives, metres.
    pub distance_m: Option<f64>,
    /// Walking time the source gives, minutes.
    pub minutes: Option<f64>,
    /// The source clause.
    pub source: String,
    /// 已核对, or 参考值，请核对.
    pub status: String,
    /// Checked against the source's text.
    pub checked: bool,
    /// Notes.
    pub note: String,
    /// The radius a kind added from this row takes: the distance; else the time at the adult
    /// walking speed; else the level's GB 50180-2018 tier (300/500/1000 m); `None` when the row
    /// gives none of them (the planner says).
    pub radius_m: Option<f64>,
}

/// The tier distance of a level name (`5分钟` → 300 m…).
fn level_radius(level: &str) -> Option<f64> {
    let l = level.trim();
    let minutes = l
        .strip_suffix("分钟")
        .or_else(|| l.strip_suffix("分钟生活圈"))
        .or_else(|| l.strip_suffix("min"))
        .unwrap_or(l);
    crate::kinds::LIFE_CIRCLE_TIERS
        .iter()
        .find(|t| minutes.trim() == t.minutes.to_string())
        .map(|t| t.radius_m)
}

/// The repository's table.
pub fn default_standards() -> Vec<FacilityStandard> {
    parse(FACILITY_STANDARDS_CSV).unwrap_or_default()
}

/// A city's table (CSV in any encoding the importers read, or an Excel sheet), the same columns
/// as the repository's. Errors name the file, line and column.
pub fn read_standards(
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Vec<FacilityStandard>, ImportError> {
    crate::import::read_table(bytes, options, "standards", |text, o| {
        let source = crate::import::source_name(o, "standards");
        parse(text.trim_start_matches('\u{feff}')).map_err(|e| e.in_source(&source))
    })
}

fn parse(text: &str) -> Result<Vec<FacilityStandard>, ImportError> {
    let SmallTable { header, rows } = SmallTable::read(text, MAX_STANDARDS, |line| {
        ImportError::new(
            Location::Line(line),
            None,
            format!("has more than {MAX_STANDARDS} rows"),
        )
        .zh(format!("多于 {MAX_STANDARDS} 行"))
    })?;
    // Each column by either of its names (a header cell `生活圈层级 level` has both).
    let names = |i: usize| -> Vec<&str> {
        header
            .get(i)
            .map(|h| h.split(' ').collect())
            .unwrap_or_default()
    };
    let col = |want: &str, alt: &str| {
        (0..header.len()).find(|&i| names(i).iter().any(|n| *n == want || *n == alt))
    };
    let find = |want: &str, alt: &str| {
        col(want, alt).ok_or_else(|| {
            ImportError::new(
                Location::Line(1),
                None,
                format!(
                    "has no column '{want}' ({alt}); the columns are: {}",
                    COLUMNS.join(", ")
                ),
            )
            .zh(format!("没有“{want}”列；应有的列：{}", COLUMNS.join("、")))
        })
    };
    let [id, label, label_en, level, distance, minutes, source, status, note] = [
        find("id", "编号")?,
        find("名称", "name")?,
        find("name_en", "英文名称")?,
        find("生活圈层级", "level")?,
        find("步行距离_米", "distance_m")?,
        find("步行时间_分钟", "minutes")?,
        find("来源条款", "source")?,
        find("核对", "status")?,
        col("说明", "note").unwrap_or(usize::MAX),
    ];
    let mut out: Vec<FacilityStandard> = Vec::with_capacity(rows.len());
    for (line, fields) in rows {
        let cell = |c: usize| SmallTable::cell(&fields, c).to_string();
        let number = |c: usize, what: &str, what_zh: &str| -> Result<Option<f64>, ImportError> {
            let v = cell(c);
            if v.is_empty() {
                return Ok(None);
            }
            match crate::import::numbers::parse_number(&v) {
                Some(x) if x.is_finite() && x > 0.0 => Ok(Some(x)),
                _ => Err(ImportError::new(
                    Location::Line(line),
                    Some(&header[c]),
                    format!("{what} '{v}' is not a positive number"),
                )
                .zh(format!("{what_zh}“{v}”不是正数"))),
            }
        };
        let (id_v, label_v) = (cell(id), cell(label));
        if id_v.is_empty() && label_v.is_empty() {
            return Err(ImportError::new(
                Location::Line(line),
                Some(&header[label]),
                "is empty: each row names a kind of facility",
            )
            .zh("为空：每行需要设施名称"));
        }
        let status_v = cell(status);
        let distance_m = number(distance, "distance", "步行距离")?;
        let minutes_v = number(minutes, "minutes", "步行时间")?;
        let adult = crate::speeds::parse_speed("adult").unwrap_or(1.0);
        let level_v = cell(level);
        let radius_m = distance_m
            .or(minutes_v.map(|m| m * 60.0 * adult))
            .or_else(|| level_radius(&level_v))
            .filter(|r| crate::kinds::check_radius(*r).is_ok());
        out.push(FacilityStandard {
            id: if id_v.is_empty() {
                label_v.clone()
            } else {
                id_v
            },
            label: if label_v.is_empty() {
                cell(id)
            } else {
                label_v
            },
            label_en: cell(label_en),
            level: level_v,
            distance_m,
            minutes: minutes_v,
            source: cell(source),
            checked: status_v.starts_with("已核对") || status_v.eq_ignore_ascii_case("checked"),
            status: if status_v.is_empty() {
                "参考值，请核对".to_string()
            } else {
                status_v
            },
            note: cell(note),
            radius_m,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_table_reads_and_marks_what_was_not_checked() {
        let t = default_standards();
        assert!(t.len() >= 10);
        for s in &t {
            assert!(!s.source.is_empty() && !s.status.is_empty(), "{}", s.id);
            // Nothing in it was checked against a standard's text: every row says so.
            assert!(
                !s.checked && s.status.contains("参考值，请核对"),
                "{}",
                s.id
            );
        }
        let by = |id: &str| t.iter().find(|s| s.id == id).unwrap();
        assert_eq!(by("primary_school").radius_m, Some(500.0));
        // No distance: the level's tier.
        assert_eq!(by("community_service_station").distance_m, None);
        assert_eq!(by("community_service_station").radius_m, Some(300.0));
        assert_eq!(by("community_health_centre").radius_m, Some(1000.0));
        // No distance and no level: the planner gives one.
        assert_eq!(by("red_bee_station").radius_m, None);
    }

    #[test]
    fn a_city_table_with_time_and_errors_by_line() {
        let csv = "id,名称,name_en,生活圈层级,步行距离_米,步行时间_分钟,来源条款,核对\nx,菜场,Market,10分钟,,8,本市导则 3.2,已核对\n";
        let t = read_standards(csv.as_bytes(), &Default::default()).unwrap();
        let adult = crate::speeds::parse_speed("adult").unwrap();
        assert_eq!(t[0].radius_m, Some(8.0 * 60.0 * adult));
        assert!(t[0].checked);
        let bad = "id,名称,name_en,生活圈层级,步行距离_米,步行时间_分钟,来源条款,核对\nx,菜场,Market,,约500,,本市,\n";
        let e = read_standards(
            bad.as_bytes(),
            &ImportOptions {
                source: Some("本市.csv".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
        let zh = crate::error::Localized::localized(&e, crate::lang::Lang::Zh);
        assert!(
            zh.contains("本市.csv") && zh.contains("第 2 行") && zh.contains("“约500”不是正数"),
            "{zh}"
        );
        let e =
            read_standards("名称,距离\n菜场,500\n".as_bytes(), &Default::default()).unwrap_err();
        let zh = crate::error::Localized::localized(&e, crate::lang::Lang::Zh);
        assert!(zh.contains("没有“id”列"), "{zh}");
    }
}
