//! Whether a point lies in a polygon on the plane: the even-odd crossing test with the half-open
//! rule, shared by boundary lookup and by the Shapefile reader's holes.

/// A polygon's rings (outer rings and holes alike; the even-odd rule tells them apart), in
/// longitude/latitude degrees (or any plane coordinates).
pub type Rings = Vec<Vec<[f64; 2]>>;

/// Whether (`x`, `y`) is inside `rings` by the even-odd crossing number, counting an edge's lower
/// end and not its upper end (half-open), and a point on an upward edge as left of it: of two
/// polygons sharing an edge, exactly one holds a point on it.
pub fn inside(x: f64, y: f64, rings: &[Vec<[f64; 2]>]) -> bool {
    let mut odd = false;
    for ring in rings {
        let n = ring.len();
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (a, b) = (ring[i], ring[j]);
            if (a[1] > y) != (b[1] > y) {
                let cross = a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
                if x < cross {
                    odd = !odd;
                }
            }
            j = i;
        }
    }
    odd
}
