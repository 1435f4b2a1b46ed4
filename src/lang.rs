//! The planner's language (中文 or English) for exports, reports and error messages.

/// Language of headers, labels and messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (the default: the planners' language).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// What the baseline (the plan as imported) is called in reports: 现状 / Baseline.
    pub fn baseline_name(self) -> &'static str {
        match self {
            Lang::Zh => "现状",
            Lang::En => "Baseline",
        }
    }
}

/// A language that is neither Chinese nor English (the name, lower-cased).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLang(pub String);

impl std::fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown language '{}': use zh or en", self.0)
    }
}

impl std::error::Error for UnknownLang {}

impl std::str::FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "zh" | "zh-cn" | "cn" => Ok(Lang::Zh),
            "en" | "en-us" | "en-gb" => Ok(Lang::En),
            other => Err(UnknownLang(other.to_string())),
        }
    }
}

impl Lang {
    /// The language a locale names (`zh_CN.UTF-8`, `zh-TW` → Chinese; anything else English).
    pub fn from_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// `zh` or `en`, the text in this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
