//! The elements of an OSM file as both readers (XML and PBF) produce them: node positions, tagged
//! nodes, ways with their node references, relations with their members.

use super::tags::Tags;
use crate::error::{ImportError, Location};
use std::collections::HashMap;

/// Most nodes a way may have (the OpenStreetMap API's limit).
pub const MAX_WAY_NODES: usize = 2_000;
/// Most members a relation may have (the OpenStreetMap API's limit).
pub const MAX_MEMBERS: usize = 32_000;

/// A node's position `(lon, lat)` if it is one on the earth: finite, longitude within −180…180 and
/// latitude within −90…90; else the error naming the node.
pub fn check_position(id: i64, lon: f64, lat: f64) -> Result<(f64, f64), ImportError> {
    if lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0 {
        Ok((lon, lat))
    } else {
        Err(ImportError::new(
            Location::File,
            None,
            format!(
                "node {id} is at longitude {lon}, latitude {lat}: longitude must be within −180…180 and latitude within −90…90"
            ),
        )
        .zh(format!(
            "节点 {id} 位于经度 {lon}、纬度 {lat}：经度须在 −180…180 之间，纬度须在 −90…90 之间"
        )))
    }
}

/// A relation member: element type, id, role.
pub type Member = (String, i64, String);

/// The elements of an OSM file, as either reader produces them.
#[derive(Default)]
pub struct Raw {
    /// Node positions `(lon, lat)` by id.
    pub nodes: HashMap<i64, (f64, f64)>,
    /// Nodes with tags.
    pub node_tags: Vec<(i64, Tags)>,
    /// Ways: id, node references, tags.
    pub ways: Vec<(i64, Vec<i64>, Tags)>,
    /// Relations: id, members, tags.
    pub relations: Vec<(i64, Vec<Member>, Tags)>,
}
