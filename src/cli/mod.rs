//! The `lifecircle` command line: it parses arguments (clap), reads and writes files, and asks a
//! [`Session`](lifecircle::Session) for every figure, as the JavaScript API does.

mod args;
mod commands;
mod data;
mod plan;

use args::{Cli, Command};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};
use lifecircle::error::{clip, Localized, MAX_MESSAGE_CHARS};
use lifecircle::lang::Lang;
use std::path::Path;

/// A failed run: one line for stderr and the exit code (2 for bad input or usage).
pub struct Failure {
    pub message: String,
    pub code: i32,
}

/// The language of the command line's messages: `--lang`, else the locale (`LANG` starting with
/// `zh` → Chinese), else English.
static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// `--lang` when given.
static LANG_GIVEN: std::sync::OnceLock<Option<Lang>> = std::sync::OnceLock::new();

/// The language `--lang` asked for, if it did.
pub fn lang_given() -> Option<Lang> {
    LANG_GIVEN.get().copied().flatten()
}

/// The language messages are written in.
pub fn lang() -> Lang {
    *LANG.get_or_init(|| {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .unwrap_or_default();
        Lang::from_locale(&locale)
    })
}

/// An error in the language of [`lang`].
pub fn loc(e: &impl Localized) -> String {
    e.localized(lang())
}

/// A failure saying `e` in the language of [`lang`].
pub fn fail_l(e: &impl Localized) -> Failure {
    fail(loc(e))
}

/// A failure said in Chinese or English, as [`lang`] says.
pub fn fail2(zh: impl Into<String>, en: impl Into<String>) -> Failure {
    match lang() {
        Lang::Zh => fail(zh),
        Lang::En => fail(en),
    }
}

/// A failure with exit code 2; the message is clipped to a readable length (it may quote input).
pub fn fail(message: impl Into<String>) -> Failure {
    let message: String = message.into();
    Failure {
        message: clip(&message, MAX_MESSAGE_CHARS).into_owned(),
        code: 2,
    }
}

/// Runs the command line on `args` (the program name first).
pub fn run(args: &[String]) -> Result<(), Failure> {
    // `--lang` is read first, so that the options' own errors are in its language too.
    let given = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).cloned(),
            Some(v) => v.strip_prefix('=').map(str::to_string),
            None => None,
        });
    if let Some(l) = given.and_then(|l| l.parse::<Lang>().ok()) {
        let _ = LANG.set(l);
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(e, args),
    };
    if let Some(l) = &cli.lang {
        let l: Lang = l.parse().map_err(|e| fail_l(&e))?;
        let _ = LANG.set(l);
        let _ = LANG_GIVEN.set(Some(l));
    }
    match cli.command {
        Some(Command::Coverage(a)) => commands::coverage(&a),
        Some(Command::Suggest(a)) => commands::suggest(&a),
        Some(Command::Report(a)) => commands::report(&a),
        Some(Command::ImportOsm(a)) => data::import_osm(&a),
        Some(Command::Demo(a)) => data::demo(&a),
        Some(Command::Disaggregate(a)) => data::disaggregate(&a),
        None => stdout(&format!("{}\n", Cli::command().render_help())),
    }
}

/// Help and version go to standard output (success); a usage error becomes one line naming the
/// option, with where to read more.
fn usage_error(e: clap::Error, args: &[String]) -> Result<(), Failure> {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        return stdout(&e.render().to_string());
    }
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.first().cloned().unwrap_or_default(),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let option = arg.split_whitespace().next().unwrap_or(&arg).to_string();
    let value = text(ContextKind::InvalidValue);
    let (zh, en) = match e.kind() {
        ErrorKind::UnknownArgument => (
            format!("未知的选项“{arg}”"),
            format!("unknown option '{arg}'"),
        ),
        ErrorKind::InvalidSubcommand => {
            let c = text(ContextKind::InvalidSubcommand);
            (format!("未知的命令“{c}”"), format!("unknown command '{c}'"))
        }
        ErrorKind::MissingRequiredArgument => {
            (format!("缺少 {option}"), format!("missing {option}"))
        }
        ErrorKind::ValueValidation => {
            // The option's own parser said why, in the language already chosen.
            let why = std::error::Error::source(&e)
                .map(ToString::to_string)
                .unwrap_or_default();
            (
                format!("{option} 的值“{value}”无效：{why}"),
                format!("invalid value '{value}' for {option}: {why}"),
            )
        }
        ErrorKind::InvalidValue => {
            let valid = match e.get(ContextKind::ValidValue) {
                Some(ContextValue::Strings(v)) => v.clone(),
                _ => Vec::new(),
            };
            (
                format!("{option} 的值“{value}”无效，可选：{}", valid.join("、")),
                format!(
                    "invalid value '{value}' for {option}: use one of {}",
                    valid.join(", ")
                ),
            )
        }
        ErrorKind::ArgumentConflict => {
            let prior = text(ContextKind::PriorArg);
            (
                format!("{option} 不能与 {prior} 同时使用"),
                format!("{option} cannot be used with {prior}"),
            )
        }
        _ => {
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            let first = first.trim_start_matches("error: ").to_string();
            (format!("命令行参数有误（{first}）"), first)
        }
    };
    let sub = args
        .iter()
        .skip(1)
        .find(|a| Cli::command().find_subcommand(a.as_str()).is_some());
    let help = match sub {
        Some(s) => format!("lifecircle {s} --help"),
        None => "lifecircle --help".into(),
    };
    Err(fail2(
        format!("{zh}（见 {help}）"),
        format!("{en} (see '{help}')"),
    ))
}

/// Why a file could not be read or written, in Chinese (the system's text for the rare cases).
fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或文件夹不存在".into(),
        K::PermissionDenied => "没有权限".into(),
        K::IsADirectory => "这是一个文件夹，不是文件".into(),
        K::AlreadyExists => "文件已存在".into(),
        K::StorageFull => "磁盘已满".into(),
        K::ReadOnlyFilesystem => "磁盘为只读".into(),
        _ => format!("系统错误：{e}"),
    }
}

/// A file's bytes.
pub fn read_file(path: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| {
        fail2(
            format!("无法读取 {path}：{}", io_zh(&e)),
            format!("cannot read {path}: {e}"),
        )
    })
}

/// A table file's bytes: a `.shp` comes with its `.shx`, `.dbf`, `.prj` and `.cpg` beside it
/// (read together, as the engine reads a zipped Shapefile); any other file as it is.
pub fn read_table_file(path: &str) -> Result<Vec<u8>, Failure> {
    let p = Path::new(path);
    let is_shp = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("shp"));
    if !is_shp {
        return read_file(path);
    }
    let mut files = vec![(file_name_of(p), read_file(path)?)];
    for ext in ["shx", "dbf", "prj", "cpg", "SHX", "DBF", "PRJ", "CPG"] {
        let sibling = p.with_extension(ext);
        if sibling.is_file()
            && !files
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(&file_name_of(&sibling)))
        {
            files.push((
                file_name_of(&sibling),
                read_file(&sibling.to_string_lossy())?,
            ));
        }
    }
    lifecircle::import::shapefile::pack(&files).map_err(|e| fail_l(&e))
}

fn file_name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Writes a file.
pub fn write_file(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| {
        fail2(
            format!("无法写入 {}：{}", path.display(), io_zh(&e)),
            format!("cannot write {}: {e}", path.display()),
        )
    })
}

/// A distance option (`--spacing`, `--snap`) in metres: `200`, `200m`, `0.5km`, within `lo..=hi`.
pub fn metres(flag: &str, text: &str, lo: f64, hi: f64) -> Result<f64, Failure> {
    match lifecircle::kinds::parse_length(text) {
        Some(m) if (lo..=hi).contains(&m) => Ok(m),
        Some(m) => Err(fail2(
            format!("{flag} {text}：{m} 米超出范围，请给 {lo} 至 {hi} 米"),
            format!("{flag} {text}: {m} m is out of range: give {lo} to {hi} metres"),
        )),
        None => Err(fail2(
            format!("{flag} “{text}”不是距离：请给米数，如 200 或 0.5km"),
            format!("{flag} '{text}' is not a distance: give metres, e.g. 200 or 0.5km"),
        )),
    }
}

/// A path's file name, as messages and reports name the file.
pub fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

/// A path's file name without its extension, or `default`.
pub fn file_stem(path: &str, default: &str) -> String {
    Path::new(path)
        .file_stem()
        .map_or(default.into(), |s| s.to_string_lossy().into_owned())
}

/// Writes `text` to `--out`, or to standard output.
pub fn write_out(out: Option<&str>, text: String) -> Result<(), Failure> {
    match out {
        Some(path) => write_file(Path::new(path), text),
        None => stdout(&text),
    }
}

/// Writes to standard output. A reader that stopped early (`| head -1`) closes the pipe: that
/// ends the output quietly, as it does for other command-line tools.
pub fn stdout(text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(fail(format!("cannot write to standard output: {e}"))),
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
