//! An element's tags and the lookup of one of them.

/// Tags of one element.
pub type Tags = Vec<(String, String)>;

/// The value of tag `k`, if the element has it.
pub fn tag<'a>(tags: &'a [(String, String)], k: &str) -> Option<&'a str> {
    tags.iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}
