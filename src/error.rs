//! Import errors that say what is wrong and where — file, line or feature, and field — in Chinese
//! and English ([`Localized`]).

use crate::lang::Lang;
use std::fmt;

/// An error that can say itself in the planner's language. English is the `Display` text; an
/// error with no Chinese text of its own says the English one.
pub trait Localized: fmt::Display {
    /// The message in `lang`.
    fn localized(&self, lang: Lang) -> String {
        let _ = lang;
        self.to_string()
    }
}

/// A JSON parser's error in Chinese: what went wrong, and where when `place` (line and column
/// of the text parsed; a part parsed on its own has no place worth naming).
pub fn json_zh(e: &serde_json::Error, place: bool) -> String {
    use serde_json::error::Category;
    let at = if place {
        format!("第 {} 行第 {} 列处", e.line(), e.column())
    } else {
        String::new()
    };
    match e.classify() {
        Category::Eof => format!("{at}意外结束（文件不完整）"),
        Category::Syntax => format!("{at}JSON 语法错误"),
        Category::Data => format!("{at}数据类型不对"),
        Category::Io => "读取出错".to_string(),
    }
}

/// Where in an input file a problem was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (empty, wrong encoding, no header, …).
    File,
    /// A 1-based line of a CSV file (the header is line 1).
    Line(u64),
    /// A 0-based index into a GeoJSON FeatureCollection's `features`.
    Feature(usize),
    /// A 1-based row of a worksheet, as Excel numbers it.
    Row(u64),
    /// A 1-based record of a Shapefile, as GIS attribute tables number it.
    Record(u64),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Line(n) => write!(f, "line {n}"),
            Location::Feature(i) => write!(f, "feature {i}"),
            Location::Row(n) => write!(f, "row {n}"),
            Location::Record(n) => write!(f, "record {n}"),
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
    /// The same in Chinese, when there is a Chinese text.
    pub message_zh: Option<String>,
}

impl ImportError {
    /// A new error; `source` is filled in by the importer.
    pub fn new(location: Location, field: Option<&str>, message: impl Into<String>) -> Self {
        ImportError {
            source: String::new(),
            location,
            field: field.map(str::to_string),
            message: message.into(),
            message_zh: None,
        }
    }

    /// An error at `location` whose English and Chinese texts are those of `e`.
    pub fn from_localized(location: Location, field: Option<&str>, e: &impl Localized) -> Self {
        Self::new(location, field, e.localized(Lang::En)).zh(e.localized(Lang::Zh))
    }

    /// Gives the error its Chinese text (the same facts as the English one).
    pub fn zh(mut self, message: impl Into<String>) -> Self {
        self.message_zh = Some(message.into());
        self
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
                Location::Record(_) => "field",
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

// English only: the language name a planner typed (it lists the two choices), and errors from
// outside the crate. (Each module's own small parse errors say so where they are defined.)
impl Localized for crate::lang::UnknownLang {}
impl Localized for std::io::Error {}
impl Localized for serde_json::Error {}

impl Localized for ImportError {
    /// In Chinese: `文件，第 5 行「人口」列：“约800”不是数字` (a feature is `要素 7`, counted as in
    /// the English text); the English message when there is no Chinese one.
    fn localized(&self, lang: Lang) -> String {
        let Some(zh) = self.message_zh.as_deref().filter(|_| lang == Lang::Zh) else {
            return self.to_string();
        };
        let mut at = String::new();
        match self.location {
            Location::File => {}
            Location::Line(n) | Location::Row(n) => at.push_str(&format!("第 {n} 行")),
            Location::Record(n) => at.push_str(&format!("第 {n} 条记录")),
            Location::Feature(i) => at.push_str(&format!("要素 {i}")),
        }
        if let Some(field) = &self.field {
            let noun = match self.location {
                Location::Feature(_) => "属性",
                Location::Record(_) => "字段",
                _ => "列",
            };
            at.push_str(&format!("「{}」{noun}", clip(field, 40)));
        }
        let at = at.trim_end();
        let source = clip(&self.source, 60);
        let place = match (source.is_empty(), at.is_empty()) {
            (true, true) => String::new(),
            (false, true) => source.into_owned(),
            (true, false) => at.to_string(),
            (false, false) => format!("{source}，{at}"),
        };
        let message = clip(zh, 260);
        if place.is_empty() {
            message.into_owned()
        } else {
            format!("{place}：{message}")
        }
    }
}

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
        let e = e.zh("乙".repeat(1 << 20));
        assert!(e.localized(Lang::Zh).chars().count() <= MAX_MESSAGE_CHARS);
    }

    #[test]
    fn chinese_and_english_say_the_same_place() {
        let e = ImportError::new(Location::Line(5), Some("人口"), "'约800' is not a number")
            .zh("“约800”不是数字")
            .in_source("居民.csv");
        assert_eq!(
            e.localized(Lang::En),
            "居民.csv, line 5, column '人口': '约800' is not a number"
        );
        assert_eq!(
            e.localized(Lang::Zh),
            "居民.csv，第 5 行「人口」列：“约800”不是数字"
        );
        let f = ImportError::new(Location::Feature(7), Some("kind"), "x").zh("甲");
        assert_eq!(f.localized(Lang::Zh), "要素 7「kind」属性：甲");
        let g = ImportError::new(Location::File, None, "is empty")
            .zh("是空文件")
            .in_source("a.csv");
        assert_eq!(g.localized(Lang::Zh), "a.csv：是空文件");
        // No Chinese text: the English one, whatever the language.
        let h = ImportError::new(Location::Line(2), None, "odd");
        assert_eq!(h.localized(Lang::Zh), h.to_string());
    }
}
