//! Day One exports are zip files: one JSON file per journal at the top
//! (`Journal.json`, …) with photos in folders beside it. Members choose the
//! zip they were given rather than unpacking it first.

use super::{ImportError, MAX_INPUT_BYTES};
use std::io::{Cursor, Read};

/// The top-level `.json` files of a zip, by name. Reading stops at the same
/// limit as a plain file, counted unpacked, so a zip bomb goes no further.
pub(super) fn json_files(bytes: &[u8]) -> Result<Vec<Vec<u8>>, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportError::Zip)?;
    let mut names: Vec<String> = archive
        .file_names()
        .filter(|n| n.ends_with(".json") && !n.contains('/') && !n.starts_with('.'))
        .map(str::to_owned)
        .collect();
    names.sort();
    let mut budget = MAX_INPUT_BYTES as u64;
    let mut out = Vec::new();
    for name in names {
        let file = archive.by_name(&name).map_err(|_| ImportError::Zip)?;
        let mut data = Vec::new();
        file.take(budget + 1)
            .read_to_end(&mut data)
            .map_err(|_| ImportError::Zip)?;
        budget = budget
            .checked_sub(data.len() as u64)
            .ok_or(ImportError::TooLarge)?;
        out.push(data);
    }
    if out.is_empty() {
        return Err(ImportError::Zip);
    }
    Ok(out)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    pub(in super::super) fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn only_top_level_json_counts() {
        let zip = zip_of(&[
            ("photos/a.jpeg", b"\xFF\xD8"),
            ("__MACOSX/._Journal.json", b"junk"),
            ("Travel.json", b"{\"t\":1}"),
            ("Journal.json", b"{\"j\":1}"),
        ]);
        let files = json_files(&zip).unwrap();
        assert_eq!(files, [b"{\"j\":1}".to_vec(), b"{\"t\":1}".to_vec()]);
        let no_journal = zip_of(&[("photos/a.jpeg", b"\xFF\xD8")]);
        assert!(matches!(json_files(&no_journal), Err(ImportError::Zip)));
        assert!(matches!(
            json_files(b"PK\x03\x04 not really"),
            Err(ImportError::Zip)
        ));
    }
}
