//! Stations by id, with one R-tree per kind over their projected positions.

use super::frame::Frame;
use crate::geodesy::GeoPoint;
use crate::kinds::KindIndex;
use rstar::{PointDistance, RTree, RTreeObject, AABB};

/// Id of a station, stable for the life of a plan (ids of removed stations are not reused).
pub type StationId = u32;
/// "No station" in per-resident arrays.
pub const NO_STATION: StationId = u32::MAX;

/// A station and the figures the engine keeps for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Station {
    /// Kind index.
    pub kind: KindIndex,
    /// Position (WGS-84).
    pub at: GeoPoint,
    /// Name.
    pub name: String,
    /// False once removed.
    pub alive: bool,
    /// Population within the kind's radius, persons.
    pub served: f64,
    /// Population within the radius and within no other station's of the same kind, persons.
    pub only: f64,
}

/// A station's entry in its kind's R-tree: projected position and id, nothing else.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StationEntry {
    /// Projected position, metres.
    pub pos: [f64; 2],
    /// Station id.
    pub id: StationId,
}

impl RTreeObject for StationEntry {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        AABB::from_point(self.pos)
    }
}

impl PointDistance for StationEntry {
    fn distance_2(&self, point: &[f64; 2]) -> f64 {
        let dx = self.pos[0] - point[0];
        let dy = self.pos[1] - point[1];
        dx * dx + dy * dy
    }
}

/// All stations of a plan.
#[derive(Clone, Debug, Default)]
pub struct Stations {
    /// Stations by id (removed ones stay, with `alive == false`).
    pub list: Vec<Station>,
    /// One tree per kind.
    pub trees: Vec<RTree<StationEntry>>,
    /// Live stations per kind.
    pub counts: Vec<usize>,
}

impl Stations {
    /// Makes room for `kinds` kinds.
    pub fn ensure_kinds(&mut self, kinds: usize) {
        while self.trees.len() < kinds {
            self.trees.push(RTree::new());
            self.counts.push(0);
        }
    }

    /// Rebuilds every kind's tree in `frame` (bulk load).
    pub fn rebuild_trees(&mut self, frame: &Frame) {
        let kinds = self.trees.len();
        let mut per_kind: Vec<Vec<StationEntry>> = vec![Vec::new(); kinds];
        for (id, s) in self.list.iter().enumerate() {
            if s.alive {
                per_kind[s.kind].push(StationEntry {
                    pos: frame.project(&s.at),
                    id: id as StationId,
                });
            }
        }
        self.counts = per_kind.iter().map(Vec::len).collect();
        self.trees = per_kind.into_iter().map(RTree::bulk_load).collect();
    }

    /// The live station `id`, if any.
    pub fn get(&self, id: StationId) -> Option<&Station> {
        self.list.get(id as usize).filter(|s| s.alive)
    }

    /// Adds a station to the list and its tree; returns its id.
    pub fn insert(
        &mut self,
        kind: KindIndex,
        at: GeoPoint,
        name: String,
        frame: &Frame,
    ) -> StationId {
        let id = self.list.len() as StationId;
        self.list.push(Station {
            kind,
            at,
            name,
            alive: true,
            served: 0.0,
            only: 0.0,
        });
        self.trees[kind].insert(StationEntry {
            pos: frame.project(&at),
            id,
        });
        self.counts[kind] += 1;
        id
    }

    /// Takes a live station out of its tree (it stays in the list until [`Stations::mark_removed`]).
    pub fn untree(&mut self, id: StationId, frame: &Frame) {
        let s = &self.list[id as usize];
        let removed = self.trees[s.kind].remove(&StationEntry {
            pos: frame.project(&s.at),
            id,
        });
        debug_assert!(removed.is_some(), "station {id} missing from its tree");
        self.counts[s.kind] -= 1;
    }

    /// Puts a live station back into its tree at its (possibly new) position.
    pub fn retree(&mut self, id: StationId, frame: &Frame) {
        let s = &self.list[id as usize];
        self.trees[s.kind].insert(StationEntry {
            pos: frame.project(&s.at),
            id,
        });
        self.counts[s.kind] += 1;
    }

    /// Marks a station removed and clears its figures.
    pub fn mark_removed(&mut self, id: StationId) {
        let s = &mut self.list[id as usize];
        s.alive = false;
        s.served = 0.0;
        s.only = 0.0;
    }
}
