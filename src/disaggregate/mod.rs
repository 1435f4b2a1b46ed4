//! Census totals onto buildings: each community's totals (常住人口 and any other columns, e.g.
//! 60岁以上) spread over the community's buildings in proportion to floor area (footprint ×
//! floors; [`DEFAULT_FLOORS`] where a building's floors are unknown), so that each community's
//! buildings sum exactly to its totals. Buildings are labelled estimated with the basis; the
//! communities without buildings and the buildings outside every community are reported.
//!
//! [`spread`] is the arithmetic; [`read`] reads the totals and the buildings (GeoJSON, zipped
//! Shapefile, OpenStreetMap) and places each building in a community (polygons or its own
//! column); [`write`] gives the buildings as a residents table.

pub mod read;
pub mod write;

use serde::Serialize;

/// Floors assumed for a building whose floors are not given (as the residents' estimate does).
pub const DEFAULT_FLOORS: f64 = crate::import::DEFAULT_LEVELS;

/// A building to receive population.
#[derive(Clone, Debug, PartialEq)]
pub struct Building {
    /// Representative point (WGS-84): the footprint's centroid.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Its name, if any.
    pub name: String,
    /// Footprint, m².
    pub footprint_m2: f64,
    /// Floors (given, or the default).
    pub floors: f64,
    /// Whether the floors were given.
    pub floors_given: bool,
    /// The community it lies in (from the polygons, or its own column); `None`: in none.
    pub community: Option<String>,
}

impl Building {
    /// Floor area, m²: footprint × floors.
    pub fn floor_area_m2(&self) -> f64 {
        self.footprint_m2 * self.floors
    }
}

/// One community's census totals.
#[derive(Clone, Debug, PartialEq)]
pub struct CommunityTotals {
    /// The 街道 it belongs to, when the table says.
    pub street: Option<String>,
    /// Its name.
    pub community: String,
    /// Its totals, in [`Totals::columns`] order (the first is the population).
    pub values: Vec<f64>,
    /// Where it is in the file (a line or row), for messages.
    pub row: u64,
}

/// The totals table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    /// Column names; the first is the population (常住人口).
    pub columns: Vec<String>,
    /// One row per community.
    pub communities: Vec<CommunityTotals>,
}

/// A community of the totals and what it got.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommunityResult {
    /// Its name.
    pub community: String,
    /// Its 街道, if given.
    pub street: Option<String>,
    /// Its population total.
    pub total: f64,
    /// Its buildings.
    pub buildings: usize,
    /// Their floor area, m².
    pub floor_area_m2: f64,
}

/// What could not be spread, and where everything went.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SpreadReport {
    /// Each community with buildings.
    pub communities: Vec<CommunityResult>,
    /// Communities of the totals with no building: their population is on no building.
    pub without_buildings: Vec<CommunityResult>,
    /// Buildings in no community (outside every polygon, or without a community name).
    pub outside_buildings: usize,
    /// Buildings whose community is not in the totals table, by community name and count.
    pub unknown_communities: Vec<(String, usize)>,
    /// Buildings whose floors were not given (the default was used).
    pub default_floors: usize,
    /// The floors assumed for them.
    pub floors_assumed: f64,
}

/// The buildings with their shares of each column, and the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spread {
    /// The columns, as in the totals.
    pub columns: Vec<String>,
    /// Buildings that received population (in a community of the totals), file order.
    pub buildings: Vec<Building>,
    /// Per such building, its share of each column.
    pub values: Vec<Vec<f64>>,
    /// The 街道 of each such building's community, when the totals give it.
    pub streets: Vec<Option<String>>,
    /// What happened.
    pub report: SpreadReport,
}

/// `total` split over `weights` in proportion. A whole-number total is apportioned in whole
/// people by largest remainders (ties to the earlier building), so the parts are whole and sum
/// to it exactly; any other total gets exact proportional shares with the rounding residue on
/// the largest part. All weights zero: equal parts.
pub fn apportion(total: f64, weights: &[f64]) -> Vec<f64> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let sum: f64 = weights.iter().sum();
    let w: Vec<f64> = if sum > 0.0 && sum.is_finite() {
        weights.to_vec()
    } else {
        vec![1.0; n]
    };
    let sum: f64 = w.iter().sum();
    if total.fract() == 0.0 && total.abs() < 9.0e15 {
        let exact: Vec<f64> = w.iter().map(|x| total * x / sum).collect();
        let mut parts: Vec<f64> = exact.iter().map(|x| x.floor()).collect();
        let given: f64 = parts.iter().sum();
        let mut left = (total - given).round() as i64;
        let mut order: Vec<usize> = (0..n).collect();
        // Largest remainder first; the earlier building on a tie.
        order.sort_by(|&a, &b| {
            (exact[b] - parts[b])
                .total_cmp(&(exact[a] - parts[a]))
                .then(a.cmp(&b))
        });
        let mut k = 0;
        while left > 0 {
            parts[order[k % n]] += 1.0;
            left -= 1;
            k += 1;
        }
        return parts;
    }
    let mut parts: Vec<f64> = w.iter().map(|x| total * x / sum).collect();
    let residue = total - parts.iter().sum::<f64>();
    let big = (0..n)
        .max_by(|&a, &b| parts[a].total_cmp(&parts[b]).then(b.cmp(&a)))
        .unwrap_or(0);
    parts[big] += residue;
    parts
}

/// Spreads `totals` over `buildings` (each placed in its community already): per community of the
/// totals, each column apportioned by floor area.
pub fn spread(totals: &Totals, buildings: Vec<Building>, floors_assumed: f64) -> Spread {
    let index: std::collections::HashMap<&str, usize> = totals
        .communities
        .iter()
        .enumerate()
        .map(|(i, c)| (c.community.as_str(), i))
        .collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); totals.communities.len()];
    let mut report = SpreadReport {
        floors_assumed,
        default_floors: buildings.iter().filter(|b| !b.floors_given).count(),
        ..SpreadReport::default()
    };
    let mut unknown: std::collections::BTreeMap<String, usize> = Default::default();
    for (i, b) in buildings.iter().enumerate() {
        match b.community.as_deref().map(str::trim) {
            None | Some("") => report.outside_buildings += 1,
            Some(c) => match index.get(c) {
                Some(&k) => members[k].push(i),
                None => *unknown.entry(c.to_string()).or_default() += 1,
            },
        }
    }
    report.unknown_communities = unknown.into_iter().collect();
    let mut share: Vec<Option<(usize, Vec<f64>)>> = vec![None; buildings.len()];
    for (k, c) in totals.communities.iter().enumerate() {
        let weights: Vec<f64> = members[k]
            .iter()
            .map(|&i| buildings[i].floor_area_m2())
            .collect();
        let result = CommunityResult {
            community: c.community.clone(),
            street: c.street.clone(),
            total: c.values.first().copied().unwrap_or(0.0),
            buildings: members[k].len(),
            floor_area_m2: weights.iter().sum(),
        };
        if members[k].is_empty() {
            report.without_buildings.push(result);
            continue;
        }
        report.communities.push(result);
        let per_column: Vec<Vec<f64>> = c.values.iter().map(|&t| apportion(t, &weights)).collect();
        for (j, &i) in members[k].iter().enumerate() {
            share[i] = Some((k, per_column.iter().map(|col| col[j]).collect()));
        }
    }
    let mut out = Spread {
        columns: totals.columns.clone(),
        report,
        ..Spread::default()
    };
    for (b, s) in buildings.into_iter().zip(share) {
        if let Some((k, values)) = s {
            out.streets.push(totals.communities[k].street.clone());
            out.buildings.push(b);
            out.values.push(values);
        }
    }
    out
}

/// What [`run`] reads: the totals, the buildings, optionally community polygons, and the floors
/// assumed where a building does not give its own.
pub struct Inputs<'a> {
    /// The totals table's bytes (CSV or Excel) and how to read them.
    pub totals: (&'a [u8], crate::import::ImportOptions),
    /// The buildings' bytes (GeoJSON, zipped Shapefile, OpenStreetMap) and how to read them.
    pub buildings: (&'a [u8], crate::import::ImportOptions),
    /// Community polygons (GeoJSON or zipped Shapefile), how to read them, and the property
    /// holding each one's name; without them each building's own 社区 column places it.
    pub communities: Option<(&'a [u8], crate::import::ImportOptions, Option<String>)>,
    /// Floors of a building that does not give its own.
    pub default_floors: f64,
}

/// Reads everything and spreads the totals (all or nothing: any error names its file and row).
pub fn run(i: &Inputs) -> Result<Spread, crate::error::ImportError> {
    let totals = read::read_totals(i.totals.0, &i.totals.1)?;
    let polygons = match &i.communities {
        Some((bytes, o, name_field)) => Some(crate::boundaries::read_boundaries(
            bytes,
            o,
            crate::admin::Level::Community,
            name_field.as_deref(),
        )?),
        None => None,
    };
    let buildings = read::read_buildings(
        i.buildings.0,
        &i.buildings.1,
        i.default_floors,
        polygons.as_ref(),
    )?;
    Ok(spread(&totals, buildings, i.default_floors))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// By hand: 10 people over floor areas 1, 1, 1 → 3.33… each, the one left to the first
    /// (equal remainders, earlier first): 4, 3, 3. 7 over 2 : 1 → 4.67 / 2.33 → 5, 2.
    #[test]
    fn whole_people_by_largest_remainders() {
        assert_eq!(apportion(10.0, &[1.0, 1.0, 1.0]), vec![4.0, 3.0, 3.0]);
        assert_eq!(apportion(7.0, &[2.0, 1.0]), vec![5.0, 2.0]);
        assert_eq!(apportion(0.0, &[2.0, 1.0]), vec![0.0, 0.0]);
        assert_eq!(apportion(5.0, &[0.0, 0.0]), vec![3.0, 2.0]);
        assert_eq!(apportion(5.0, &[]), Vec::<f64>::new());
        let p = apportion(2.5, &[1.0, 3.0]);
        assert!((p.iter().sum::<f64>() - 2.5).abs() < 1e-12 && (p[1] - 1.875).abs() < 1e-12);
    }
}
