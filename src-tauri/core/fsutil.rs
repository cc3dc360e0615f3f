//! File helpers shared by every module that reads members' files or writes
//! to the data directory. Personal files must never be world-readable, never
//! be left half-written by a crash or an error, and never be written through
//! a link someone left in the way, so all writes go through here. Files the
//! member chooses to read in are read through here too, so a size limit
//! cannot be dodged by a FIFO, a device or a file that grows.

use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

/// Creates `dir` (and parents) readable only by the member, and tightens an
/// existing one.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    Ok(())
}

/// Replaces `path` with `bytes` so that a crash leaves either the old or the
/// new content: write a new temp file beside it, fsync, rename, fsync the
/// folder. The temp file is removed again if anything fails.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (dir, name) = split(path)?;
    let (tmp, file) = with_temp_name(dir, name, |tmp| new_private_file().open(tmp))?;
    if let Err(e) = fill_and_rename(file, bytes, &tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(dir)
}

fn fill_and_rename(mut file: File, bytes: &[u8], tmp: &Path, path: &Path) -> io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(tmp, path)
}

/// Writes `bytes` to `path`, which must not exist yet (nor be a link),
/// owner-only, and fsyncs it. For files inside a folder this process has
/// just made; anywhere else use [`write_atomic`].
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = new_private_file().open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes the owner-only folder `path`, which must not exist yet.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    builder.mode(0o700);
    builder.create(path)
}

/// A new, owner-only folder beside `target`, named from it with a random
/// suffix; the caller fills it and renames it to `target` when complete.
pub fn create_temp_dir(target: &Path) -> io::Result<PathBuf> {
    let (dir, name) = split(target)?;
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    builder.mode(0o700);
    with_temp_name(dir, name, |tmp| builder.create(tmp)).map(|(tmp, ())| tmp)
}

/// `name` in `folder`, or `name (2)`, … so a plain export never overwrites.
/// Anything there counts as taken, a link to nowhere included: writing to
/// it would create the file wherever the link points.
pub fn fresh_path(folder: &Path, name: &str, ext: &str) -> PathBuf {
    let mut path = folder.join(format!("{name}{ext}"));
    let mut n = 2;
    while fs::symlink_metadata(&path).is_ok() {
        path = folder.join(format!("{name} ({n}){ext}"));
        n += 1;
    }
    path
}

/// A new hidden name beside `target` (`.<name>.<random>.tmp`), not made
/// yet, so it can be noted down before anything is written under it.
pub fn temp_path_beside(target: &Path) -> io::Result<PathBuf> {
    let (dir, name) = split(target)?;
    Ok(dir.join(format!(
        ".{}.{:016x}.tmp",
        name.to_string_lossy(),
        rand::random::<u64>()
    )))
}

/// Moves `from` to `to` only while nothing is at `to`; something that
/// appeared there meanwhile is never replaced (`AlreadyExists`). Linux's
/// `renameat2` with `RENAME_NOREPLACE` does it in one step; where that is
/// missing, a file is hard-linked then unlinked, which fails the same way.
pub fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            std::ffi::CString::new(p.as_os_str().as_bytes())
                .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
        };
        let (from_c, to_c) = (c(from)?, c(to)?);
        // SAFETY: both are NUL-terminated strings that outlive the call, and
        // AT_FDCWD makes them relative to the working folder like `rename`.
        let done = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                from_c.as_ptr(),
                libc::AT_FDCWD,
                to_c.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if done == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(e);
        }
    }
    if fs::symlink_metadata(from)?.is_dir() {
        // No portable way for a folder: refuse rather than risk replacing.
        if fs::symlink_metadata(to).is_ok() {
            return Err(io::Error::from(io::ErrorKind::AlreadyExists));
        }
        return fs::rename(from, to);
    }
    fs::hard_link(from, to)?;
    fs::remove_file(from)
}

/// fsyncs a folder, so a rename inside it survives a crash.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Options that create a new owner-only file and never open an existing
/// one: `create_new` is `O_EXCL`, which also refuses a link, dangling or
/// not, instead of following it.
fn new_private_file() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    options
}

/// Calls `create` on `.<name>.<random>.tmp` in `dir` until a name is free.
fn with_temp_name<T>(
    dir: &Path,
    name: &OsStr,
    mut create: impl FnMut(&Path) -> io::Result<T>,
) -> io::Result<(PathBuf, T)> {
    // A clash with a free 64-bit name is a sign of something odd, not bad
    // luck; a few tries are plenty.
    for _ in 0..8 {
        let tmp = dir.join(format!(
            ".{}.{:016x}.tmp",
            name.to_string_lossy(),
            rand::random::<u64>()
        ));
        match create(&tmp) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            result => return result.map(|made| (tmp, made)),
        }
    }
    Err(io::Error::from(io::ErrorKind::AlreadyExists))
}

fn split(path: &Path) -> io::Result<(&Path, &OsStr)> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no parent"))?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    Ok((dir, name))
}

/// Why a file the member chose was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A folder, a FIFO, a device, a socket: nothing with a size to trust.
    #[error("not a regular file")]
    NotAFile,
    #[error("the file is larger than allowed")]
    TooLarge,
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// The whole of the regular file at `path`, if it holds at most `max`
/// bytes. The size is checked on the opened file, not the path, and the
/// read itself stops at `max + 1` bytes, so a file that grows (or a size
/// that lies) costs no more memory than `max`.
pub fn read_regular_file_limited(path: &Path, max: u64) -> Result<Zeroizing<Vec<u8>>, ReadError> {
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    if len > max {
        return Err(ReadError::TooLarge);
    }
    read_limited(file, len, max)
}

/// Opens `path` for reading and refuses anything but a regular file.
fn open_regular(path: &Path) -> Result<File, ReadError> {
    let mut options = OpenOptions::new();
    options.read(true);
    // Opening a FIFO waits for a writer; non-blocking, it returns at once
    // and is refused below. Regular files ignore the flag.
    #[cfg(unix)]
    options.custom_flags(libc::O_NONBLOCK);
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(ReadError::NotAFile);
    }
    Ok(file)
}

/// Reads `reader` to its end through a limit of `max + 1` bytes. `expected`
/// sizes the buffer, so an honest file is read without reallocating (which
/// would leave unwiped copies behind).
fn read_limited(
    reader: impl Read,
    expected: u64,
    max: u64,
) -> Result<Zeroizing<Vec<u8>>, ReadError> {
    let capacity = usize::try_from(expected.min(max)).unwrap_or(0);
    let mut out = Zeroizing::new(Vec::with_capacity(capacity));
    reader.take(max.saturating_add(1)).read_to_end(&mut out)?;
    if out.len() as u64 > max {
        return Err(ReadError::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<std::ffi::OsString> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_rename_never_replaces_what_appeared_at_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("a"), dir.path().join("b"));
        fs::write(&from, b"new").unwrap();
        fs::write(&to, b"already there").unwrap();
        let refused = rename_noreplace(&from, &to).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&to).unwrap(), b"already there");
        fs::remove_file(&to).unwrap();
        rename_noreplace(&from, &to).unwrap();
        assert_eq!(fs::read(&to).unwrap(), b"new");
        assert!(!from.exists());
    }

    #[test]
    fn atomic_write_replaces_content_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["settings.json"]);
    }

    #[test]
    fn a_failed_atomic_write_leaves_no_temp_and_the_old_content() {
        let dir = tempfile::tempdir().unwrap();
        // A non-empty folder cannot be replaced by a file: the rename fails
        // after the temp file was written in full.
        let path = dir.path().join("settings.json");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("keep"), b"old").unwrap();
        assert!(write_atomic(&path, b"new").is_err());
        assert_eq!(names(dir.path()), ["settings.json"]);
        assert_eq!(fs::read(path.join("keep")).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_never_follows_a_link_left_at_a_temp_name() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("planted");
        // Where the temp file used to go, always under the same name.
        std::os::unix::fs::symlink(&target, dir.path().join(".settings.json.tmp")).unwrap();
        let path = dir.path().join("settings.json");
        write_atomic(&path, b"secret").unwrap();
        assert!(fs::symlink_metadata(&target).is_err(), "nothing outside");
        assert_eq!(fs::read(&path).unwrap(), b"secret");
        assert!(!fs::symlink_metadata(&path).unwrap().is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn private_dir_and_files_are_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("a").join("b");
        ensure_private_dir(&data).unwrap();
        let mode = fs::metadata(&data).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        let file = data.join("x");
        write_atomic(&file, b"x").unwrap();
        let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let tmp = create_temp_dir(&data.join("export")).unwrap();
        let mode = fs::metadata(&tmp).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        write_new(&tmp.join("one.md"), b"x").unwrap();
        let mode = fs::metadata(tmp.join("one.md"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_refuse_anything_already_there() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let err = write_new(&link, b"secret").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(fs::symlink_metadata(&outside).is_err());
    }

    #[test]
    fn reads_a_file_up_to_the_limit_and_refuses_one_byte_more() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.json");
        fs::write(&path, b"0123456789").unwrap();
        assert_eq!(
            read_regular_file_limited(&path, 10).unwrap().as_slice(),
            b"0123456789"
        );
        assert!(matches!(
            read_regular_file_limited(&path, 9),
            Err(ReadError::TooLarge)
        ));
        assert!(matches!(
            read_regular_file_limited(dir.path(), 10),
            Err(ReadError::NotAFile)
        ));
        assert!(matches!(
            read_regular_file_limited(&dir.path().join("missing"), 10),
            Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound
        ));
    }

    /// The size seen when the file is opened is no promise: it may grow
    /// before (or while) it is read. The read still stops at the limit.
    #[test]
    fn a_file_that_grows_after_its_size_was_checked_is_too_large() {
        const MAX: u64 = 64 * 1024;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("growing.json");
        fs::write(&path, b"{}").unwrap();
        let mut file = open_regular(&path).unwrap();
        let small = file.metadata().unwrap().len();
        assert!(small <= MAX);
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut out = OpenOptions::new().append(true).open(path).unwrap();
                for _ in 0..16 {
                    out.write_all(&[b' '; MAX as usize]).unwrap();
                }
            })
        };
        writer.join().unwrap();
        assert!(matches!(
            read_limited(&mut file, small, MAX),
            Err(ReadError::TooLarge)
        ));
        use std::io::Seek;
        let read = file.stream_position().unwrap();
        assert_eq!(read, MAX + 1, "memory stays bounded by the limit");
    }

    #[test]
    fn an_endless_stream_stops_at_the_limit() {
        let mut endless = io::repeat(0);
        assert!(matches!(
            read_limited(&mut endless, 0, 1000),
            Err(ReadError::TooLarge)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_unread() {
        // Endless, and its reported size is 0. (FIFOs: tests/it/transfer.rs.)
        assert!(matches!(
            read_regular_file_limited(Path::new("/dev/zero"), 1000),
            Err(ReadError::NotAFile)
        ));
    }
}
