//! The POI categories: which tags make a point of interest a community service, a courier point, a
//! commercial hub, a canteen, a school or a clinic.

use super::tags::{tag, Tags};

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

/// The POI categories of [`poi_kind`].
pub const CATEGORIES: [&str; 6] = [
    "community_service",
    "post_courier",
    "commercial_hub",
    "canteen_food",
    "school",
    "clinic_health",
];
