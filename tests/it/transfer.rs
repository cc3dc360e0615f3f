//! Backups, exports and imports on real encrypted databases and real files.

use crate::support::{files_containing, fixture, Fixture};
use alongside_core::clock::Clock;
use alongside_core::error::Coded;
use alongside_core::journal::{Entry, EntryDraft};
use alongside_core::logging::Sensitive;
use alongside_core::progress::{Progress, ProgressUnit, TransferJob, TransferProgress};
use alongside_core::transfer::auto_backup::AutoBackup;
use alongside_core::transfer::export::Format;
use alongside_core::transfer::import::SkipReason;
use alongside_core::transfer::{backup, export, import_file, TransferError};
use chrono::Duration;
use chrono_tz::Tz;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

const CANARY: &str = "quokka-marmalade-7731";
const BACKUP_PASS: &str = "harbour lilac compass drift";

type Side = Fixture;

async fn side() -> Side {
    fixture(Tz::Europe__Madrid).await
}

impl Side {
    async fn write(&self, title: &str, body: &str, mood: Option<u8>, tags: &[&str]) -> Entry {
        self.clock.advance(Duration::hours(5));
        self.journal()
            .save(EntryDraft {
                title: title.into(),
                body: body.into(),
                mood,
                feelings: vec!["calm".into(), "hopeful".into()],
                tags: tags.iter().map(|t| t.to_string()).collect(),
                prompt_id: Some("anxiety-3".into()),
                ..Default::default()
            })
            .await
            .unwrap()
    }

    /// A journal with every kind of field: edited, trashed, accents, Markdown.
    async fn fill(&self) {
        self.write(
            "Martes",
            &format!("Hoy **respiré** mejor. {CANARY}"),
            Some(7),
            &["grupo"],
        )
        .await;
        let edited = self.write("", "first draft", None, &[]).await;
        self.clock.advance(Duration::minutes(3));
        self.journal()
            .save(EntryDraft {
                id: Some(edited.id),
                body: "second thoughts — ñandú, corazón\n\n- a list".into(),
                mood: Some(0),
                session_id: Some("appointment-week-2".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        let gone = self
            .write("Trashed \"quoted\"", "to the trash", Some(10), &["x: y"])
            .await;
        self.journal().trash(&gone.id).await.unwrap();
    }

    async fn everything(&self) -> Vec<Entry> {
        self.journal().all_entries(true).await.unwrap()
    }
}

/// A filled journal and its backup, made with `BACKUP_PASS`, at `name`.
async fn filled_with_backup(name: &str) -> (Side, std::path::PathBuf, usize) {
    let a = side().await;
    a.fill().await;
    let file = a.dir.path().join(name);
    let n = backup::write(
        &a.db,
        &a.clock,
        &pass(BACKUP_PASS),
        &file,
        a.clock.now(),
        &Progress::unwatched(),
    )
    .await
    .unwrap();
    (a, file, n)
}

fn pass(p: &str) -> Sensitive<String> {
    Sensitive::new(p.to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_round_trip_restores_every_field_into_a_new_vault() {
    let (a, file, n) = filled_with_backup("out/backup.age").await;
    assert_eq!(n, 3);
    let sealed = std::fs::read(&file).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    assert!(files_containing(&[file.parent().unwrap()], CANARY.as_bytes()).is_empty());

    let b = side().await;
    let restored = backup::restore(
        &b.db,
        &b.clock,
        &file,
        &pass(BACKUP_PASS),
        &Progress::unwatched(),
    )
    .await
    .unwrap();
    assert_eq!(restored, 3);
    let (before, after) = (a.everything().await, b.everything().await);
    assert_eq!(before.len(), 3);
    assert!(before.iter().any(|e| e.deleted_at.is_some()));
    assert!(before.iter().any(|e| e.updated_at != e.created_at));
    assert!(before.iter().any(|e| e.session_id.is_some()));
    assert!(before == after, "every field of every entry survives");
    // The restored text is searchable (its index is rebuilt).
    let q = alongside_core::journal::SearchQuery {
        text: "nandu".into(),
        ..Default::default()
    };
    assert_eq!(b.journal().search(&q).await.unwrap().len(), 1);
    a.done().await;
    b.done().await;
}

/// Another age implementation (typage, in TypeScript) opens our backups:
/// the file is standard age, not merely what our own crate reads back.
#[tokio::test(flavor = "multi_thread")]
async fn backups_open_with_an_independent_age_implementation() {
    let (a, file, _) = filled_with_backup("b.age").await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/age-open.mjs");
    let mut node = std::process::Command::new("node")
        .arg(script)
        .arg(&file)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node (installed by scripts/install-deps)");
    use std::io::Write;
    node.stdin
        .take()
        .unwrap()
        .write_all(BACKUP_PASS.as_bytes())
        .unwrap();
    let out = node.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let archive: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(archive["format"], "alongside-backup");
    assert_eq!(archive["version"], 2);
    // One section per capability, each named as declared.
    let mut names: Vec<&str> = archive["sections"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut declared: Vec<&str> = backup_sections().iter().map(|s| s.name).collect();
    names.sort_unstable();
    declared.sort_unstable();
    assert_eq!(names, declared);
    let entries: Vec<Entry> =
        serde_json::from_value(archive["sections"]["journal"]["entries"].clone()).unwrap();
    assert!(entries == a.everything().await);
    assert!(archive.get("entries").is_none());
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_that_cannot_succeed_changes_nothing() {
    let (a, file, _) = filled_with_backup("b.age").await;

    let b = side().await;
    let restore = |path: &Path, p: &str| {
        let (clock, db, path, p) = (b.clock.clone(), b.db.clone(), path.to_owned(), pass(p));
        async move { backup::restore(&db, &clock, &path, &p, &Progress::unwatched()).await }
    };
    assert!(matches!(
        restore(&file, "harbour lilac compass drifts").await,
        Err(TransferError::WrongPassphrase)
    ));
    let sealed = std::fs::read(&file).unwrap();
    let cut = b.dir.path().join("cut.age");
    std::fs::write(&cut, &sealed[..sealed.len() - 40]).unwrap();
    assert!(matches!(
        restore(&cut, BACKUP_PASS).await,
        Err(TransferError::Damaged)
    ));
    let flipped = b.dir.path().join("flipped.age");
    let mut bytes = sealed.clone();
    let at = bytes.len() - 100;
    bytes[at] ^= 1;
    std::fs::write(&flipped, &bytes).unwrap();
    assert!(matches!(
        restore(&flipped, BACKUP_PASS).await,
        Err(TransferError::Damaged)
    ));
    let other = b.dir.path().join("notes.txt");
    std::fs::write(&other, "just some notes").unwrap();
    assert!(matches!(
        restore(&other, BACKUP_PASS).await,
        Err(TransferError::NotABackup)
    ));
    assert!(b.everything().await.is_empty(), "nothing was written");

    // Into a journal that already has entries: refused, entries untouched.
    b.write("mine", "already here", None, &[]).await;
    let mine = b.everything().await;
    assert!(matches!(
        restore(&file, BACKUP_PASS).await,
        Err(TransferError::NotEmpty)
    ));
    assert!(b.everything().await == mine);
    a.done().await;
    b.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn daily_backups_keep_the_last_seven_and_leave_other_files_alone() {
    let a = side().await;
    a.fill().await;
    let folder = a.dir.path().join("backups");
    let auto = AutoBackup::new(&a.db, &folder);
    let start = auto.settings().await.unwrap();
    assert!(!start.ready && start.backups.is_empty());
    assert_eq!(start.folder, folder.to_string_lossy());
    assert!(
        auto.run_if_due(&a.clock, a.clock.now())
            .await
            .unwrap()
            .is_none(),
        "not before a passphrase is chosen"
    );
    assert!(matches!(
        auto.configure(
            Some(&pass("password1")),
            &folder.to_string_lossy(),
            true,
            chrono::Utc::now()
        )
        .await,
        Err(TransferError::WeakPassphrase)
    ));
    assert!(matches!(
        auto.configure(
            Some(&pass(BACKUP_PASS)),
            "relative/dir",
            true,
            chrono::Utc::now()
        )
        .await,
        Err(TransferError::FolderNotAbsolute)
    ));
    auto.configure(
        Some(&pass(BACKUP_PASS)),
        &folder.to_string_lossy(),
        true,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    std::fs::write(folder.join("alongside-backup-notes.age"), "mine").unwrap();
    std::fs::write(folder.join("holiday.jpg"), "mine").unwrap();

    for day in 0..9 {
        let now = a.clock.now();
        let made = auto.run_if_due(&a.clock, now).await.unwrap();
        assert!(made.is_some(), "day {day}");
        assert!(
            auto.run_if_due(&a.clock, now).await.unwrap().is_none(),
            "once a day"
        );
        a.clock.advance(Duration::days(1));
    }
    let settings = auto.settings().await.unwrap();
    let dates: Vec<&str> = settings.backups.iter().map(|b| b.date.as_str()).collect();
    assert_eq!(
        dates,
        [
            "2026-12-06",
            "2026-12-05",
            "2026-12-04",
            "2026-12-03",
            "2026-12-02",
            "2026-12-01",
            "2026-11-30"
        ]
    );
    assert!(settings.backups.iter().all(|b| b.bytes > 300));
    assert!(
        folder.join("holiday.jpg").exists() && folder.join("alongside-backup-notes.age").exists()
    );

    // Turned off: nothing more is made.
    auto.configure(None, &folder.to_string_lossy(), false, chrono::Utc::now())
        .await
        .unwrap();
    assert!(auto
        .run_if_due(&a.clock, a.clock.now())
        .await
        .unwrap()
        .is_none());

    // The newest restores with the backup passphrase.
    let b = side().await;
    backup::restore(
        &b.db,
        &b.clock,
        Path::new(&settings.backups[0].path),
        &pass(BACKUP_PASS),
        &Progress::unwatched(),
    )
    .await
    .unwrap();
    assert!(b.everything().await == a.everything().await);
    a.done().await;
    b.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_exports_hold_every_entry_outside_the_trash() {
    let a = side().await;
    a.fill().await;
    let out = a.dir.path().join("export");
    let (folder, n) = export_to(&a, &out, Format::Markdown).await;
    assert_eq!(n, 2);
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2);
    let martes = files.iter().find(|f| f.contains("Martes")).unwrap();
    assert!(martes.starts_with("---\nid: \""));
    assert!(martes.contains("title: \"Martes\"\n"));
    assert!(
        martes.contains("created: 2026-11-27T21:00:00+01:00\n"),
        "{martes}"
    );
    assert!(martes.contains("mood: 7\nfeelings: [\"calm\", \"hopeful\"]\ntags: [\"grupo\"]\nprompt: \"anxiety-3\"\n---\n\nHoy **respiré**"));
    assert!(!files.iter().any(|f| f.contains("to the trash")));

    let (second, _) = export_to(&a, &out, Format::Markdown).await;
    assert_ne!(second, folder, "never overwrites an earlier export");

    let (json, n) = export_to(&a, &out, Format::Json).await;
    assert_eq!(n, 2);
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    let entries: Vec<Entry> = serde_json::from_value(value["entries"].clone()).unwrap();
    assert!(entries == a.journal().all_entries(false).await.unwrap());
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn imports_report_what_they_did_and_bad_files_change_nothing() {
    let a = side().await;
    let dir = a.dir.path();
    let jrnl = dir.join("jrnl.json");
    std::fs::write(
        &jrnl,
        r#"{"tags": {"@work": 1}, "entries": [
            {"title": "Monday.", "body": "Long day at @work.", "date": "2024-03-04", "time": "21:15", "tags": ["@work"], "starred": false},
            {"title": "Sin fecha", "body": "x", "tags": [], "starred": false},
            {"title": "", "body": "  ", "date": "2024-03-05", "time": "08:00", "tags": [], "starred": true}
        ]}"#,
    )
    .unwrap();
    let report = import_file(a.journal(), &jrnl, &Progress::unwatched())
        .await
        .unwrap();
    assert_eq!(report.imported, 1);
    assert_eq!(report.already_there, 0);
    let reasons: Vec<SkipReason> = report.skipped.iter().map(|s| s.reason).collect();
    assert_eq!(reasons, [SkipReason::BadDate, SkipReason::Empty]);
    let got = a.everything().await;
    assert_eq!(got[0].title, "Monday.");
    assert_eq!(got[0].tags, ["work"]);
    assert_eq!(
        got[0].created_at, "2024-03-04T20:15:00.000Z",
        "Madrid is UTC+1 in March"
    );

    // The same file again adds nothing.
    let again = import_file(a.journal(), &jrnl, &Progress::unwatched())
        .await
        .unwrap();
    assert_eq!((again.imported, again.already_there), (0, 1));

    let dayone = dir.join("Journal.json");
    std::fs::write(
        &dayone,
        r##"{"metadata": {"version": "1.0"}, "entries": [
            {"uuid": "A1B2", "creationDate": "2023-05-01T18:22:05Z", "modifiedDate": "2023-05-02T08:00:00Z",
             "text": "# Mayo\n\nUn día tranquilo\\.", "tags": ["calma"], "starred": true, "timeZone": "Europe/Madrid"}
        ]}"##,
    )
    .unwrap();
    let report = import_file(a.journal(), &dayone, &Progress::unwatched())
        .await
        .unwrap();
    assert_eq!((report.imported, report.skipped.len()), (1, 0));
    let mayo = a
        .everything()
        .await
        .into_iter()
        .find(|e| e.title == "Mayo")
        .unwrap();
    assert_eq!(mayo.body, "Un día tranquilo.");
    assert_eq!(mayo.updated_at, "2023-05-02T08:00:00.000Z");

    // Day One's export as it comes: a zip with the journal and its photos.
    let zipped = dir.join("Export-Journal.zip");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&zipped).unwrap());
        let deflated = zip::write::SimpleFileOptions::default();
        zip.start_file("Journal.json", deflated).unwrap();
        zip.write_all(
            br#"{"metadata": {"version": "1.0"}, "entries": [
                {"uuid": "C3", "creationDate": "2023-06-01T07:00:00Z", "text": "Junio, desde el zip", "tags": []}]}"#,
        )
        .unwrap();
        zip.start_file("photos/0a1b.jpeg", deflated).unwrap();
        zip.write_all(b"\xFF\xD8\xFF").unwrap();
        zip.finish().unwrap();
    }
    let report = import_file(a.journal(), &zipped, &Progress::unwatched())
        .await
        .unwrap();
    assert_eq!((report.imported, report.skipped.len()), (1, 0));
    assert!(a
        .everything()
        .await
        .iter()
        .any(|e| e.body == "Junio, desde el zip"));

    let before = a.everything().await;
    for (name, bytes) in [
        ("broken.json", &b"{\"entries\": [ {\"title\": "[..]),
        ("export.zip", &b"PK\x03\x04rest"[..]),
        ("other.json", &b"{\"name\": \"not a journal\"}"[..]),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = import_file(a.journal(), &path, &Progress::unwatched())
            .await
            .unwrap_err();
        assert!(
            err.code().as_str().starts_with("import_"),
            "{name}: {:?}",
            err.code()
        );
    }
    assert!(matches!(
        import_file(
            a.journal(),
            &dir.join("missing.json"),
            &Progress::unwatched()
        )
        .await,
        Err(TransferError::Io(_))
    ));
    assert!(a.everything().await == before, "nothing changed");
    a.done().await;
}

#[test]
fn data_commands_answer_locked_while_locked_and_errors_carry_no_text() {
    let app = crate::support::TestApp::new();
    app.invoke(
        "vault_create",
        serde_json::json!({ "passphrase": "lantern orchard velvet tide" }),
    )
    .unwrap();
    let settings = app
        .invoke("backup_settings", serde_json::json!({}))
        .unwrap();
    assert_eq!(settings["ready"], false);
    // A malformed import names what is wrong, never what is in the file.
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), format!("{{\"entries\": [\"{CANARY}\"")).unwrap();
    let err = app
        .invoke("import_journal", serde_json::json!({ "path": bad.path() }))
        .unwrap_err();
    assert_eq!(err["code"], "import_not_json");
    assert!(!err.to_string().contains(CANARY));

    app.invoke("vault_lock", serde_json::json!({})).unwrap();
    for (cmd, args) in [
        ("backup_settings", serde_json::json!({})),
        ("backup_now", serde_json::json!({})),
        (
            "backup_restore",
            serde_json::json!({ "path": "/tmp/x.age", "passphrase": "x" }),
        ),
        (
            "export_markdown",
            serde_json::json!({ "folder": "/tmp", "understood": true, "passphrase": "x" }),
        ),
        (
            "export_json",
            serde_json::json!({ "folder": "/tmp", "understood": true, "passphrase": "x" }),
        ),
        (
            "import_journal",
            serde_json::json!({ "path": "/tmp/x.json" }),
        ),
        (
            "backup_configure",
            serde_json::json!({ "passphrase": null, "folder": "/tmp", "automatic": true }),
        ),
    ] {
        let err = app.invoke(cmd, args).unwrap_err();
        assert_eq!(err["code"], "locked", "{cmd}: {err}");
    }
}

/// Exports `a`'s journal into `out`: where it went and how many entries.
async fn export_to(a: &Side, out: &Path, format: Format) -> (std::path::PathBuf, usize) {
    export::write(&a.db, &a.clock, out, a.clock.now(), format)
        .await
        .unwrap()
}

/// Names in `dir`, sorted: what the member would see in the folder.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn exports_never_write_through_a_link_left_at_their_name() {
    let a = side().await;
    a.fill().await;
    let out = a.dir.path().join("export");
    let elsewhere = a.dir.path().join("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let day = a.journal().local_day(a.clock.now());
    for (format, ext) in [(Format::Json, ".json"), (Format::Markdown, "")] {
        let name = format!("Alongside {day}{ext}");
        let trap = elsewhere.join(format!("caught{ext}"));
        std::os::unix::fs::symlink(&trap, out.join(&name)).unwrap();
        let (path, n) = export_to(&a, &out, format).await;
        assert_eq!(n, 2);
        assert_eq!(path, out.join(format!("Alongside {day} (2){ext}")));
        assert!(
            std::fs::symlink_metadata(&trap).is_err(),
            "{ext}: link followed"
        );
        assert!(std::fs::symlink_metadata(out.join(&name))
            .unwrap()
            .is_symlink());
    }
    assert!(names_in(&elsewhere).is_empty());
    assert_eq!(files_containing(&[&out], CANARY.as_bytes()).len(), 2);
    a.done().await;
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn exported_files_are_the_members_alone_and_no_temp_is_left() {
    use crate::support::mode;
    let a = side().await;
    a.fill().await;
    let out = a.dir.path().join("export");
    let day = a.journal().local_day(a.clock.now());
    let (folder, _) = export_to(&a, &out, Format::Markdown).await;
    let (json, _) = export_to(&a, &out, Format::Json).await;
    assert_eq!(
        names_in(&out),
        [format!("Alongside {day}"), format!("Alongside {day}.json")]
    );
    assert_eq!(mode(&json), 0o600);
    assert_eq!(mode(&folder), 0o700);
    let files = crate::support::files_under(&folder);
    assert_eq!(files.len(), 2);
    for file in files {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    a.done().await;
}

/// "Bold" letters pasted from a phone are four bytes each: a title that
/// starts with a long run of them made a file name over the 255 bytes file
/// systems allow, and the export failed with a half-written folder left.
#[tokio::test(flavor = "multi_thread")]
async fn long_titles_in_wide_letters_still_export() {
    let a = side().await;
    let title: String = "𝐇𝐨𝐥𝐚".chars().cycle().take(100).collect();
    a.write(&title, "hola", None, &[]).await;
    a.write("Martes", "adiós", None, &[]).await;
    let out = a.dir.path().join("export");
    let (folder, n) = export_to(&a, &out, Format::Markdown).await;
    assert_eq!(n, 2);
    let names = names_in(&folder);
    assert_eq!(names.len(), 2);
    let wide = names.iter().find(|n| n.contains("𝐇𝐨𝐥𝐚")).unwrap();
    assert!(wide.len() <= 255 && wide.ends_with(".md"), "{wide}");
    a.done().await;
}

/// Runs `op` with a deadline. A call stuck opening the FIFO at `fifo` (it
/// waits for a writer) is released by opening the other end, so a
/// regression fails here rather than hanging the run.
#[cfg(unix)]
async fn promptly<T: Send + 'static>(
    fifo: &Path,
    op: impl std::future::Future<Output = T> + Send + 'static,
) -> T {
    let task = tokio::spawn(op);
    match tokio::time::timeout(std::time::Duration::from_secs(10), task).await {
        Ok(done) => done.unwrap(),
        Err(_) => {
            let _release = std::fs::OpenOptions::new().write(true).open(fifo);
            panic!("the call waited for someone to write into a FIFO");
        }
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn imports_and_restores_refuse_what_is_not_a_regular_file_at_once() {
    let a = side().await;
    let fifo = a.dir.path().join("Journal.json");
    crate::support::mkfifo(&fifo);
    let (clock, db, path) = (a.clock.clone(), a.db.clone(), fifo.clone());
    let imported = promptly(&fifo, async move {
        import_file(
            alongside_core::journal::Journal::new(&db, &clock),
            &path,
            &Progress::unwatched(),
        )
        .await
    })
    .await;
    assert_eq!(imported.unwrap_err().code(), "not_a_file");
    let (clock, db, path) = (a.clock.clone(), a.db.clone(), fifo.clone());
    let restored = promptly(&fifo, async move {
        backup::restore(
            &db,
            &clock,
            &path,
            &pass(BACKUP_PASS),
            &Progress::unwatched(),
        )
        .await
    })
    .await;
    assert_eq!(restored.unwrap_err().code(), "not_a_file");

    for not_a_file in [a.dir.path(), Path::new("/dev/zero")] {
        let err = import_file(a.journal(), not_a_file, &Progress::unwatched())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "not_a_file");
        let err = backup::restore(
            &a.db,
            &a.clock,
            not_a_file,
            &pass(BACKUP_PASS),
            &Progress::unwatched(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), "not_a_file");
    }
    assert!(a.everything().await.is_empty());
    a.done().await;
}

/// A restore used to read any file whole, however large.
#[tokio::test(flavor = "multi_thread")]
async fn a_backup_over_its_limit_is_refused_before_it_is_read() {
    let a = side().await;
    let huge = a.dir.path().join("huge.age");
    // Sparse: no disk space used, and nothing to read but zeros.
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(backup::MAX_BACKUP_BYTES + 1).unwrap();
    drop(file);
    let err = backup::restore(
        &a.db,
        &a.clock,
        &huge,
        &pass(BACKUP_PASS),
        &Progress::unwatched(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "backup_too_large");
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_in_the_first_format_still_restores() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/backup-v1.age");
    let b = side().await;
    let restored = backup::restore(
        &b.db,
        &b.clock,
        &fixture,
        &pass("fixture backup passphrase"),
        &Progress::unwatched(),
    )
    .await
    .unwrap();
    assert_eq!(restored, 2);
    let all = b.everything().await;
    let group = all.iter().find(|e| e.title == "After group").unwrap();
    assert_eq!(group.feelings, ["calm", "hopeful"]);
    assert_eq!(group.tags, ["group"]);
    assert_eq!(group.mood, Some(6));
    let night = all.iter().find(|e| e.body.contains("difícil")).unwrap();
    assert_eq!(
        night.deleted_at.as_deref(),
        Some("2026-11-29T08:00:00.000Z")
    );
    b.done().await;
}

fn backup_sections() -> &'static [alongside_core::transfer::sections::Section] {
    alongside_core::transfer::sections::SECTIONS
}

/// Every table in the database is carried by a backup section or listed as
/// left out on purpose, so a capability that adds a table without a section
/// fails here.
#[tokio::test(flavor = "multi_thread")]
async fn every_table_is_in_a_backup_section_or_left_out_on_purpose() {
    let a = side().await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(a.db.pool())
    .await
    .unwrap();
    let covered = |table: &str| {
        backup_sections().iter().any(|s| {
            s.tables.iter().any(|t| {
                // FTS5 keeps its index in shadow tables named after it.
                table == *t
                    || ["_data", "_idx", "_docsize", "_config", "_content"]
                        .iter()
                        .any(|shadow| table == format!("{t}{shadow}"))
            })
        }) || alongside_core::transfer::sections::NOT_BACKED_UP
            .iter()
            .any(|(t, _)| *t == table)
    };
    let missing: Vec<&String> = tables.iter().filter(|t| !covered(t)).collect();
    assert!(
        missing.is_empty(),
        "tables in no backup section: {missing:?}"
    );
    assert!(tables.iter().any(|t| t == "entries"), "{tables:?}");
    a.done().await;
}

/// A Progress that records every report and calls the work off once
/// `stop_at` of it is done.
fn watching(
    job: TransferJob,
    stop_at: Option<u32>,
) -> (Progress, Arc<Mutex<Vec<TransferProgress>>>) {
    let flag = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (sink, stop) = (seen.clone(), flag.clone());
    let report = Arc::new(move |p: TransferProgress| {
        if stop_at.is_some_and(|at| p.total > 0 && p.done >= at) {
            stop.store(true, Ordering::SeqCst);
        }
        sink.lock().unwrap().push(p);
    });
    (Progress::new(job, flag, report), seen)
}

fn jrnl_file(dir: &Path, entries: usize) -> std::path::PathBuf {
    let entries: Vec<serde_json::Value> = (0..entries)
        .map(|i| {
            serde_json::json!({"title": format!("Day {i}"), "body": format!("{CANARY} {i}"),
                "date": format!("2020-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
                "time": format!("{:02}:{:02}", i % 24, i % 60), "tags": [], "starred": false})
        })
        .collect();
    let path = dir.join("jrnl-many.json");
    std::fs::write(
        &path,
        serde_json::json!({"tags": {}, "entries": entries}).to_string(),
    )
    .unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_counts_its_entries_and_called_off_adds_none() {
    let a = side().await;
    let file = jrnl_file(a.dir.path(), 500);
    let (stopping, seen) = watching(TransferJob::Import, Some(250));
    let err = import_file(a.journal(), &file, &stopping)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "transfer_cancelled");
    assert!(a.everything().await.is_empty(), "nothing written");
    assert!(seen.lock().unwrap().iter().all(|p| p.cancellable));

    let (progress, seen) = watching(TransferJob::Import, None);
    let report = import_file(a.journal(), &file, &progress).await.unwrap();
    assert_eq!(report.imported, 500);
    let seen = seen.lock().unwrap().clone();
    assert!(seen.len() > 50, "{} reports", seen.len());
    assert!(seen.iter().all(|p| p.job == TransferJob::Import
        && p.total == 500
        && p.unit == ProgressUnit::Entries));
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
    let last = seen.last().unwrap();
    assert_eq!((last.done, last.cancellable), (500, false));
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_counts_its_entries_and_called_off_leaves_the_journal_empty() {
    let (a, file, _) = filled_with_backup("progress.age").await;
    let b = side().await;
    let (stopping, seen) = watching(TransferJob::Restore, Some(2));
    let err = backup::restore(&b.db, &b.clock, &file, &pass(BACKUP_PASS), &stopping)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "transfer_cancelled");
    assert!(b.everything().await.is_empty());
    // Opening comes first, before the size is known.
    assert_eq!(seen.lock().unwrap()[0].total, 0);

    let (progress, seen) = watching(TransferJob::Restore, None);
    let n = backup::restore(&b.db, &b.clock, &file, &pass(BACKUP_PASS), &progress)
        .await
        .unwrap();
    assert_eq!(n, 3);
    let last = seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!((last.done, last.total, last.cancellable), (3, 3, false));
    assert!(b.everything().await == a.everything().await);
    a.done().await;
    b.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_counts_what_it_seals_and_called_off_keeps_the_one_there() {
    let (a, file, _) = filled_with_backup("kept.age").await;
    let before = std::fs::read(&file).unwrap();
    let (stopping, _) = watching(TransferJob::Backup, Some(1));
    let err = backup::write(
        &a.db,
        &a.clock,
        &pass(BACKUP_PASS),
        &file,
        a.clock.now(),
        &stopping,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), "transfer_cancelled");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the earlier backup stays"
    );

    let (progress, seen) = watching(TransferJob::Backup, None);
    backup::write(
        &a.db,
        &a.clock,
        &pass(BACKUP_PASS),
        &file,
        a.clock.now(),
        &progress,
    )
    .await
    .unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0].done, 0);
    assert!(seen.iter().all(|p| p.unit == ProgressUnit::Bytes));
    let last = seen.last().unwrap();
    assert!(!last.cancellable && last.done == last.total && last.total > 0);
    a.done().await;
}

/// A backup's JSON, opened with its passphrase, as any age tool would.
fn open_archive(file: &Path) -> serde_json::Value {
    use std::io::Read;
    let sealed = std::fs::read(file).unwrap();
    let decryptor = age::Decryptor::new_buffered(&sealed[..]).unwrap();
    let identity = age::scrypt::Identity::new(BACKUP_PASS.to_owned().into());
    let mut plain = Vec::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut plain)
        .unwrap();
    serde_json::from_slice(&plain).unwrap()
}

/// `archive` sealed as a backup, with a quick work factor.
fn seal_archive(archive: &serde_json::Value, file: &Path) {
    use std::io::Write;
    let mut recipient = age::scrypt::Recipient::new(BACKUP_PASS.to_owned().into());
    recipient.set_work_factor(10);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap();
    let mut sealed = Vec::new();
    let mut writer = encryptor.wrap_output(&mut sealed).unwrap();
    writer
        .write_all(&serde_json::to_vec(archive).unwrap())
        .unwrap();
    writer.finish().unwrap();
    std::fs::write(file, sealed).unwrap();
}

/// A backup whose later section fails the checks its commands make (a
/// practice log naming no exercise there is) restores nothing at all: the
/// journal section before it is not left behind, no staging copy stays,
/// and the same vault then takes the sound backup.
#[tokio::test(flavor = "multi_thread")]
async fn a_restore_is_all_or_nothing() {
    let a = side().await;
    a.fill().await;
    alongside_core::practice::Practice::new(&a.db)
        .log(
            &alongside_core::practice::LogDraft {
                exercise: "box-breathing".into(),
                seconds: 240,
                distress_before: Some(7),
                distress_after: Some(4),
                worksheet_id: None,
            },
            a.clock.now(),
            Tz::Europe__Madrid,
        )
        .await
        .unwrap();
    let file = a.dir.path().join("good.age");
    let n = backup::write(
        &a.db,
        &a.clock,
        &pass(BACKUP_PASS),
        &file,
        a.clock.now(),
        &Progress::unwatched(),
    )
    .await
    .unwrap();
    let mut archive = open_archive(&file);
    let practice = &mut archive["sections"]["practice"];
    let logs = practice["logs"].as_array_mut().unwrap();
    assert!(!logs.is_empty(), "the filled vault has practice");
    logs[0]["exercise"] = serde_json::json!("no-such-exercise");
    let broken = a.dir.path().join("broken.age");
    seal_archive(&archive, &broken);

    let b = side().await;
    let restore = |path: &Path| {
        let (clock, db, path) = (b.clock.clone(), b.db.clone(), path.to_owned());
        async move {
            backup::restore(
                &db,
                &clock,
                &path,
                &pass(BACKUP_PASS),
                &Progress::unwatched(),
            )
            .await
        }
    };
    let refused = restore(&broken).await.unwrap_err();
    assert_eq!(refused.code(), "exercise_unknown");
    assert!(b.everything().await.is_empty(), "no entry was kept");
    assert!(!b.db.staging_path().exists(), "no staging copy stays");
    assert_eq!(restore(&file).await.unwrap(), n);
    assert!(b.everything().await == a.everything().await);
    a.done().await;
    b.done().await;
}

/// Every plain file that leaves the vault goes through the same door: the
/// "not encrypted" acknowledgement, the passphrase typed again, and never
/// replacing a file already at its name.
#[test]
fn every_plain_export_needs_the_passphrase_and_never_replaces() {
    let app = crate::support::TestApp::new();
    let passphrase = "lantern orchard velvet tide";
    app.invoke(
        "vault_create",
        serde_json::json!({ "passphrase": passphrase }),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().display().to_string();
    let page = |understood: bool, pass: &str| {
        app.invoke(
            "safety_plan_export",
            serde_json::json!({"folder": folder, "understood": understood, "html": "<p>plan</p>",
                "passphrase": pass}),
        )
    };
    let calendar = |understood: bool, pass: &str| {
        app.invoke(
            "sessions_export_ics",
            serde_json::json!({"folder": folder, "understood": understood, "passphrase": pass}),
        )
    };
    for refused in [page(false, passphrase), calendar(false, passphrase)] {
        assert_eq!(refused.unwrap_err()["code"], "export_not_acknowledged");
    }
    for refused in [page(true, "not it at all"), calendar(true, "not it at all")] {
        assert_eq!(refused.unwrap_err()["code"], "wrong_passphrase");
    }
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing written"
    );

    // Something already at the name is never replaced.
    std::fs::write(
        out.path().join("alongside-sessions.ics"),
        b"the member's own",
    )
    .unwrap();
    let made = calendar(true, passphrase).unwrap();
    assert!(
        made.as_str()
            .unwrap()
            .ends_with("alongside-sessions (2).ics"),
        "{made}"
    );
    assert_eq!(
        std::fs::read(out.path().join("alongside-sessions.ics")).unwrap(),
        b"the member's own"
    );
    assert!(page(true, passphrase).is_ok());
}

/// A plain export's temp file left by a crash is removed at the next unlock.
#[tokio::test(flavor = "multi_thread")]
async fn what_a_crash_left_half_written_goes_at_the_next_unlock() {
    let mut a = side().await;
    let out = tempfile::tempdir().unwrap();
    let left =
        alongside_core::fsutil::temp_path_beside(&out.path().join("Alongside 2026-11-27.json"))
            .unwrap();
    alongside_core::store::unfinished::Unfinished::new(&a.db)
        .begin(&left, a.clock.now())
        .await
        .unwrap();
    std::fs::write(&left, format!("half of a plain export {CANARY}")).unwrap();
    a.reopen().await;
    assert!(!left.exists(), "swept at the unlock");
    a.done().await;
}
