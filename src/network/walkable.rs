//! Who may walk a street: the OpenStreetMap tags that make a highway way part of the walking
//! network or keep it out (used for OSM files and for GeoJSON streets that carry those tags).

/// Whether a pedestrian may use a highway way with these tags: footways, paths, steps, living and
/// residential streets and ordinary roads are walkable; motorways, ways under construction, and
/// ways marked `foot=no` or private (`access=private|no` without a `foot` permission) are not.
pub fn is_walkable(tags: &[(String, String)]) -> bool {
    let tag = |k: &str| {
        tags.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let Some(h) = tag("highway") else {
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
    let foot = tag("foot");
    if matches!(foot, Some("no" | "private" | "use_sidepath")) {
        return false;
    }
    let foot_ok = matches!(
        foot,
        Some("yes" | "designated" | "permissive" | "destination")
    );
    !matches!(tag("access"), Some("private" | "no")) || foot_ok
}
