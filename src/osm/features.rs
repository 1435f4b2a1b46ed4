//! What an OSM file holds for planning, built from its raw elements: highway ways (walkable or
//! not), buildings and residential areas (ways and multipolygon relations, rings joined), and points
//! of interest by category and station rule.

use super::categories::poi_kind;
use super::raw::Raw;
use super::rules::StationRules;
use super::tags::{tag, Tags};
use crate::error::{ImportError, Location};
use crate::network::{across_areas, is_walkable, StreetLine};
use geo::{BooleanOps, Centroid, ChamberlainDuquetteArea, LineString, MultiPolygon, Polygon};
use std::collections::HashMap;

/// A highway way, a pedestrian area's outline, or a line walking across such an area.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmStreet {
    /// `w<id>` (`r<id>` for a multipolygon area's outline and the lines across an area).
    pub osm_id: String,
    /// The `highway` value.
    pub highway: String,
    /// The `name` tag (empty when none).
    pub name: String,
    /// Its vertices and whether people may walk it.
    pub line: StreetLine,
    /// False when some of its nodes are missing from the file (cut off by the extract).
    pub complete: bool,
    /// True for a straight line across a pedestrian area between two streets meeting it.
    pub across: bool,
}

/// How many POIs one station rule took (the first rule a POI matches takes it), and some names.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct RuleTake {
    /// POIs the rule decided (stations of its kind, or not stations when its kind is empty).
    pub taken: usize,
    /// Up to three of their names (named ones first in file order).
    pub examples: Vec<String>,
}

impl OsmImport {
    /// Per rule of the `rules` count this import was made with: the POIs it took.
    pub fn rule_takes(&self, rules: usize) -> Vec<RuleTake> {
        let mut out = vec![RuleTake::default(); rules];
        for p in &self.pois {
            if let Some(t) = p.rule.and_then(|i| out.get_mut(i)) {
                t.taken += 1;
                if t.examples.len() < 3 && !p.name.is_empty() && !t.examples.contains(&p.name) {
                    t.examples.push(p.name.clone());
                }
            }
        }
        out
    }
}

/// A building or residential area.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmArea {
    /// `w<id>` or `r<id>`.
    pub osm_id: String,
    /// Footprint (WGS-84).
    pub shape: MultiPolygon<f64>,
    /// The element's tags.
    pub tags: Tags,
}

impl OsmArea {
    /// Footprint area in m² (on the sphere; within a building, well under 0.5 % from the ellipsoid).
    pub fn area_m2(&self) -> f64 {
        self.shape.chamberlain_duquette_unsigned_area()
    }
}

/// A point of interest: in a [`poi_kind`] category, or a station by a [`StationRules`] rule.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmPoi {
    /// `n<id>`, `w<id>` or `r<id>`.
    pub osm_id: String,
    /// Category (see [`poi_kind`]); `other` when only a station rule took it.
    pub kind: &'static str,
    /// The station kind the rules give it (None: not a station).
    pub station: Option<String>,
    /// Name (empty when none).
    pub name: String,
    /// Position: the node, or the centroid of a way or relation.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// True when taken from an area (way or relation).
    pub from_area: bool,
    /// The tag that decided the kind, `key=value`.
    pub by: String,
    /// The station rule that decided (its index in the rules), if one did.
    pub rule: Option<usize>,
}

/// What an OSM file holds for planning.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OsmImport {
    /// Every highway way with geometry (walkable or not: see [`StreetLine::walkable`]).
    pub streets: Vec<OsmStreet>,
    /// Buildings (`building=*` ways and multipolygon relations).
    pub buildings: Vec<OsmArea>,
    /// `landuse=residential` areas.
    pub residential_areas: Vec<OsmArea>,
    /// Points of interest that map to a kind.
    pub pois: Vec<OsmPoi>,
}

/// Joins way pieces into closed rings (pieces may run either way).
fn rings(pieces: Vec<Vec<(f64, f64)>>) -> Vec<LineString<f64>> {
    let mut open: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut out = Vec::new();
    for p in pieces.into_iter().filter(|p| p.len() >= 2) {
        if p.first() == p.last() && p.len() >= 4 {
            out.push(LineString::from(p));
        } else {
            open.push(p);
        }
    }
    while let Some(mut ring) = open.pop() {
        loop {
            if ring.first() == ring.last() {
                break;
            }
            let end = *ring.last().expect("non-empty");
            let Some(i) = open
                .iter()
                .position(|q| q.first() == Some(&end) || q.last() == Some(&end))
            else {
                break;
            };
            let mut q = open.swap_remove(i);
            if q.first() != Some(&end) {
                q.reverse();
            }
            ring.extend(q.into_iter().skip(1));
        }
        if ring.first() == ring.last() && ring.len() >= 4 {
            out.push(LineString::from(ring));
        }
    }
    out
}

/// The largest footprint a building may have (the largest buildings on earth cover under 1 km²).
const MAX_BUILDING_KM2: f64 = 2.0;
/// The largest residential area (a whole town drawn as one polygon is some tens of km²).
const MAX_RESIDENTIAL_KM2: f64 = 100.0;
/// The most floors a building may have (the tallest has 163).
const MAX_LEVELS: f64 = 200.0;

/// A building or residential area whose size or height no real one has is refused (its estimated
/// population would swamp the district's).
fn check_area(a: &OsmArea, building: bool) -> Result<(), ImportError> {
    let km2 = a.area_m2() / 1e6;
    let (limit, what) = if building {
        (MAX_BUILDING_KM2, "building")
    } else {
        (MAX_RESIDENTIAL_KM2, "residential area")
    };
    if km2.is_nan() || km2 > limit {
        return Err(ImportError::new(
            Location::File,
            None,
            format!(
                "{} is a {what} of {km2:.1} km² (at most {limit} km²): the file is damaged, or the area is not what it says",
                a.osm_id
            ),
        )
        .zh(format!(
            "{} 是面积 {km2:.1} km² 的{}（最多 {limit} km²）：文件已损坏，或该区域并非其所标注的类型",
            a.osm_id,
            if building { "建筑" } else { "居住区" }
        )));
    }
    if building {
        if let Some(levels) =
            tag(&a.tags, "building:levels").and_then(|l| l.trim().parse::<f64>().ok())
        {
            if levels.is_nan() || levels > MAX_LEVELS {
                return Err(ImportError::new(
                    Location::File,
                    None,
                    format!(
                        "{} has building:levels {levels} (at most {MAX_LEVELS}): the tag is wrong",
                        a.osm_id
                    ),
                )
                .zh(format!(
                    "{} 的 building:levels 为 {levels}（最多 {MAX_LEVELS}）：该标签有误",
                    a.osm_id
                )));
            }
        }
    }
    Ok(())
}

/// A `highway=pedestrian` area: a closed way tagged `area=yes`, or a multipolygon relation.
fn is_pedestrian_area(tags: &Tags) -> bool {
    tag(tags, "highway") == Some("pedestrian")
        && (tag(tags, "area") == Some("yes") || tag(tags, "type") == Some("multipolygon"))
}

pub fn build(raw: Raw, rules: &StationRules) -> Result<OsmImport, ImportError> {
    let mut out = OsmImport::default();
    let coords = |refs: &[i64]| -> Vec<(f64, f64)> {
        refs.iter()
            .filter_map(|r| raw.nodes.get(r).copied())
            .collect()
    };
    let mut way_index: HashMap<i64, usize> = HashMap::new();
    for (i, (id, _, _)) in raw.ways.iter().enumerate() {
        way_index.insert(*id, i);
    }
    // An area with a node missing from the file (cut off by the extract) has no knowable shape.
    let area_of_way = |refs: &[i64]| -> Option<MultiPolygon<f64>> {
        let pts = coords(refs);
        (pts.len() == refs.len() && pts.len() >= 4 && pts.first() == pts.last())
            .then(|| MultiPolygon::new(vec![Polygon::new(LineString::from(pts), vec![])]))
    };
    // Pedestrian areas: `(osm id, name, shape)`.
    let mut pedestrian: Vec<(String, String, MultiPolygon<f64>)> = Vec::new();
    let name_of = |tags: &Tags| tag(tags, "name").unwrap_or_default().to_string();
    for (id, refs, tags) in &raw.ways {
        let osm_id = format!("w{id}");
        if let Some(h) = tag(tags, "highway") {
            let pts = coords(refs);
            if pts.len() >= 2 {
                out.streets.push(OsmStreet {
                    osm_id: osm_id.clone(),
                    highway: h.to_string(),
                    name: tag(tags, "name").unwrap_or_default().to_string(),
                    complete: pts.len() == refs.len(),
                    line: StreetLine {
                        points: pts,
                        walkable: is_walkable(tags),
                    },
                    across: false,
                });
                if is_pedestrian_area(tags) {
                    if let Some(shape) = area_of_way(refs) {
                        pedestrian.push((osm_id.clone(), name_of(tags), shape));
                    }
                }
            }
        }
        let is_building = tag(tags, "building").is_some_and(|b| b != "no");
        let is_residential = tag(tags, "landuse") == Some("residential");
        if is_building || is_residential {
            if let Some(shape) = area_of_way(refs) {
                let a = OsmArea {
                    osm_id: osm_id.clone(),
                    shape,
                    tags: tags.clone(),
                };
                if is_building {
                    check_area(&a, true)?;
                    out.buildings.push(a.clone());
                }
                if is_residential {
                    check_area(&a, false)?;
                    out.residential_areas.push(a);
                }
            }
        }
    }
    let mut rel_shapes: HashMap<i64, MultiPolygon<f64>> = HashMap::new();
    for (id, members, tags) in &raw.relations {
        // A multipolygon with a member way missing from the file (cut off by the extract's
        // bounding box) has no knowable shape: it is left out rather than guessed.
        let complete = members
            .iter()
            .filter(|(t, _, _)| t == "way")
            .all(|(_, w, _)| way_index.contains_key(w));
        if tag(tags, "type") != Some("multipolygon") || !complete {
            continue;
        }
        // A way listed twice in the same role is one ring (listed again, it would count again).
        let piece = |role: &str| -> Vec<Vec<(f64, f64)>> {
            let mut seen = std::collections::HashSet::new();
            members
                .iter()
                .filter(|(t, _, r)| t == "way" && (r == role || (role == "outer" && r.is_empty())))
                .filter(|(_, w, _)| seen.insert(*w))
                .filter_map(|(_, w, _)| way_index.get(w).map(|&i| coords(&raw.ways[i].1)))
                .collect()
        };
        let outers = rings(piece("outer"));
        let inners = rings(piece("inner"));
        if outers.is_empty() {
            continue;
        }
        let mut polys: Vec<Polygon<f64>> = outers
            .into_iter()
            .map(|o| Polygon::new(o, vec![]))
            .collect();
        let holes = MultiPolygon::new(
            inners
                .into_iter()
                .map(|i| Polygon::new(i, vec![]))
                .collect(),
        );
        let mut shape = MultiPolygon::new(std::mem::take(&mut polys));
        if !holes.0.is_empty() {
            shape = shape.difference(&holes);
        }
        rel_shapes.insert(*id, shape.clone());
        let osm_id = format!("r{id}");
        if is_pedestrian_area(tags) && is_walkable(tags) {
            // Its outline: the member ways carry no highway tag of their own.
            for ring in shape
                .0
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            {
                out.streets.push(OsmStreet {
                    osm_id: osm_id.clone(),
                    highway: "pedestrian".into(),
                    name: name_of(tags),
                    complete: true,
                    line: StreetLine {
                        points: ring.points().map(|p| (p.x(), p.y())).collect(),
                        walkable: true,
                    },
                    across: false,
                });
            }
            pedestrian.push((osm_id.clone(), name_of(tags), shape.clone()));
        }
        if tag(tags, "building").is_some_and(|b| b != "no") {
            let a = OsmArea {
                osm_id: osm_id.clone(),
                shape: shape.clone(),
                tags: tags.clone(),
            };
            check_area(&a, true)?;
            out.buildings.push(a);
        }
        if tag(tags, "landuse") == Some("residential") {
            let a = OsmArea {
                osm_id,
                shape,
                tags: tags.clone(),
            };
            check_area(&a, false)?;
            out.residential_areas.push(a);
        }
    }
    // Walking across pedestrian areas, between the streets that meet them.
    let lines: Vec<StreetLine> = out.streets.iter().map(|s| s.line.clone()).collect();
    for (osm_id, name, shape) in &pedestrian {
        for line in across_areas(std::slice::from_ref(shape), &lines) {
            out.streets.push(OsmStreet {
                osm_id: osm_id.clone(),
                highway: "pedestrian".into(),
                name: name.clone(),
                complete: true,
                line,
                across: true,
            });
        }
    }
    // A POI: in a category, or taken by a station rule (which then names the deciding tag).
    let wanted = |tags: &Tags| poi_kind(tags).is_some() || rules.decide(tags).is_some();
    let mut push_poi = |osm_id: String, tags: &Tags, at: Option<(f64, f64)>, from_area: bool| {
        let Some((lon, lat)) = at else { return };
        let category = poi_kind(tags);
        let decided = rules.decide_at(tags);
        let by = match (&decided, &category) {
            (Some((_, _, by)), _) | (None, Some((_, by))) => by.clone(),
            (None, None) => return,
        };
        out.pois.push(OsmPoi {
            osm_id,
            kind: category.map_or("other", |(c, _)| c),
            station: decided.as_ref().and_then(|(_, k, _)| k.map(str::to_string)),
            rule: decided.as_ref().map(|(i, _, _)| *i),
            name: tag(tags, "name").unwrap_or_default().to_string(),
            lon,
            lat,
            from_area,
            by,
        });
    };
    for (id, tags) in &raw.node_tags {
        push_poi(format!("n{id}"), tags, raw.nodes.get(id).copied(), false);
    }
    let centre = |m: &MultiPolygon<f64>| m.centroid().map(|c| (c.x(), c.y()));
    for (id, refs, tags) in &raw.ways {
        if wanted(tags) {
            let at = area_of_way(refs).and_then(|m| centre(&m)).or_else(|| {
                let pts = coords(refs);
                LineString::from(pts).centroid().map(|c| (c.x(), c.y()))
            });
            push_poi(format!("w{id}"), tags, at, true);
        }
    }
    for (id, _, tags) in &raw.relations {
        if wanted(tags) {
            push_poi(
                format!("r{id}"),
                tags,
                rel_shapes.get(id).and_then(centre),
                true,
            );
        }
    }
    Ok(out)
}
