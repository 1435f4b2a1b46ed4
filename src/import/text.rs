//! Turns file bytes into text: UTF-8 with or without BOM, UTF-16 (Excel "Unicode text"), or GBK.

use crate::error::{ImportError, Location};
use std::borrow::Cow;

/// Runs `read` on a table file's text with the options it is read under: a workbook's sheet
/// (`options.sheet`, else the first) as CSV — the source then names the sheet, and errors give
/// Excel's row numbers — else the file decoded as [`decode`] does. `default_source` names the file
/// when the options do not.
pub fn read_table<T>(
    bytes: &[u8],
    options: &super::ImportOptions,
    default_source: &str,
    read: impl FnOnce(&str, &super::ImportOptions) -> Result<T, ImportError>,
) -> Result<T, ImportError> {
    let source = super::source_name(options, default_source);
    if super::workbook::is_workbook(bytes) {
        let (csv, sheet) = super::workbook::sheet_as_csv(bytes, options.sheet.as_deref())
            .map_err(|e| e.in_source(&source))?;
        let opts = super::ImportOptions {
            source: Some(format!("{source} [{sheet}]")),
            format: super::Format::Csv,
            ..options.clone()
        };
        return read(&csv, &opts).map_err(|mut e| {
            if let Location::Line(n) = e.location {
                e.location = Location::Row(n);
            }
            e
        });
    }
    if super::shapefile::is_zipped_shapefile(bytes) {
        let parts = super::shapefile::unzip(bytes).map_err(|e| e.in_source(&source))?;
        let (geojson, crs) =
            super::shapefile::to_geojson(&parts, options.crs).map_err(|e| e.in_source(&source))?;
        let opts = super::ImportOptions {
            source: Some(format!("{source} [{}]", parts.name)),
            format: super::Format::Geojson,
            crs,
            ..options.clone()
        };
        return read(&geojson, &opts).map_err(|mut e| {
            if let Location::Feature(i) = e.location {
                e.location = Location::Record(i as u64 + 1);
            }
            e
        });
    }
    let text = decode(bytes).map_err(|e| e.in_source(&source))?;
    read(&text, options)
}

/// Decodes a file as Excel in China saves it. UTF-8 is taken when the bytes are valid UTF-8;
/// otherwise they are read as GB18030 (a superset of GBK/GB2312). A BOM is removed.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|e| {
            ImportError::new(
                Location::File,
                None,
                format!("starts with a UTF-8 byte-order mark but byte {} is not UTF-8: save the file again as UTF-8", e.valid_up_to() + 3),
            )
            .zh(format!("以 UTF-8 标记开头，但第 {} 个字节不是 UTF-8：请重新保存为 UTF-8", e.valid_up_to() + 3))
        });
    }
    for (bom, enc) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes[2..]);
            if had_errors {
                return Err(ImportError::new(
                    Location::File,
                    None,
                    "is marked as UTF-16 but contains invalid characters",
                )
                .zh("标记为 UTF-16，但含有无效字符"));
            }
            return Ok(Cow::Owned(text.into_owned()));
        }
    }
    let bad = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(Cow::Borrowed(s)),
        Err(e) => e,
    };
    // Decide per file, honestly: when a line before the first bad byte already holds UTF-8
    // characters, the file is UTF-8 and the bad line was pasted in from another encoding (or the
    // file was cut off); re-reading everything as GBK would turn every name into mojibake.
    let valid = &bytes[..bad.valid_up_to()];
    let bad_line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
    let utf8_before = valid[..bad_line_start].iter().any(|&b| b >= 0x80);
    let cut_off = bad.error_len().is_none();
    if utf8_before {
        return Err(if cut_off {
            cut_off_error()
        } else {
            ImportError::new(
                Location::Line(line as u64),
                None,
                "is not UTF-8 while the lines before it are: the file mixes encodings (rows pasted from a GBK file?); save it again as \"CSV UTF-8\"",
            )
            .zh("不是 UTF-8，而前面的行是：文件混用了编码（是否粘贴了 GBK 文件中的行？）；请另存为“CSV UTF-8”")
        });
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(if cut_off {
            cut_off_error()
        } else {
            ImportError::new(
                Location::File,
                None,
                "is neither UTF-8 nor GBK text: save it from Excel as \"CSV UTF-8\" or plain CSV",
            )
            .zh("既不是 UTF-8 也不是 GBK 文本：请在 Excel 中另存为“CSV UTF-8”或普通 CSV")
        });
    }
    Ok(Cow::Owned(text.into_owned()))
}

fn cut_off_error() -> ImportError {
    ImportError::new(
        Location::File,
        None,
        "ends in the middle of a character: the file looks cut off (an interrupted download or copy?)",
    )
    .zh("在一个字符中间结束：文件似乎不完整（下载或复制被中断？）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_gbk_utf16() {
        assert_eq!(decode("经度".as_bytes()).unwrap(), "经度");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("纬度".as_bytes());
        assert_eq!(decode(&bom).unwrap(), "纬度");
        let (gbk, _, _) = encoding_rs::GBK.encode("人口,街道");
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode(&gbk).unwrap(), "人口,街道");
        let mut u16 = vec![0xFF, 0xFE];
        for u in "社区".encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&u16).unwrap(), "社区");
        assert!(decode(&[0xEF, 0xBB, 0xBF, 0xFF]).is_err());
        assert!(decode(&[0x81, 0x20, 0xFF, 0xFF]).is_err());
    }

    #[test]
    fn mixed_and_cut_off_files_are_named() {
        let (gbk, _, _) = encoding_rs::GBK.encode("乙楼\n");
        let mut mixed = "名称\n甲楼\n".as_bytes().to_vec();
        mixed.extend_from_slice(&gbk);
        let e = decode(&mixed).unwrap_err().to_string();
        assert!(e.contains("line 3") && e.contains("mixes"), "{e}");
        let mut cut = "名称\n甲楼\n乙".as_bytes().to_vec();
        cut.pop();
        assert!(decode(&cut).unwrap_err().to_string().contains("cut off"));
        // A GBK file whose last character is whole is GBK, even if its bytes end like a UTF-8 lead.
        let (gbk, _, _) = encoding_rs::GBK.encode("名称\n甲楼");
        assert_eq!(decode(&gbk).unwrap(), "名称\n甲楼");
    }
}
