//! Import errors that say what is wrong and where: file, line or feature, and field.

use std::fmt;

/// Where in an input file a problem was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (empty, wrong encoding, no header, …).
    File,
    /// A 1-based line of a CSV file (the header is line 1).
    Line(u64),
    /// A 0-based index into a GeoJSON FeatureCollection's `features`.
    Feature(usize),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Line(n) => write!(f, "line {n}"),
            Location::Feature(i) => write!(f, "feature {i}"),
        }
    }
}

/// A problem in a residents or stations file. Loading stops at the first one and nothing of the
/// file is applied, so the plan that was open stays as it was.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportError {
    /// The file's name as the user knows it (or `residents`/`stations` when loaded from text).
    pub source: String,
    /// Line or feature.
    pub location: Location,
    /// The column or property concerned, as named in the file, when there is one.
    pub field: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl ImportError {
    /// A new error; `source` is filled in by the importer.
    pub fn new(location: Location, field: Option<&str>, message: impl Into<String>) -> Self {
        ImportError {
            source: String::new(),
            location,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }

    /// Sets the file name shown in the message.
    pub fn in_source(mut self, source: &str) -> Self {
        self.source = source.to_string();
        self
    }
}

/// Longest error message a door shows, in characters: enough to say what and where, never a
/// dump of the input.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// `text` cut to at most `max` characters (an ellipsis marks the cut).
pub fn clip(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => text.into(),
        Some(_) => {
            let keep: String = text.chars().take(max.saturating_sub(1)).collect();
            format!("{keep}…").into()
        }
    }
}

impl fmt::Display for ImportError {
    /// `source, line N, column 'field': message`, each part clipped so that the whole stays short
    /// (a file may name a column with megabytes of text).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if !self.source.is_empty() {
            parts.push(clip(&self.source, 60).into_owned());
        }
        if self.location != Location::File {
            parts.push(self.location.to_string());
        }
        if let Some(field) = &self.field {
            let noun = match self.location {
                Location::Feature(_) => "property",
                _ => "column",
            };
            parts.push(format!("{noun} '{}'", clip(field, 40)));
        }
        let message = clip(&self.message, 260);
        if parts.is_empty() {
            f.write_str(&message)
        } else {
            write!(f, "{}: {message}", parts.join(", "))
        }
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_parts_are_clipped() {
        assert_eq!(clip("abc", 5), "abc");
        assert_eq!(clip("abcdef", 5), "abcd…");
        assert_eq!(clip("甲乙丙丁戊", 5), "甲乙丙丁戊");
        assert_eq!(clip("甲乙丙丁戊己", 5), "甲乙丙丁…");
        let e = ImportError::new(
            Location::Line(3),
            Some(&"x".repeat(10_000)),
            "y".repeat(1 << 20),
        )
        .in_source(&"f".repeat(500));
        assert!(e.to_string().chars().count() <= MAX_MESSAGE_CHARS);
    }
}
