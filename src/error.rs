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

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if !self.source.is_empty() {
            parts.push(self.source.clone());
        }
        if self.location != Location::File {
            parts.push(self.location.to_string());
        }
        if let Some(field) = &self.field {
            let noun = match self.location {
                Location::Feature(_) => "property",
                _ => "column",
            };
            parts.push(format!("{noun} '{field}'"));
        }
        if parts.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", parts.join(", "), self.message)
        }
    }
}

impl std::error::Error for ImportError {}
