//! The database key never reaches a log. sqlx runs the connection's
//! `PRAGMA key` through its statement logger; two guards keep it out:
//! statement logging is off on the connect options, and the app's log
//! filter pins `sqlx=off`. Each test checks one guard with the other
//! removed (every test runs in its own process under nextest).

use crate::support::files_under;
use alongside_core::clock::ManualClock;
use alongside_core::journal::{EntryDraft, Journal, SearchQuery};
use alongside_core::store::Database;
use rand::RngCore;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;
use std::path::Path;
use std::time::Duration;

const CANARY: &str = "CANARYkeylog-the-night-I-could-not-breathe";

fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    key
}

/// Writes an entry with the canary and searches for it.
async fn write_and_search(db: &Database) {
    let clock = ManualClock::in_zone(chrono::Utc::now(), chrono_tz::Europe::Madrid);
    let journal = Journal::new(db, &clock);
    let draft = EntryDraft {
        id: None,
        title: CANARY.into(),
        body: format!("{CANARY} body"),
        mood: Some(3),
        feelings: vec![],
        tags: vec!["canary".into()],
        prompt_id: None,
        session_id: None,
    };
    journal.save(draft).await.unwrap();
    let hits = journal
        .search(&SearchQuery {
            text: "CANARYkeylog".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
}

/// What the log folder holds, and that it is not empty (so a test cannot
/// pass because nothing was logged at all).
fn assert_log_clean(log_dir: &Path, key: &[u8; 32]) {
    let files = files_under(log_dir);
    let all: Vec<u8> = files
        .iter()
        .flat_map(|f| std::fs::read(f).unwrap())
        .collect();
    let text = String::from_utf8_lossy(&all);
    assert!(
        text.contains("write-and-search-done"),
        "the log was written: {text}"
    );
    for needle in [hex::encode(key), hex::encode_upper(key), CANARY.to_owned()] {
        assert!(
            !text.contains(&needle),
            "found {needle} in the log:\n{text}"
        );
    }
    assert!(
        !all.windows(32).any(|w| w == key),
        "raw key bytes in the log"
    );
}

/// Guard 1, alone: the store's connect options log no statement, even
/// under a subscriber that takes everything (no `sqlx=off` pin).
#[tokio::test(flavor = "multi_thread")]
async fn the_store_logs_no_statement_even_at_trace() {
    let dir = tempfile::tempdir().unwrap();
    let log_dir = dir.path().join("logs");
    std::fs::create_dir(&log_dir).unwrap();
    let appender = tracing_appender::rolling::never(&log_dir, "trace.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(writer)
        .with_ansi(false)
        .init();

    let key = random_key();
    let db = Database::open(&dir.path().join("a.db"), &key, true)
        .await
        .unwrap();
    write_and_search(&db).await;
    db.close().await;
    let db = Database::open(&dir.path().join("a.db"), &key, false)
        .await
        .unwrap();
    db.close().await;
    tracing::info!("write-and-search-done");
    drop(guard);
    assert_log_clean(&log_dir, &key);
}

/// Guard 2, alone: a connection that does log every statement, and every
/// slow one from zero seconds, still writes nothing of sqlx's to the app's
/// log, whatever `ALONGSIDE_LOG` asks for.
#[tokio::test(flavor = "multi_thread")]
async fn the_app_log_filter_keeps_sqlx_out_whatever_is_asked() {
    std::env::set_var("ALONGSIDE_LOG", "trace,sqlx=trace,sqlx::query=trace");
    let dir = tempfile::tempdir().unwrap();
    let log_dir = dir.path().join("logs");
    let guard = alongside_core::logging::init(&log_dir).unwrap();

    let key = random_key();
    let options = SqliteConnectOptions::new()
        .filename(dir.path().join("b.db"))
        .create_if_missing(true)
        .pragma("key", format!("\"x'{}'\"", hex::encode(key)))
        .log_statements(log::LevelFilter::Trace)
        .log_slow_statements(log::LevelFilter::Warn, Duration::ZERO);
    let mut conn = options.connect().await.unwrap();
    let statement = format!("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('{CANARY}')");
    sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::Connection::close(conn).await.unwrap();

    // And the app's own store on top, at every level.
    let db = Database::open(&dir.path().join("a.db"), &key, true)
        .await
        .unwrap();
    write_and_search(&db).await;
    db.close().await;
    tracing::info!("write-and-search-done");
    drop(guard);
    assert_log_clean(&log_dir, &key);
}

/// The control: with neither guard (a connection that logs its statements,
/// a subscriber that takes everything), the same scan finds the key in the
/// log. So the two tests above can fail: their clean logs are the guards'.
#[tokio::test(flavor = "multi_thread")]
async fn without_either_guard_the_scan_finds_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let log_dir = dir.path().join("logs");
    std::fs::create_dir(&log_dir).unwrap();
    let appender = tracing_appender::rolling::never(&log_dir, "trace.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(writer)
        .with_ansi(false)
        .init();

    let key = random_key();
    let options = SqliteConnectOptions::new()
        .filename(dir.path().join("c.db"))
        .create_if_missing(true)
        .pragma("key", format!("\"x'{}'\"", hex::encode(key)))
        .log_statements(log::LevelFilter::Trace);
    let mut conn = options.connect().await.unwrap();
    sqlx::raw_sql("CREATE TABLE t (x TEXT)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::Connection::close(conn).await.unwrap();
    drop(guard);
    let logged: Vec<u8> = files_under(&log_dir)
        .iter()
        .flat_map(|f| std::fs::read(f).unwrap())
        .collect();
    let text = String::from_utf8_lossy(&logged);
    assert!(
        text.contains(&hex::encode(key)),
        "unguarded, the key is in the log: the scan works"
    );
}
