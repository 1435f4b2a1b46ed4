//! Which polygon holds a point: an R-tree of the polygons' boxes, then an exact crossing-number
//! test with the half-open rule, so that a point on an edge two polygons share falls in exactly
//! one of them — the same one every time; where polygons overlap, the first in the file wins.

pub use crate::planar::inside;
use rstar::{RTree, RTreeObject, AABB};

pub use crate::planar::Rings;

struct Boxed {
    index: usize,
    envelope: AABB<[f64; 2]>,
}

impl RTreeObject for Boxed {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

/// Polygons indexed for point location.
pub struct PolygonIndex {
    polygons: Vec<Rings>,
    tree: RTree<Boxed>,
}

impl PolygonIndex {
    /// An index over `polygons` (file order).
    pub fn new(polygons: Vec<Rings>) -> Self {
        let boxes = polygons
            .iter()
            .enumerate()
            .filter_map(|(index, rings)| {
                let pts = rings.iter().flatten();
                let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
                for p in pts {
                    for d in 0..2 {
                        lo[d] = lo[d].min(p[d]);
                        hi[d] = hi[d].max(p[d]);
                    }
                }
                (lo[0] <= hi[0]).then(|| Boxed {
                    index,
                    envelope: AABB::from_corners(lo, hi),
                })
            })
            .collect();
        Self {
            polygons,
            tree: RTree::bulk_load(boxes),
        }
    }

    /// The first polygon (file order) holding (`x`, `y`), if any.
    pub fn locate(&self, x: f64, y: f64) -> Option<usize> {
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_point([x, y]))
            .map(|b| b.index)
            .filter(|&i| inside(x, y, &self.polygons[i]))
            .min()
    }

    /// Number of polygons.
    pub fn len(&self) -> usize {
        self.polygons.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.polygons.is_empty()
    }
}
