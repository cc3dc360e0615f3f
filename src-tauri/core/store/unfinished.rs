//! Files Alongside makes outside the vault that are not finished yet: a
//! plain export under its hidden temp name, a restore's staging copy. Each
//! is noted in the vault before it is made and crossed off once it is
//! complete or removed; whatever a crash left is removed at the next unlock
//! (`sweep`), so no half-written plain copy of the journal stays behind in
//! the member's folder.
//!
//! Plain exports are written here too, so every one follows the same rules:
//! noted first, owner-only, complete under its final name or not there at
//! all, and never replacing a file — not even one that appeared while it
//! was being written.

use super::{Database, Meta, StoreError};
use crate::fsutil;
use chrono::{DateTime, Utc};
use std::io;
use std::path::{Path, PathBuf};

const KEY: &str = "files.unfinished";

#[derive(Debug, thiserror::Error)]
pub enum PlainFileError {
    #[error("the file could not be written")]
    Io(#[from] io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Coded for PlainFileError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Io(_) => crate::error::ErrorCode::FileIo,
            Self::Store(e) => e.code(),
        }
    }
}

pub struct Unfinished<'a> {
    db: &'a Database,
}

impl<'a> Unfinished<'a> {
    pub fn new(db: &'a Database) -> Self {
        Self { db }
    }

    async fn noted(&self) -> Result<Vec<String>, StoreError> {
        let held = Meta::new(self.db).get(KEY).await?;
        Ok(held
            .and_then(|h| serde_json::from_str(&h).ok())
            .unwrap_or_default())
    }

    async fn keep(&self, paths: &[String], now: DateTime<Utc>) -> Result<(), StoreError> {
        if paths.is_empty() {
            return Meta::new(self.db).remove(KEY).await;
        }
        let json = serde_json::to_string(paths).unwrap_or_else(|_| "[]".into());
        Meta::new(self.db).set(KEY, &json, now).await
    }

    /// Notes `path` before anything is written under it.
    pub async fn begin(&self, path: &Path, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut paths = self.noted().await?;
        paths.push(path.display().to_string());
        self.keep(&paths, now).await
    }

    /// Crosses `path` off: complete under its final name, or removed.
    pub async fn done(&self, path: &Path, now: DateTime<Utc>) -> Result<(), StoreError> {
        let gone = path.display().to_string();
        let paths: Vec<String> = self
            .noted()
            .await?
            .into_iter()
            .filter(|p| *p != gone)
            .collect();
        self.keep(&paths, now).await
    }

    /// Removes what an earlier run left half-made; returns how many.
    pub async fn sweep(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let paths = self.noted().await?;
        for path in &paths {
            remove_any(Path::new(path));
        }
        self.keep(&[], now).await?;
        Ok(paths.len())
    }

    /// Writes `bytes` as `<name><ext>` in `folder` (or `<name> (2)<ext>`, …).
    pub async fn write_plain_file(
        &self,
        folder: &Path,
        name: &str,
        ext: &str,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<PathBuf, PlainFileError> {
        self.place(folder, name, ext, now, |tmp| fsutil::write_new(tmp, bytes))
            .await
    }

    /// Makes the folder `<name>` in `folder` holding `files`.
    pub async fn write_plain_folder(
        &self,
        folder: &Path,
        name: &str,
        files: impl IntoIterator<Item = (String, String)>,
        now: DateTime<Utc>,
    ) -> Result<PathBuf, PlainFileError> {
        self.place(folder, name, "", now, |tmp| {
            fsutil::create_private_dir(tmp)?;
            for (file, text) in files {
                fsutil::write_new(&tmp.join(file), text.as_bytes())?;
            }
            fsutil::sync_dir(tmp)
        })
        .await
    }

    /// Makes a temp (noted first), fills it, and moves it to a fresh name
    /// that nothing took meanwhile; removes it on any failure.
    async fn place(
        &self,
        folder: &Path,
        name: &str,
        ext: &str,
        now: DateTime<Utc>,
        fill: impl FnOnce(&Path) -> io::Result<()>,
    ) -> Result<PathBuf, PlainFileError> {
        std::fs::create_dir_all(folder)?;
        let tmp = fsutil::temp_path_beside(&fsutil::fresh_path(folder, name, ext))?;
        self.begin(&tmp, now).await?;
        let placed = fill(&tmp).and_then(|()| {
            // A name taken after it was chosen is never replaced: take the next.
            for _ in 0..16 {
                let target = fsutil::fresh_path(folder, name, ext);
                match fsutil::rename_noreplace(&tmp, &target) {
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                    Err(e) => return Err(e),
                    Ok(()) => return fsutil::sync_dir(folder).map(|()| target),
                }
            }
            Err(io::Error::from(io::ErrorKind::AlreadyExists))
        });
        if placed.is_err() {
            remove_any(&tmp);
        }
        self.done(&tmp, now).await?;
        Ok(placed?)
    }
}

/// A file or a folder, and the -wal/-shm companions a database has.
fn remove_any(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else {
        super::remove_database_files(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn vault_db(dir: &Path) -> Database {
        Database::open(&dir.join("test.db"), &[7; 32], true)
            .await
            .unwrap()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[tokio::test]
    async fn a_folder_appears_under_its_name_only_when_whole() {
        let (home, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let db = vault_db(home.path()).await;
        let made = Unfinished::new(&db)
            .write_plain_folder(
                out.path(),
                "Alongside 2026-11-27",
                files(&[("a.md", "one"), ("b.md", "two")]),
                Utc::now(),
            )
            .await
            .unwrap();
        assert_eq!(names(out.path()), ["Alongside 2026-11-27"]);
        assert_eq!(names(&made), ["a.md", "b.md"]);
        assert_eq!(std::fs::read_to_string(made.join("b.md")).unwrap(), "two");
        assert!(Unfinished::new(&db).noted().await.unwrap().is_empty());
        db.close().await;
    }

    #[tokio::test]
    async fn a_folder_that_fails_part_way_leaves_nothing_behind() {
        let (home, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let db = vault_db(home.path()).await;
        // The file system refuses the third file (its name is taken) after
        // two were written in full.
        let list = files(&[("a.md", "one"), ("b.md", "two"), ("a.md", "again")]);
        let failed = Unfinished::new(&db)
            .write_plain_folder(out.path(), "Alongside 2026-11-27", list, Utc::now())
            .await;
        assert!(failed.is_err());
        assert!(names(out.path()).is_empty(), "{:?}", names(out.path()));
        assert!(Unfinished::new(&db).noted().await.unwrap().is_empty());
        db.close().await;
    }

    #[tokio::test]
    async fn a_file_that_appears_at_the_name_meanwhile_is_never_replaced() {
        let (home, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let db = vault_db(home.path()).await;
        let theirs = out.path().join("Safety plan.html");
        let made = Unfinished::new(&db)
            .place(out.path(), "Safety plan", ".html", Utc::now(), |tmp| {
                fsutil::write_new(tmp, b"mine")?;
                // Another program takes the name while this one writes.
                std::fs::write(&theirs, b"theirs")
            })
            .await
            .unwrap();
        assert_eq!(made, out.path().join("Safety plan (2).html"));
        assert_eq!(std::fs::read(&theirs).unwrap(), b"theirs");
        assert_eq!(std::fs::read(&made).unwrap(), b"mine");
        db.close().await;
    }

    /// A crash between noting and finishing: the next unlock removes what
    /// was left, and only that.
    #[tokio::test]
    async fn what_a_crash_left_is_swept_at_the_next_open() {
        let (home, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let db = vault_db(home.path()).await;
        let left = fsutil::temp_path_beside(&out.path().join("Alongside 2026-11-27.json")).unwrap();
        let unfinished = Unfinished::new(&db);
        unfinished.begin(&left, Utc::now()).await.unwrap();
        std::fs::write(&left, b"half of a plain export").unwrap();
        std::fs::write(out.path().join("keep.txt"), b"the member's").unwrap();
        assert_eq!(unfinished.sweep(Utc::now()).await.unwrap(), 1);
        assert_eq!(names(out.path()), ["keep.txt"]);
        assert_eq!(unfinished.sweep(Utc::now()).await.unwrap(), 0);
        db.close().await;
    }
}
