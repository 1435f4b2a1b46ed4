//! OpenStreetMap XML (`.osm`) import: walkable streets, buildings (ways and multipolygon
//! relations) and points of interest with a documented tag → kind mapping.

use super::graph::StreetLine;
use super::rules::StationRules;
use crate::error::{ImportError, Location};
use geo::{BooleanOps, Centroid, ChamberlainDuquetteArea, LineString, MultiPolygon, Polygon};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

/// Tags of one element.
pub type Tags = Vec<(String, String)>;

fn tag<'a>(tags: &'a Tags, k: &str) -> Option<&'a str> {
    tags.iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}

/// Whether a pedestrian may use a highway way with these tags: footways, paths, steps, living and
/// residential streets and ordinary roads are walkable; motorways, ways under construction, and
/// ways marked `foot=no` or private (`access=private|no` without a `foot` permission) are not.
pub fn is_walkable(tags: &Tags) -> bool {
    let Some(h) = tag(tags, "highway") else {
        return false;
    };
    if matches!(
        h,
        "motorway"
            | "motorway_link"
            | "construction"
            | "proposed"
            | "abandoned"
            | "raceway"
            | "bus_guideway"
            | "razed"
            | "platform"
            | "corridor"
            | "elevator"
            | "bus_stop"
            | "services"
            | "rest_area"
    ) {
        return false;
    }
    let foot = tag(tags, "foot");
    if matches!(foot, Some("no" | "private" | "use_sidepath")) {
        return false;
    }
    let foot_ok = matches!(
        foot,
        Some("yes" | "designated" | "permissive" | "destination")
    );
    !matches!(tag(tags, "access"), Some("private" | "no")) || foot_ok
}

/// A highway way.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmStreet {
    /// `w<id>`.
    pub osm_id: String,
    /// The `highway` value.
    pub highway: String,
    /// The `name` tag (empty when none).
    pub name: String,
    /// Its vertices and whether people may walk it.
    pub line: StreetLine,
    /// False when some of its nodes are missing from the file (cut off by the extract).
    pub complete: bool,
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

/// The tag → kind mapping for points of interest, in order of precedence:
///
/// | kind | tags |
/// |---|---|
/// | `community_service` | amenity = community_centre, townhall, social_facility, social_centre |
/// | `post_courier` | amenity = post_office, parcel_locker; shop = courier |
/// | `commercial_hub` | shop = mall, department_store, supermarket, convenience; amenity = marketplace |
/// | `canteen_food` | amenity = restaurant, fast_food, cafe, food_court, canteen |
/// | `school` | amenity = school, university, college, kindergarten |
/// | `clinic_health` | amenity = clinic, hospital, pharmacy, doctors |
pub fn poi_kind(tags: &Tags) -> Option<(&'static str, String)> {
    const RULES: &[(&str, &str, &[&str])] = &[
        (
            "community_service",
            "amenity",
            &[
                "community_centre",
                "townhall",
                "social_facility",
                "social_centre",
            ],
        ),
        ("post_courier", "amenity", &["post_office", "parcel_locker"]),
        ("post_courier", "shop", &["courier"]),
        (
            "commercial_hub",
            "shop",
            &["mall", "department_store", "supermarket", "convenience"],
        ),
        ("commercial_hub", "amenity", &["marketplace"]),
        (
            "canteen_food",
            "amenity",
            &["restaurant", "fast_food", "cafe", "food_court", "canteen"],
        ),
        (
            "school",
            "amenity",
            &["school", "university", "college", "kindergarten"],
        ),
        (
            "clinic_health",
            "amenity",
            &["clinic", "hospital", "pharmacy", "doctors"],
        ),
    ];
    RULES.iter().find_map(|(kind, key, values)| {
        let v = tag(tags, key)?;
        values.contains(&v).then(|| (*kind, format!("{key}={v}")))
    })
}

/// A relation member: element type, id, role.
pub(super) type Member = (String, i64, String);

/// The elements of an OSM file, as either reader produces them.
#[derive(Default)]
pub(super) struct Raw {
    pub nodes: HashMap<i64, (f64, f64)>,
    pub node_tags: Vec<(i64, Tags)>,
    pub ways: Vec<(i64, Vec<i64>, Tags)>,
    pub relations: Vec<(i64, Vec<Member>, Tags)>,
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Reads OSM XML; `progress(done, total)` every quarter megabyte.
fn parse(text: &str, progress: &mut dyn FnMut(usize, usize)) -> Result<Raw, ImportError> {
    const STEP: usize = 1 << 18;
    let mut reported = 0;
    let mut reader = Reader::from_str(text);
    let mut raw = Raw::default();
    // The element being read: 'n', 'w' or 'r', its id, tags, refs and members.
    let mut current: Option<(u8, i64)> = None;
    let mut tags: Tags = Vec::new();
    let mut refs: Vec<i64> = Vec::new();
    let mut members: Vec<Member> = Vec::new();
    let err = |pos: u64, m: String| {
        ImportError::new(Location::File, None, format!("OSM XML at byte {pos}: {m}"))
    };
    let id_of = |e: &BytesStart, pos: u64| -> Result<i64, ImportError> {
        attr(e, b"id")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| err(pos, "an element without a numeric id".into()))
    };
    loop {
        let pos = reader.buffer_position();
        if pos as usize >= reported + STEP {
            reported = pos as usize;
            progress(reported, text.len());
        }
        let ev = reader.read_event().map_err(|e| err(pos, e.to_string()))?;
        let (e, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(e) => {
                let name = e.name();
                let kind = match name.as_ref() {
                    b"node" => b'n',
                    b"way" => b'w',
                    b"relation" => b'r',
                    _ => 0,
                };
                if kind != 0 {
                    finish(&mut raw, current.take(), &mut tags, &mut refs, &mut members);
                }
                (None, false)
            }
            Event::Eof => break,
            _ => (None, false),
        };
        let Some(e) = e else { continue };
        match e.name().as_ref() {
            b"node" => {
                let id = id_of(&e, pos)?;
                let lat = attr(&e, b"lat").and_then(|v| v.parse::<f64>().ok());
                let lon = attr(&e, b"lon").and_then(|v| v.parse::<f64>().ok());
                let (Some(lat), Some(lon)) = (lat, lon) else {
                    return Err(err(pos, format!("node {id} has no lat/lon")));
                };
                raw.nodes.insert(id, (lon, lat));
                current = Some((b'n', id));
                if empty {
                    finish(&mut raw, current.take(), &mut tags, &mut refs, &mut members);
                }
            }
            b"way" | b"relation" => {
                let id = id_of(&e, pos)?;
                current = Some((
                    if e.name().as_ref() == b"way" {
                        b'w'
                    } else {
                        b'r'
                    },
                    id,
                ));
                if empty {
                    finish(&mut raw, current.take(), &mut tags, &mut refs, &mut members);
                }
            }
            b"tag" if current.is_some() => {
                if let (Some(k), Some(v)) = (attr(&e, b"k"), attr(&e, b"v")) {
                    tags.push((k, v));
                }
            }
            b"nd" if current.is_some() => {
                if let Some(r) = attr(&e, b"ref").and_then(|v| v.parse().ok()) {
                    refs.push(r);
                }
            }
            b"member" if current.is_some() => {
                let t = attr(&e, b"type").unwrap_or_default();
                let r = attr(&e, b"ref").and_then(|v| v.parse().ok());
                if let Some(r) = r {
                    members.push((t, r, attr(&e, b"role").unwrap_or_default()));
                }
            }
            _ => {}
        }
    }
    Ok(raw)
}

fn finish(
    raw: &mut Raw,
    current: Option<(u8, i64)>,
    tags: &mut Tags,
    refs: &mut Vec<i64>,
    members: &mut Vec<Member>,
) {
    let t = std::mem::take(tags);
    let r = std::mem::take(refs);
    let m = std::mem::take(members);
    match current {
        Some((b'n', id)) if !t.is_empty() => raw.node_tags.push((id, t)),
        Some((b'w', id)) => raw.ways.push((id, r, t)),
        Some((b'r', id)) => raw.relations.push((id, m, t)),
        _ => {}
    }
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

/// Reads an `.osm` XML file (stations by the default rules).
pub fn import_osm_xml(text: &str) -> Result<OsmImport, ImportError> {
    build(
        parse(text.trim_start_matches('\u{feff}'), &mut |_, _| {})?,
        &StationRules::default(),
    )
}

/// Reads an `.osm.pbf` file (zlib-compressed or raw blobs; stations by the default rules).
pub fn import_osm_pbf(bytes: &[u8]) -> Result<OsmImport, ImportError> {
    build(
        super::pbf::parse(bytes, &mut |_, _| {})?,
        &StationRules::default(),
    )
}

/// Reads OSM data in either encoding (stations by the default rules).
pub fn import_osm(bytes: &[u8]) -> Result<OsmImport, ImportError> {
    import_osm_with(bytes, &StationRules::default())
}

/// Reads OSM data in either encoding: PBF when the bytes do not start like XML; POIs become
/// stations by `rules`.
pub fn import_osm_with(bytes: &[u8], rules: &StationRules) -> Result<OsmImport, ImportError> {
    import_osm_reporting(bytes, rules, &mut |_, _| {})
}

/// [`import_osm_with`], calling `progress(bytes read, total bytes)` as the file is read (every
/// quarter megabyte of XML, every data block of PBF).
pub fn import_osm_reporting(
    bytes: &[u8],
    rules: &StationRules,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<OsmImport, ImportError> {
    let head = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| bytes[i]);
    if head == Some(b'<') || bytes.starts_with(&[0xef, 0xbb, 0xbf]) {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            ImportError::new(Location::File, None, format!("OSM XML is not UTF-8: {e}"))
        })?;
        let body = text.trim_start_matches('\u{feff}');
        let skipped = text.len() - body.len();
        build(
            parse(body, &mut |done, _| progress(skipped + done, bytes.len()))?,
            rules,
        )
    } else {
        build(super::pbf::parse(bytes, progress)?, rules)
    }
}

fn build(raw: Raw, rules: &StationRules) -> Result<OsmImport, ImportError> {
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
                });
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
                    out.buildings.push(a.clone());
                }
                if is_residential {
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
        let piece = |role: &str| -> Vec<Vec<(f64, f64)>> {
            members
                .iter()
                .filter(|(t, _, r)| t == "way" && (r == role || (role == "outer" && r.is_empty())))
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
        if tag(tags, "building").is_some_and(|b| b != "no") {
            out.buildings.push(OsmArea {
                osm_id: osm_id.clone(),
                shape: shape.clone(),
                tags: tags.clone(),
            });
        }
        if tag(tags, "landuse") == Some("residential") {
            out.residential_areas.push(OsmArea {
                osm_id,
                shape,
                tags: tags.clone(),
            });
        }
    }
    // A POI: in a category, or taken by a station rule (which then names the deciding tag).
    let wanted = |tags: &Tags| poi_kind(tags).is_some() || rules.decide(tags).is_some();
    let mut push_poi = |osm_id: String, tags: &Tags, at: Option<(f64, f64)>, from_area: bool| {
        let Some((lon, lat)) = at else { return };
        let category = poi_kind(tags);
        let decided = rules.decide(tags);
        if category.is_none() && decided.is_none() {
            return;
        }
        let by = match (&decided, &category) {
            (Some((_, by)), _) | (None, Some((_, by))) => by.clone(),
            (None, None) => unreachable!("one of them is set"),
        };
        out.pois.push(OsmPoi {
            osm_id,
            kind: category.map_or("other", |(c, _)| c),
            station: decided.and_then(|(k, _)| k.map(str::to_string)),
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
