//! Zips: the limit on what one (a workbook, a zipped Shapefile) may inflate to, checked from its
//! declared sizes before anything is inflated; and writing one from named files.

use crate::error::{ImportError, Location};
use std::io::Cursor;

/// Most bytes a zip's parts may inflate to, together: a sheet of a million rows is some 200 MB
/// of XML; more is a damaged file or a zip bomb.
pub const MAX_INFLATED: u64 = 1 << 30;

/// The bytes this zip may inflate to — [`MAX_INFLATED`], or `ratio` times the file when less —
/// after checking that its parts declare no more; `broken` says why a zip cannot be read.
pub fn inflate_limit(
    bytes: &[u8],
    ratio: u64,
    broken: impl Fn(zip::result::ZipError) -> ImportError,
) -> Result<u64, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(&broken)?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_raw(i).map_err(&broken)?.size());
    }
    let limit = MAX_INFLATED.min((bytes.len() as u64).saturating_mul(ratio));
    if total > limit {
        let (t, l) = (total >> 20, limit >> 20);
        return Err(ImportError::new(
            Location::File,
            None,
            format!(
                "inflates to {t} MB (at most {l} MB for this file): a damaged file, or a zip bomb"
            ),
        )
        .zh(format!(
            "解压后为 {t} MB（此文件最多 {l} MB）：文件已损坏，或是压缩炸弹"
        )));
    }
    Ok(limit)
}

/// `files` (name, bytes) as the bytes of one zip, each part stored as `method` says.
pub fn write<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    method: zip::CompressionMethod,
) -> Result<Vec<u8>, zip::result::ZipError> {
    use std::io::Write;
    let mut buf = Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    for (name, bytes) in files {
        z.start_file(name, o)?;
        z.write_all(bytes)?;
    }
    z.finish()?;
    Ok(buf.into_inner())
}
