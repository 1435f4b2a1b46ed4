//! Pedestrian areas (`highway=pedestrian` squares and precincts drawn as areas): walkable along
//! their outlines and straight across between the places where streets meet them.
//!
//! Routing engines that do not route across areas leave a square's far side a long walk round
//! its outline, or — when footways end inside it — not joined at all. Here every pair of *entries*
//! (a vertex of a street that comes from outside the area, or ends inside it) is joined by a
//! straight line when that line stays inside the area; holes are walked round.

use super::graph::StreetLine;
use geo::{BoundingRect, Coord, MultiPolygon, Polygon};

/// Most entries of one area joined pairwise; beyond, each entry joins its nearest few.
const ALL_PAIRS: usize = 40;
/// Entries each entry joins when an area has more than [`ALL_PAIRS`].
const NEAREST: usize = 6;
/// Nearest entries tried for those joins (a straight line along the outline is not inside).
const MAX_TRIED: usize = 512;

/// The lines walking across `areas`, given the `lines` that meet them (outlines included: a line
/// lying wholly on an area's outline and inside it makes no entry).
pub fn across_areas(areas: &[MultiPolygon<f64>], lines: &[StreetLine]) -> Vec<StreetLine> {
    let mut out = Vec::new();
    for poly in areas.iter().flat_map(|m| m.0.iter()) {
        let Some(bbox) = poly.bounding_rect() else {
            continue;
        };
        let inside = |p: &(f64, f64)| {
            p.0 >= bbox.min().x
                && p.0 <= bbox.max().x
                && p.1 >= bbox.min().y
                && p.1 <= bbox.max().y
                && where_is(poly, *p) != Place::Outside
        };
        let mut entries: Vec<(f64, f64)> = Vec::new();
        for l in lines.iter().filter(|l| l.walkable) {
            let within: Vec<bool> = l.points.iter().map(inside).collect();
            if !within.iter().any(|&w| w) {
                continue;
            }
            let from_outside = within.iter().any(|&w| !w);
            for (i, p) in l.points.iter().enumerate() {
                if !within[i] {
                    continue;
                }
                // Where a street crosses into the area, or a street's end inside it.
                let crossing = from_outside
                    && ((i > 0 && !within[i - 1]) || (i + 1 < within.len() && !within[i + 1]));
                let end_inside =
                    (i == 0 || i + 1 == l.points.len()) && where_is(poly, *p) == Place::Inside;
                if crossing || end_inside {
                    entries.push(*p);
                }
            }
        }
        entries.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        entries.dedup();
        out.extend(join_entries(poly, &entries));
    }
    out
}

/// Straight lines between entries that stay inside `poly`: every pair when there are few
/// entries, else from each entry to its nearest [`NEAREST`] that can be walked to straight.
fn join_entries(poly: &Polygon<f64>, entries: &[(f64, f64)]) -> Vec<StreetLine> {
    let n = entries.len();
    let walkable = |i: usize, j: usize| chord_inside(poly, entries[i], entries[j]);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if n <= ALL_PAIRS {
        for i in 0..n {
            for j in i + 1..n {
                if walkable(i, j) {
                    pairs.push((i, j));
                }
            }
        }
    } else {
        for i in 0..n {
            let mut by: Vec<usize> = (0..n).filter(|&j| j != i).collect();
            let d = |j: usize| (entries[j].0 - entries[i].0).hypot(entries[j].1 - entries[i].1);
            by.sort_by(|&a, &b| d(a).total_cmp(&d(b)));
            pairs.extend(
                by.into_iter()
                    .take(MAX_TRIED)
                    .filter(|&j| walkable(i, j))
                    .take(NEAREST)
                    .map(|j| (i.min(j), i.max(j))),
            );
        }
        pairs.sort_unstable();
        pairs.dedup();
    }
    pairs
        .into_iter()
        .map(|(i, j)| StreetLine {
            points: vec![entries[i], entries[j]],
            walkable: true,
        })
        .collect()
}

/// Where a point lies against a polygon (holes are outside).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Place {
    Inside,
    Boundary,
    Outside,
}

/// Rings of a polygon as edges `(p, q)`.
fn edges(poly: &Polygon<f64>) -> impl Iterator<Item = (Coord<f64>, Coord<f64>)> + '_ {
    std::iter::once(poly.exterior())
        .chain(poly.interiors())
        .flat_map(|r| r.0.windows(2).map(|w| (w[0], w[1])))
}

/// Points closer than this to a ring (degrees, about a millimetre) are on it.
const ON_RING: f64 = 1e-8;

/// Inside, on the boundary of, or outside `poly` (crossing number, boundary within [`ON_RING`]).
fn where_is(poly: &Polygon<f64>, (x, y): (f64, f64)) -> Place {
    let mut inside = false;
    for (p, q) in edges(poly) {
        let (dx, dy) = (q.x - p.x, q.y - p.y);
        let l2 = dx * dx + dy * dy;
        let s = if l2 > 0.0 {
            (((x - p.x) * dx + (y - p.y) * dy) / l2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        if (x - p.x - s * dx).hypot(y - p.y - s * dy) <= ON_RING {
            return Place::Boundary;
        }
        if (p.y > y) != (q.y > y) && x < p.x + (y - p.y) / (q.y - p.y) * (q.x - p.x) {
            inside = !inside;
        }
    }
    if inside {
        Place::Inside
    } else {
        Place::Outside
    }
}

/// Whether the straight line from `a` to `b` runs through the inside of `poly` (its ends may lie
/// on the boundary): cut where it meets any ring, every piece's middle must be inside. A line
/// along the outline is not inside (written here rather than taken from `geo`'s `Contains`,
/// whose general relate machinery added 200 KB to the WebAssembly module).
fn chord_inside(poly: &Polygon<f64>, a: (f64, f64), b: (f64, f64)) -> bool {
    let (ux, uy) = (b.0 - a.0, b.1 - a.1);
    let mut cuts = vec![0.0, 1.0];
    for (p, q) in edges(poly) {
        let (vx, vy) = (q.x - p.x, q.y - p.y);
        let den = ux * vy - uy * vx;
        let (wx, wy) = (p.x - a.0, p.y - a.1);
        if den != 0.0 {
            let t = (wx * vy - wy * vx) / den;
            let s = (wx * uy - wy * ux) / den;
            if (0.0..=1.0).contains(&t) && (-1e-12..=1.0 + 1e-12).contains(&s) {
                cuts.push(t);
            }
        } else {
            // Parallel: where the edge's ends fall along the line (collinear or not, the pieces'
            // middles decide).
            let l2 = ux * ux + uy * uy;
            if l2 > 0.0 {
                for e in [p, q] {
                    let t = ((e.x - a.0) * ux + (e.y - a.1) * uy) / l2;
                    if (0.0..=1.0).contains(&t) {
                        cuts.push(t);
                    }
                }
            }
        }
    }
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    cuts.windows(2).filter(|w| w[1] - w[0] > 1e-12).all(|w| {
        let m = (w[0] + w[1]) / 2.0;
        where_is(poly, (a.0 + m * ux, a.1 + m * uy)) == Place::Inside
    })
}

#[cfg(test)]
mod tests {
    //! A square with streets meeting it, an L-shaped precinct (a chord across the notch would leave
    //! it), a hole, and an outline with no street: against what each should give.

    use super::*;
    use geo::LineString;

    fn square(x0: f64, y0: f64, s: f64) -> Vec<(f64, f64)> {
        vec![
            (x0, y0),
            (x0 + s, y0),
            (x0 + s, y0 + s),
            (x0, y0 + s),
            (x0, y0),
        ]
    }

    fn area(outer: Vec<(f64, f64)>, holes: Vec<Vec<(f64, f64)>>) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![Polygon::new(
            LineString::from(outer),
            holes.into_iter().map(LineString::from).collect(),
        )])
    }

    fn line(points: Vec<(f64, f64)>) -> StreetLine {
        StreetLine {
            points,
            walkable: true,
        }
    }

    #[test]
    fn streets_meeting_a_square_are_joined_across_it() {
        let outline = square(0.0, 0.0, 1.0);
        let lines = vec![
            line(outline.clone()),
            // West street ends on the outline at (0, 0.5), a vertex it shares with the outline.
            line(vec![(-1.0, 0.5), (0.0, 0.5)]),
            // East street meets at (1, 0.5).
            line(vec![(2.0, 0.5), (1.0, 0.5)]),
            // A footway ending inside the square.
            line(vec![(0.5, -1.0), (0.5, 0.0), (0.5, 0.3)]),
        ];
        let a = area(outline, vec![]);
        let across = across_areas(&[a], &lines);
        let has = |p: (f64, f64), q: (f64, f64)| {
            across
                .iter()
                .any(|l| l.points == vec![p, q] || l.points == vec![q, p])
        };
        // Entries: (0, .5), (1, .5), (.5, 0) and the end (.5, .3): every pair stays inside.
        assert_eq!(across.len(), 6, "{across:?}");
        assert!(has((0.0, 0.5), (1.0, 0.5)));
        assert!(has((0.0, 0.5), (0.5, 0.3)));
        // The outline alone makes no entry.
        assert!(across_areas(&[area(square(0.0, 0.0, 1.0), vec![])], &lines[..1]).is_empty());
    }

    #[test]
    fn lines_leaving_the_area_or_crossing_a_hole_are_not_added() {
        // An L: the chord from the top of the upright to the end of the foot cuts the notch.
        let l_shape = vec![
            (0.0, 0.0),
            (3.0, 0.0),
            (3.0, 1.0),
            (1.0, 1.0),
            (1.0, 3.0),
            (0.0, 3.0),
            (0.0, 0.0),
        ];
        let lines = vec![
            line(vec![(0.5, 4.0), (0.5, 3.0)]),
            line(vec![(4.0, 0.5), (3.0, 0.5)]),
            line(vec![(-1.0, 0.5), (0.0, 0.5)]),
        ];
        let across = across_areas(&[area(l_shape, vec![])], &lines);
        let pairs: Vec<_> = across.iter().map(|l| l.points.clone()).collect();
        assert!(!pairs
            .iter()
            .any(|p| p.contains(&(0.5, 3.0)) && p.contains(&(3.0, 0.5))));
        assert!(pairs
            .iter()
            .any(|p| p.contains(&(0.5, 3.0)) && p.contains(&(0.0, 0.5))));
        assert!(pairs
            .iter()
            .any(|p| p.contains(&(3.0, 0.5)) && p.contains(&(0.0, 0.5))));
        // A hole in the middle of a square: west to east is blocked, west to north is not.
        let lines = vec![
            line(vec![(-1.0, 1.5), (0.0, 1.5)]),
            line(vec![(4.0, 1.5), (3.0, 1.5)]),
            line(vec![(0.5, 4.0), (0.5, 3.0)]),
        ];
        let holed = area(square(0.0, 0.0, 3.0), vec![square(1.0, 1.0, 1.0)]);
        let across = across_areas(&[holed], &lines);
        assert_eq!(across.len(), 2, "{across:?}");
    }

    #[test]
    fn chords_and_points_agree_with_geo() {
        // The hand-written tests against `geo`'s relate-based predicates, on random polygons
        // with a hole and random chords between their vertices and random points.
        use crate::demo::Rng;
        use geo::{Contains, Intersects, Line, Point};
        let mut rng = Rng::new(9);
        for _ in 0..200 {
            // A star-shaped ring round (0, 0) with a small square hole.
            let k = 5 + rng.below(8);
            let mut outer: Vec<(f64, f64)> = (0..k)
                .map(|i| {
                    let a = i as f64 / k as f64 * std::f64::consts::TAU;
                    let r = rng.range(2.0, 5.0);
                    (
                        (r * a.cos() * 64.0).round() / 64.0,
                        (r * a.sin() * 64.0).round() / 64.0,
                    )
                })
                .collect();
            outer.push(outer[0]);
            let poly = Polygon::new(
                LineString::from(outer.clone()),
                vec![LineString::from(square(-0.5, -0.5, 1.0))],
            );
            for _ in 0..40 {
                let a = outer[rng.below(k)];
                let b = outer[rng.below(k)];
                if a == b {
                    continue;
                }
                let want = poly.contains(&Line::new(
                    Coord { x: a.0, y: a.1 },
                    Coord { x: b.0, y: b.1 },
                ));
                assert_eq!(chord_inside(&poly, a, b), want, "{outer:?} {a:?} {b:?}");
                let p = (rng.range(-5.0, 5.0), rng.range(-5.0, 5.0));
                let place = where_is(&poly, p);
                assert_eq!(
                    place != Place::Outside,
                    poly.intersects(&Point::new(p.0, p.1))
                );
            }
        }
    }

    #[test]
    fn a_crowded_area_joins_each_entry_to_its_nearest() {
        // 100 streets meet a large square's south side and 100 its north side: not 19,900 lines
        // but at most 6 from each entry, to the nearest across (a chord along a side lies on the
        // outline, not inside).
        let mut lines = vec![line(square(0.0, 0.0, 100.0))];
        for i in 0..100 {
            let x = 0.5 + i as f64;
            lines.push(line(vec![(x, -1.0), (x, 0.0)]));
            lines.push(line(vec![(x, 101.0), (x, 100.0)]));
        }
        let across = across_areas(&[area(square(0.0, 0.0, 100.0), vec![])], &lines);
        assert!(across.len() <= 200 * NEAREST, "{}", across.len());
        assert!(across.len() >= 100 * NEAREST, "{}", across.len());
        for l in &across {
            assert!(l.points[0].1 != l.points[1].1, "along a side: {l:?}");
        }
        // The straight one across from (50.5, 0) is among them.
        assert!(across
            .iter()
            .any(|l| l.points.contains(&(50.5, 0.0)) && l.points.contains(&(50.5, 100.0))));
    }
}
