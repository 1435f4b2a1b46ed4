//! The POI categories: which tags make a point of interest a community service, a courier point, a
//! commercial hub, a daily shop, a government office, social care, a canteen, a school or a clinic
//! — with the Chinese and English names and the description the rule editor shows.

use super::tags::{tag, Tags};
use serde::Serialize;

/// One category: its id, names, and the `key = values` that put a POI in it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Category {
    /// Id used in station rules (`commercial_hub=商圈`).
    pub id: &'static str,
    /// Chinese name.
    pub zh: &'static str,
    /// English name.
    pub en: &'static str,
    /// The tags, `(key, values)`.
    #[serde(skip)]
    pub tags: &'static [(&'static str, &'static [&'static str])],
}

/// The categories, in order of precedence (a POI is in the first whose tags it carries).
///
/// | id | tags |
/// |---|---|
/// | `community_service` | amenity = community_centre, social_centre |
/// | `post_courier` | amenity = post_office, parcel_locker; shop = courier |
/// | `commercial_hub` | shop = mall, department_store; amenity = marketplace |
/// | `daily_shopping` | shop = supermarket, convenience, greengrocer |
/// | `government` | amenity = townhall; office = government |
/// | `social_care` | amenity = social_facility, nursing_home |
/// | `canteen_food` | amenity = restaurant, fast_food, cafe, food_court, canteen |
/// | `school` | amenity = school, university, college, kindergarten |
/// | `clinic_health` | amenity = clinic, hospital, pharmacy, doctors |
///
/// A 商圈 is a commercial hub — malls, department stores, large marketplaces; supermarkets and
/// convenience shops are daily shopping (便民商业, a 10-minute facility), and government offices
/// are not party-mass service stations.
pub const CATEGORIES: [Category; 9] = [
    Category {
        id: "community_service",
        zh: "社区服务（社区中心）",
        en: "Community service (community centres)",
        tags: &[("amenity", &["community_centre", "social_centre"])],
    },
    Category {
        id: "post_courier",
        zh: "邮政快递（邮局、快递柜）",
        en: "Post and courier (post offices, parcel lockers)",
        tags: &[
            ("amenity", &["post_office", "parcel_locker"]),
            ("shop", &["courier"]),
        ],
    },
    Category {
        id: "commercial_hub",
        zh: "商业中心（商场、百货、大型市场）",
        en: "Commercial hubs (malls, department stores, marketplaces)",
        tags: &[
            ("shop", &["mall", "department_store"]),
            ("amenity", &["marketplace"]),
        ],
    },
    Category {
        id: "daily_shopping",
        zh: "便民商业（超市、便利店、菜店）",
        en: "Daily shopping (supermarkets, convenience shops, greengrocers)",
        tags: &[("shop", &["supermarket", "convenience", "greengrocer"])],
    },
    Category {
        id: "government",
        zh: "政府机关",
        en: "Government offices",
        tags: &[("amenity", &["townhall"]), ("office", &["government"])],
    },
    Category {
        id: "social_care",
        zh: "养老与社会福利",
        en: "Social care (elderly care, welfare)",
        tags: &[("amenity", &["social_facility", "nursing_home"])],
    },
    Category {
        id: "canteen_food",
        zh: "餐饮",
        en: "Food (restaurants, cafés, canteens)",
        tags: &[(
            "amenity",
            &["restaurant", "fast_food", "cafe", "food_court", "canteen"],
        )],
    },
    Category {
        id: "school",
        zh: "学校",
        en: "Schools",
        tags: &[(
            "amenity",
            &["school", "university", "college", "kindergarten"],
        )],
    },
    Category {
        id: "clinic_health",
        zh: "医疗卫生",
        en: "Health (clinics, hospitals, pharmacies)",
        tags: &[("amenity", &["clinic", "hospital", "pharmacy", "doctors"])],
    },
];

/// The category of a POI and the tag that put it there (`shop=mall`), if any.
pub fn poi_kind(tags: &Tags) -> Option<(&'static str, String)> {
    CATEGORIES.iter().find_map(|c| {
        c.tags.iter().find_map(|(key, values)| {
            let v = tag(tags, key)?;
            values.contains(&v).then(|| (c.id, format!("{key}={v}")))
        })
    })
}

/// Whether `id` names a category.
pub fn is_category(id: &str) -> bool {
    CATEGORIES.iter().any(|c| c.id == id)
}

/// What a category matches, for the rule editor: `shop = mall, department_store; amenity = …`.
pub fn describe(c: &Category) -> String {
    c.tags
        .iter()
        .map(|(k, vs)| format!("{k} = {}", vs.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}
