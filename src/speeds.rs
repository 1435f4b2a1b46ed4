//! Walking-speed profiles (成人, 老年人, 儿童, 轮椅) for radii given as walking time: read from the
//! repository's data file `data/walking-speeds.csv`, each with its source and whether the value
//! was checked against it; and the parsing of `10min@1.0` / `10min@老年人` into metres.

use serde::Serialize;

/// The profiles' table as the repository ships it (edit the file, not this code).
pub const WALKING_SPEEDS_CSV: &str = include_str!("../data/walking-speeds.csv");

/// A walking-speed profile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpeedProfile {
    /// Id (`adult`, `elderly`, `wheelchair`, `child`).
    pub id: String,
    /// Chinese name (老年人).
    pub label: String,
    /// English name.
    pub label_en: String,
    /// Other names it is known by.
    pub aliases: Vec<String>,
    /// Metres a second.
    pub speed_m_s: f64,
    /// Where the value comes from.
    pub source: String,
    /// Whether it was checked against that source (`已核对 checked`) or is a reference value to
    /// check (`参考值，请核对 …`).
    pub status: String,
    /// The status says it was checked.
    pub checked: bool,
}

/// Splits one CSV line of the profiles file (quoted fields may hold commas).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().map_or((), |f| f.push(c)),
        }
    }
    out
}

/// The walking-speed profiles of `data/walking-speeds.csv`.
pub fn speed_profiles() -> Vec<SpeedProfile> {
    WALKING_SPEEDS_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let f = fields(l);
            let [id, label, label_en, aliases, speed, source, status] = f.as_slice() else {
                return None;
            };
            Some(SpeedProfile {
                id: id.clone(),
                label: label.clone(),
                label_en: label_en.clone(),
                aliases: aliases.split('|').map(str::to_string).collect(),
                speed_m_s: speed.parse().ok()?,
                source: source.clone(),
                checked: status.starts_with("已核对"),
                status: status.clone(),
            })
        })
        .collect()
}

/// A speed as given after `@`: metres a second (`1.0`, `1.0m/s`) or a profile's id, name or alias.
pub fn parse_speed(text: &str) -> Option<f64> {
    let t = text.trim();
    let number = t
        .strip_suffix("m/s")
        .or_else(|| t.strip_suffix("米/秒"))
        .unwrap_or(t)
        .trim();
    if let Ok(v) = number.parse::<f64>() {
        return (v.is_finite() && v > 0.0 && v <= 10.0).then_some(v);
    }
    speed_profiles()
        .into_iter()
        .find(|p| {
            p.id.eq_ignore_ascii_case(t)
                || p.label == t
                || p.label_en.eq_ignore_ascii_case(t)
                || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(t))
        })
        .map(|p| p.speed_m_s)
}

/// Walking time at a speed as a distance: `10min@1.0`, `10min@老年人`, `10分钟@elderly` → metres
/// (minutes × 60 × speed). `None` when the text is not of that form.
pub fn parse_walking_time(text: &str) -> Option<f64> {
    let (time, speed) = text.split_once('@')?;
    let t = time.trim().to_ascii_lowercase();
    let minutes: f64 = t
        .strip_suffix("min")
        .or_else(|| t.strip_suffix("分钟"))?
        .trim()
        .parse()
        .ok()?;
    (minutes.is_finite() && minutes > 0.0).then_some(minutes * 60.0 * parse_speed(speed)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profiles_file_reads_with_a_source_for_each() {
        let p = speed_profiles();
        let ids: Vec<&str> = p.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["adult", "elderly", "wheelchair", "child"]);
        let checked: Vec<bool> = p.iter().map(|x| x.checked).collect();
        assert_eq!(checked, [true, false, true, false]);
        for x in &p {
            assert!(!x.source.is_empty() && !x.status.is_empty(), "{}", x.id);
            assert!(x.speed_m_s > 0.5 && x.speed_m_s < 2.0);
        }
    }

    #[test]
    fn walking_times_become_metres() {
        assert_eq!(parse_walking_time("10min@1.0"), Some(600.0));
        assert_eq!(parse_walking_time("5分钟@1.2m/s"), Some(360.0));
        let elderly = speed_profiles()[1].speed_m_s;
        assert_eq!(parse_walking_time("10min@老年人"), Some(600.0 * elderly));
        assert_eq!(parse_walking_time("10min@Elderly"), Some(600.0 * elderly));
        assert_eq!(
            parse_walking_time("10min@轮椅使用者"),
            parse_walking_time("10min@wheelchair")
        );
        for bad in [
            "10min",
            "10min@",
            "10min@fast",
            "ten min@1.0",
            "10min@0",
            "-5min@1.0",
        ] {
            assert_eq!(parse_walking_time(bad), None, "{bad}");
        }
    }
}
