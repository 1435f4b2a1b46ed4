//! The elements of an OSM file as both readers (XML and PBF) produce them: node positions, tagged
//! nodes, ways with their node references, relations with their members.

use super::tags::Tags;
use std::collections::HashMap;

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
