//! Day One exports are zip files: one JSON file per journal at the top
//! (`Journal.json`, …) with photos in folders beside it. Members choose the
//! zip they were given rather than unpacking it first.

use super::{ImportError, MAX_INPUT_BYTES};
use std::io::{Cursor, Read};

/// The top-level `.json` files of a zip, by name. Reading stops at the same
/// limit as a plain file, counted unpacked, so a zip bomb goes no further.
pub(super) fn json_files(bytes: &[u8]) -> Result<Vec<Vec<u8>>, ImportError> {
    json_files_within(bytes, MAX_INPUT_BYTES as u64)
}

/// `json_files` with the unpacked budget given, so tests can stay small.
/// Sizes the zip declares are not trusted: each file is read through what
/// is left of the budget, plus one byte to tell "exactly" from "over".
fn json_files_within(bytes: &[u8], mut budget: u64) -> Result<Vec<Vec<u8>>, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportError::Zip)?;
    let mut names: Vec<String> = archive
        .file_names()
        .filter(|n| n.ends_with(".json") && !n.contains('/') && !n.starts_with('.'))
        .map(str::to_owned)
        .collect();
    names.sort();
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

    #[test]
    fn a_zip_bomb_is_refused_once_its_unpacked_size_passes_the_budget() {
        const BUDGET: u64 = 1024 * 1024;
        let spaces = vec![b' '; 2 * BUDGET as usize];
        let bomb = zip_of(&[("Journal.json", &spaces)]);
        assert!(bomb.len() < 16 * 1024, "small packed: {}", bomb.len());
        assert!(matches!(
            json_files_within(&bomb, BUDGET),
            Err(ImportError::TooLarge)
        ));
        // The budget is for the whole zip, not for each file in it.
        let half = vec![b' '; BUDGET as usize / 2 + 1];
        let pair = zip_of(&[("A.json", &half), ("B.json", &half)]);
        assert!(matches!(
            json_files_within(&pair, BUDGET),
            Err(ImportError::TooLarge)
        ));
        let exact = zip_of(&[("Journal.json", &spaces[..BUDGET as usize])]);
        let files = json_files_within(&exact, BUDGET).unwrap();
        assert_eq!(files[0].len() as u64, BUDGET);
    }
}
