//! A seeded generator of a synthetic district (合成示例数据): streets → communities → grids,
//! residential buildings with populations, and stations of the three default kinds.
//!
//! Nothing here describes a real place. The same seed gives the same district on every machine.
//! It scales from a demo of a few thousand buildings to a million residents for benchmarks.

use crate::kinds::KindTable;
use crate::tables::{ResidentTable, StationRecord};
use std::fmt::Write;

/// SplitMix64: small, fast, seeded, and identical everywhere (no dependency whose stream could
/// change between versions).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Uniform integer in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.f64().max(1e-300);
        let v = self.f64();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoConfig {
    /// Seed.
    pub seed: u64,
    /// Number of resident points (buildings).
    pub residents: usize,
    /// Number of stations; `None` derives a realistic mix from the district's size.
    pub stations: Option<usize>,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: 2018,
            residents: 3000,
            stations: None,
        }
    }
}

/// A synthetic resident building.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoResident {
    /// WGS-84 longitude.
    pub lon: f64,
    /// WGS-84 latitude.
    pub lat: f64,
    /// Population.
    pub population: u32,
    /// Residents aged 60 or more (老年人口), a demand column for elderly services.
    pub elderly: u32,
    /// Grid index into [`Demo::grids`].
    pub grid: u32,
    /// Compound name index into [`Demo::compounds`].
    pub compound: u32,
    /// Building number within the compound.
    pub building: u32,
}

/// A synthetic station.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoStation {
    /// Kind id (one of the default kinds).
    pub kind: &'static str,
    /// WGS-84 longitude.
    pub lon: f64,
    /// WGS-84 latitude.
    pub lat: f64,
    /// Name.
    pub name: String,
}

/// A rectangular admin unit.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoUnit {
    /// Own name.
    pub name: String,
    /// Parent index (street for a community, community for a grid), `usize::MAX` for streets.
    pub parent: usize,
    /// `[min_lon, min_lat, max_lon, max_lat]`.
    pub bbox: [f64; 4],
}

/// A generated district.
#[derive(Clone, Debug, PartialEq)]
pub struct Demo {
    /// District name.
    pub name: String,
    /// 街道.
    pub streets: Vec<DemoUnit>,
    /// 社区.
    pub communities: Vec<DemoUnit>,
    /// 网格.
    pub grids: Vec<DemoUnit>,
    /// Compound (小区) names.
    pub compounds: Vec<String>,
    /// Residents.
    pub residents: Vec<DemoResident>,
    /// Stations.
    pub stations: Vec<DemoStation>,
    /// Side of the square district, metres (centred on [`CENTRE`]).
    pub side_m: f64,
    /// Streets, communities and grids across the district (columns × rows of streets).
    pub street_layout: (usize, usize),
    /// Lakes and parks where nobody lives: ellipses `(x, y, semi-axis x, semi-axis y)` in metres
    /// from the centre.
    pub voids: Vec<(f64, f64, f64, f64)>,
}

const SYL_A: [&str; 24] = [
    "长", "青", "梅", "金", "玉", "春", "锦", "明", "和", "安", "瑞", "嘉", "兴", "华", "翠", "云",
    "松", "桂", "景", "新", "龙", "凤", "文", "康",
];
const SYL_B: [&str; 24] = [
    "江", "园", "湖", "山", "泉", "林", "苑", "桥", "塘", "岗", "坊", "门", "城", "河", "溪", "源",
    "庭", "湾", "台", "亭", "洲", "坡", "畔", "里",
];
const COMPOUND_SUFFIX: [&str; 6] = ["小区", "花园", "新村", "家园", "公寓", "苑"];

fn two_syllables(i: usize) -> String {
    format!(
        "{}{}",
        SYL_A[i % SYL_A.len()],
        SYL_B[(i / SYL_A.len() + i * 7) % SYL_B.len()]
    )
}

/// Centre of the synthetic district. It is not a real place; coordinates sit in eastern China only
/// so that GCJ-02 conversions behave as they would for a planner's data.
pub const CENTRE: (f64, f64) = (118.80, 32.06);

/// Built-up density used to size the district: resident points per km² at the lowest scale.
fn side_km(residents: usize) -> f64 {
    (residents as f64 / 700.0).sqrt().max(5.0)
}

fn to_lonlat(x_m: f64, y_m: f64) -> (f64, f64) {
    let (kx, ky) = crate::geodesy::scale_factors(CENTRE.1.to_radians());
    (
        CENTRE.0 + (x_m / kx).to_degrees(),
        CENTRE.1 + (y_m / ky).to_degrees(),
    )
}

/// Generates a district.
pub fn generate(cfg: &DemoConfig) -> Demo {
    let mut rng = Rng::new(cfg.seed);
    let side = side_km(cfg.residents) * 1000.0;
    let half = side / 2.0;
    // Admin layout: streets in a near-square grid, 3×2 communities per street, 2×2 grids per community.
    let n_streets = (cfg.residents / 5000).clamp(6, 400);
    let sx = (n_streets as f64).sqrt().ceil() as usize;
    let sy = n_streets.div_ceil(sx);
    let mut demo = Demo {
        name: "生活圈示例区（合成数据）".into(),
        streets: Vec::new(),
        communities: Vec::new(),
        grids: Vec::new(),
        compounds: Vec::new(),
        residents: Vec::new(),
        stations: Vec::new(),
        side_m: side,
        street_layout: (sx, sy),
        voids: Vec::new(),
    };
    let cell = |x0: f64, y0: f64, x1: f64, y1: f64| {
        let (a, b) = to_lonlat(x0, y0);
        let (c, d) = to_lonlat(x1, y1);
        [a, b, c, d]
    };
    let (sw, sh) = (side / sx as f64, side / sy as f64);
    let mut grid_rects = Vec::new();
    for j in 0..sy {
        for i in 0..sx {
            let s = demo.streets.len();
            let (x0, y0) = (-half + i as f64 * sw, -half + j as f64 * sh);
            demo.streets.push(DemoUnit {
                name: format!("{}街道", two_syllables(s * 5 + 3)),
                parent: usize::MAX,
                bbox: cell(x0, y0, x0 + sw, y0 + sh),
            });
            let (cw, ch) = (sw / 3.0, sh / 2.0);
            for cj in 0..2 {
                for ci in 0..3 {
                    let c = demo.communities.len();
                    let (cx0, cy0) = (x0 + ci as f64 * cw, y0 + cj as f64 * ch);
                    demo.communities.push(DemoUnit {
                        name: format!("{}社区", two_syllables(c * 11 + 1)),
                        parent: s,
                        bbox: cell(cx0, cy0, cx0 + cw, cy0 + ch),
                    });
                    for gj in 0..2 {
                        for gi in 0..2 {
                            let (gx0, gy0) =
                                (cx0 + gi as f64 * cw / 2.0, cy0 + gj as f64 * ch / 2.0);
                            let g = demo.grids.len();
                            demo.grids.push(DemoUnit {
                                name: format!("第{}网格", gj * 2 + gi + 1),
                                parent: c,
                                bbox: cell(gx0, gy0, gx0 + cw / 2.0, gy0 + ch / 2.0),
                            });
                            grid_rects.push((gx0, gy0, gx0 + cw / 2.0, gy0 + ch / 2.0, g));
                        }
                    }
                }
            }
        }
    }
    // Density: a few town centres over a low background; a lake and a park hold nobody.
    let centres: Vec<(f64, f64, f64)> = (0..(n_streets / 3).max(3))
        .map(|_| {
            (
                rng.range(-0.4, 0.4) * side,
                rng.range(-0.4, 0.4) * side,
                rng.range(0.08, 0.18) * side,
            )
        })
        .collect();
    let voids: Vec<(f64, f64, f64, f64)> = (0..(n_streets / 4).max(2))
        .map(|_| {
            (
                rng.range(-0.45, 0.45) * side,
                rng.range(-0.45, 0.45) * side,
                rng.range(0.03, 0.07) * side,
                rng.range(0.02, 0.05) * side,
            )
        })
        .collect();
    let density = |x: f64, y: f64| -> f64 {
        if x.abs() > half || y.abs() > half {
            return 0.0;
        }
        if voids
            .iter()
            .any(|&(vx, vy, a, b)| ((x - vx) / a).powi(2) + ((y - vy) / b).powi(2) < 1.0)
        {
            return 0.0;
        }
        let peak = centres
            .iter()
            .map(|&(cx, cy, s)| (-((x - cx).powi(2) + (y - cy).powi(2)) / (2.0 * s * s)).exp())
            .fold(0.0, f64::max);
        0.15 + 0.85 * peak
    };
    let grid_of = |x: f64, y: f64| -> u32 {
        let i = (((x + half) / sw).floor() as usize).min(sx - 1);
        let j = (((y + half) / sh).floor() as usize).min(sy - 1);
        let s = j * sx + i;
        let (x0, y0) = (-half + i as f64 * sw, -half + j as f64 * sh);
        let ci = ((((x - x0) / (sw / 3.0)).floor()) as usize).min(2);
        let cj = ((((y - y0) / (sh / 2.0)).floor()) as usize).min(1);
        let c = s * 6 + cj * 3 + ci;
        let (cx0, cy0) = (x0 + ci as f64 * sw / 3.0, y0 + cj as f64 * sh / 2.0);
        let gi = ((((x - cx0) / (sw / 6.0)).floor()) as usize).min(1);
        let gj = ((((y - cy0) / (sh / 4.0)).floor()) as usize).min(1);
        (c * 4 + gj * 2 + gi) as u32
    };
    // Residential compounds: 4–40 buildings around a centre drawn from the density field.
    let mut xy: Vec<(f64, f64)> = Vec::with_capacity(cfg.residents);
    while demo.residents.len() < cfg.residents {
        let (cx, cy) = loop {
            let (x, y) = (rng.range(-half, half), rng.range(-half, half));
            if rng.f64() < density(x, y) {
                break (x, y);
            }
        };
        let compound = demo.compounds.len() as u32;
        demo.compounds.push(format!(
            "{}{}",
            two_syllables(rng.below(576)),
            COMPOUND_SUFFIX[rng.below(COMPOUND_SUFFIX.len())]
        ));
        let buildings = (4 + rng.below(37)).min(cfg.residents - demo.residents.len());
        let spread = rng.range(40.0, 120.0);
        let mut b = 0;
        let mut tries = 0;
        while b < buildings && tries < buildings * 20 {
            tries += 1;
            let (x, y) = (cx + rng.normal() * spread, cy + rng.normal() * spread);
            if density(x, y) == 0.0 {
                continue;
            }
            b += 1;
            let (lon, lat) = to_lonlat(x, y);
            let population = (rng.normal() * 0.6 + 4.6).exp().clamp(8.0, 900.0).round() as u32;
            // Older compounds have more elderly residents: 8–35 % by compound, without drawing
            // from the generator (the rest of the data stays as it was).
            let share = 0.08 + 0.27 * ((compound as f64 * 0.618_034).fract());
            demo.residents.push(DemoResident {
                lon,
                lat,
                population,
                elderly: (f64::from(population) * share).round() as u32,
                grid: grid_of(x, y),
                compound,
                building: b as u32,
            });
            xy.push((x, y));
        }
    }
    // Stations. Party-mass stations: one per community, with ~15 % of communities still lacking one.
    // Red Bee stations and commercial hubs sit where people are (drawn from resident positions).
    let communities = demo.communities.len();
    let (n_party, n_bee, n_hub) = match cfg.stations {
        Some(total) => {
            let hub = (total / 20).max(1);
            let bee = (total / 4).max(1);
            (total.saturating_sub(hub + bee), bee, hub)
        }
        None => (
            (communities * 85) / 100,
            n_streets * 2 + 4,
            (n_streets / 2).max(3),
        ),
    };
    let mut placed = 0;
    let comm_order: Vec<usize> = {
        let mut v: Vec<usize> = (0..communities).collect();
        for i in (1..v.len()).rev() {
            let j = rng.below(i + 1);
            v.swap(i, j);
        }
        v
    };
    let near_people = |rng: &mut Rng, jitter: f64| -> (f64, f64) {
        let (x, y) = xy[rng.below(xy.len())];
        to_lonlat(x + rng.normal() * jitter, y + rng.normal() * jitter)
    };
    for i in 0..n_party {
        let (lon, lat) = if i < communities {
            let c = &demo.communities[comm_order[i]];
            let (lon, lat) = (
                rng.range(c.bbox[0], c.bbox[2]),
                rng.range(c.bbox[1], c.bbox[3]),
            );
            (lon, lat)
        } else {
            near_people(&mut rng, 150.0)
        };
        let name = if i < communities {
            format!("{}党群服务站", demo.communities[comm_order[i]].name)
        } else {
            format!("党群服务点{}", i + 1 - communities)
        };
        demo.stations.push(DemoStation {
            kind: "party_service_station",
            lon,
            lat,
            name,
        });
        placed += 1;
    }
    for i in 0..n_bee {
        let (lon, lat) = near_people(&mut rng, 200.0);
        demo.stations.push(DemoStation {
            kind: "red_bee_station",
            lon,
            lat,
            name: format!("红蜂驿站{}号", i + 1),
        });
        placed += 1;
    }
    for i in 0..n_hub {
        let (lon, lat) = if i < centres.len() {
            to_lonlat(centres[i].0, centres[i].1)
        } else {
            near_people(&mut rng, 300.0)
        };
        demo.stations.push(DemoStation {
            kind: "commercial_hub",
            lon,
            lat,
            name: format!("{}商圈", two_syllables(i * 13 + 5)),
        });
        placed += 1;
    }
    debug_assert_eq!(placed, demo.stations.len());
    demo.voids = voids;
    demo
}

impl Demo {
    /// Street, community and grid names of a resident.
    pub fn units_of(&self, r: &DemoResident) -> (&str, &str, &str) {
        let g = &self.grids[r.grid as usize];
        let c = &self.communities[g.parent];
        let s = &self.streets[c.parent];
        (&s.name, &c.name, &g.name)
    }

    /// The residents as the engine's table (WGS-84).
    pub fn resident_table(&self) -> ResidentTable {
        let mut t = ResidentTable::default();
        let mut name = String::new();
        for r in &self.residents {
            let (s, c, g) = self.units_of(r);
            name.clear();
            let _ = write!(
                name,
                "{}{}栋",
                self.compounds[r.compound as usize], r.building
            );
            t.push(r.lon, r.lat, f64::from(r.population), [s, c, g], &name);
        }
        t.weights.push(crate::tables::WeightColumn {
            name: "老年人口".into(),
            values: self
                .residents
                .iter()
                .map(|r| f64::from(r.elderly))
                .collect(),
        });
        t
    }

    /// The stations as import records for `kinds` (which must hold the default kinds).
    pub fn station_records(&self, kinds: &KindTable) -> Vec<StationRecord> {
        self.stations
            .iter()
            .filter_map(|s| {
                kinds.resolve(s.kind).map(|kind| StationRecord {
                    kind,
                    lon: s.lon,
                    lat: s.lat,
                    name: s.name.clone(),
                })
            })
            .collect()
    }

    /// Residents as CSV with Chinese headers, as a street office's sheet would have them.
    pub fn residents_csv(&self) -> String {
        let mut out = String::with_capacity(self.residents.len() * 80);
        out.push_str("经度,纬度,人口,老年人口,街道,社区,网格,名称\n");
        for r in &self.residents {
            let (s, c, g) = self.units_of(r);
            let _ = writeln!(
                out,
                "{:.6},{:.6},{},{},{},{},{},{}{}栋",
                r.lon,
                r.lat,
                r.population,
                r.elderly,
                s,
                c,
                g,
                self.compounds[r.compound as usize],
                r.building
            );
        }
        out
    }

    /// Stations as CSV with Chinese headers and Chinese kind labels.
    pub fn stations_csv(&self, kinds: &KindTable) -> String {
        let mut out = String::from("经度,纬度,类型,名称\n");
        for s in &self.stations {
            let label = kinds
                .resolve(s.kind)
                .map(|k| kinds.get(k).label.as_str())
                .unwrap_or(s.kind);
            let _ = writeln!(out, "{:.6},{:.6},{},{}", s.lon, s.lat, label, s.name);
        }
        out
    }

    /// The basemap as GeoJSON: roads (`layer: "road"`, `class` primary/secondary/residential) along
    /// the admin boundaries, lakes and parks (`water`, `park`), and compound outlines
    /// (`compound`, the convex hull of its buildings with a margin).
    pub fn basemap_geojson(&self) -> String {
        use geo::{ConvexHull, MultiPoint, Point};
        let half = self.side_m / 2.0;
        let (sx, sy) = self.street_layout;
        let mut features = Vec::new();
        let road = |coords: [(f64, f64); 2], class: &str, name: String| {
            let c: Vec<[f64; 2]> = coords
                .iter()
                .map(|&(x, y)| {
                    let (lon, lat) = to_lonlat(x, y);
                    [lon, lat]
                })
                .collect();
            serde_json::json!({"type": "Feature",
                "properties": {"layer": "road", "class": class, "name": name},
                "geometry": {"type": "LineString", "coordinates": c}})
        };
        // Vertical roads every sixth of a street's width, horizontal every quarter of its height:
        // street boundaries are primary roads, community boundaries secondary, grid ones residential.
        let classes = |i: usize, per_street: usize, per_community: usize| {
            if i.is_multiple_of(per_street) {
                "primary"
            } else if i.is_multiple_of(per_community) {
                "secondary"
            } else {
                "residential"
            }
        };
        for i in 0..=6 * sx {
            let x = -half + self.side_m * i as f64 / (6 * sx) as f64;
            let class = classes(i, 6, 2);
            let name = format!("{}路", two_syllables(i * 3 + 7));
            features.push(road([(x, -half), (x, half)], class, name));
        }
        for j in 0..=4 * sy {
            let y = -half + self.side_m * j as f64 / (4 * sy) as f64;
            let class = classes(j, 4, 2);
            let name = format!("{}街", two_syllables(j * 5 + 11));
            features.push(road([(-half, y), (half, y)], class, name));
        }
        for (i, &(vx, vy, a, b)) in self.voids.iter().enumerate() {
            let ring: Vec<[f64; 2]> = (0..=48)
                .map(|k| {
                    let t = std::f64::consts::TAU * (k % 48) as f64 / 48.0;
                    let (lon, lat) = to_lonlat(vx + a * t.cos(), vy + b * t.sin());
                    [lon, lat]
                })
                .collect();
            let (layer, name) = if i % 2 == 0 {
                ("water", format!("{}湖", two_syllables(i * 7 + 2)))
            } else {
                ("park", format!("{}公园", two_syllables(i * 7 + 2)))
            };
            features.push(serde_json::json!({"type": "Feature",
                "properties": {"layer": layer, "name": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}));
        }
        // Compound outlines: hull of the buildings pushed out by ~25 m.
        let mut members: Vec<Vec<(f64, f64)>> = vec![Vec::new(); self.compounds.len()];
        for r in &self.residents {
            members[r.compound as usize].push((r.lon, r.lat));
        }
        let (kx, ky) = crate::geodesy::scale_factors(CENTRE.1.to_radians());
        let (mx, my) = ((25.0 / kx).to_degrees(), (25.0 / ky).to_degrees());
        for (c, pts) in members.iter().enumerate() {
            if pts.is_empty() {
                continue;
            }
            let mut cloud = Vec::with_capacity(pts.len() * 4);
            for &(lon, lat) in pts {
                for (dx, dy) in [(-mx, -my), (mx, -my), (mx, my), (-mx, my)] {
                    cloud.push(Point::new(lon + dx, lat + dy));
                }
            }
            let hull = MultiPoint::from(cloud).convex_hull();
            let ring: Vec<[f64; 2]> = hull.exterior().coords().map(|p| [p.x, p.y]).collect();
            features.push(serde_json::json!({"type": "Feature",
                "properties": {"layer": "compound", "name": self.compounds[c]},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}));
        }
        serde_json::json!({"type": "FeatureCollection", "name": self.name, "synthetic": true, "features": features}).to_string()
    }

    /// Admin boundaries (streets, communities, grids) as a GeoJSON FeatureCollection of rectangles.
    pub fn boundaries_geojson(&self) -> String {
        let mut features = Vec::new();
        let path = |level: &str, i: usize| -> String {
            match level {
                "street" => self.streets[i].name.clone(),
                "community" => format!(
                    "{}/{}",
                    self.streets[self.communities[i].parent].name, self.communities[i].name
                ),
                _ => {
                    let c = self.grids[i].parent;
                    format!(
                        "{}/{}/{}",
                        self.streets[self.communities[c].parent].name,
                        self.communities[c].name,
                        self.grids[i].name
                    )
                }
            }
        };
        for (level, units) in [
            ("street", &self.streets),
            ("community", &self.communities),
            ("grid", &self.grids),
        ] {
            for (i, u) in units.iter().enumerate() {
                let [a, b, c, d] = u.bbox;
                features.push(serde_json::json!({
                    "type": "Feature",
                    "properties": {"level": level, "id": path(level, i), "name": u.name},
                    "geometry": {"type": "Polygon", "coordinates": [[[a, b], [c, b], [c, d], [a, d], [a, b]]]}
                }));
            }
        }
        serde_json::json!({"type": "FeatureCollection", "name": self.name, "synthetic": true, "features": features}).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = generate(&DemoConfig::default());
        let b = generate(&DemoConfig::default());
        assert_eq!(a, b);
        assert_eq!(a.residents.len(), 3000);
        assert!(a.stations.iter().any(|s| s.kind == "red_bee_station"));
        assert!(a.stations.iter().any(|s| s.kind == "party_service_station"));
        assert!(a.stations.iter().any(|s| s.kind == "commercial_hub"));
        let c = generate(&DemoConfig {
            seed: 1,
            residents: 20_000,
            stations: Some(400),
        });
        assert_eq!(c.residents.len(), 20_000);
        assert_eq!(c.stations.len(), 400);
    }

    #[test]
    fn residents_fall_in_their_grid() {
        let d = generate(&DemoConfig::default());
        for r in &d.residents {
            let g = &d.grids[r.grid as usize].bbox;
            assert!(
                r.lon >= g[0] - 1e-9
                    && r.lon <= g[2] + 1e-9
                    && r.lat >= g[1] - 1e-9
                    && r.lat <= g[3] + 1e-9
            );
        }
    }
}
