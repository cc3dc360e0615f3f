//! The encrypted database: one SQLCipher 4 file opened through sqlx with
//! the vault's raw 256-bit data key. Every pooled connection receives the
//! key first (sqlx issues `PRAGMA key` before anything else), then WAL,
//! `synchronous=FULL` and foreign keys.
//!
//! sqlx would log every statement it runs, the connection's `PRAGMA key`
//! included, so statement logging is switched off here (and `sqlx=off` is
//! pinned in the app's log filter as a second guard).

mod meta;
pub mod unfinished;

pub use meta::Meta;

use crate::error::ErrorCode;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;
use zeroize::Zeroizing;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database cannot be opened with this key, or is not an Alongside database")]
    Unreadable(#[source] sqlx::Error),
    #[error("the database file is missing")]
    Missing,
    #[error("the database engine is not SQLCipher 4")]
    NotEncrypted,
    #[error("a database operation failed")]
    Query(#[from] sqlx::Error),
    #[error("the database could not be upgraded")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl crate::error::Coded for StoreError {
    fn code(&self) -> crate::error::ErrorCode {
        match self {
            Self::Unreadable(_) | Self::NotEncrypted => ErrorCode::DatabaseUnreadable,
            Self::Missing => ErrorCode::VaultDamaged,
            Self::Query(_) | Self::Migrate(_) => ErrorCode::Database,
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("store/migrations");

/// An open, unlocked database. Cloning shares the pool.
#[derive(Debug, Clone)]
pub struct Database {
    pool: SqlitePool,
    /// The key as SQLCipher takes it (`"x'…'"`), for attaching a staging
    /// copy under it; wiped when the last handle goes.
    key: std::sync::Arc<Zeroizing<String>>,
}

impl Database {
    /// Opens (or, with `create`, creates) the database at `path` keyed with
    /// `key`. A file that does not decrypt is reported and left untouched:
    /// it is never recreated empty nor opened without a key.
    pub async fn open(path: &Path, key: &[u8; 32], create: bool) -> Result<Self> {
        silence_sqlcipher_log().await;
        if !create && !path.exists() {
            return Err(StoreError::Missing);
        }
        if create {
            // SQLite gives its -wal and -shm files the database file's mode,
            // so making that file owner-only first covers all three.
            create_private_file(path).map_err(|e| StoreError::Unreadable(sqlx::Error::Io(e)))?;
        }
        let hex_key = Zeroizing::new(hex::encode(key));
        let pragma = Zeroizing::new(format!("\"x'{}'\"", hex_key.as_str()));
        // sqlx keeps its own copy of this string for the life of the pool
        // and frees it unwiped on close (see the vault's threat model).
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(create)
            .pragma("key", pragma.as_str().to_owned())
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Every page read from disk is decrypted and authenticated; a
            // larger cache keeps search's index pages decrypted in memory.
            .pragma("cache_size", "-16384")
            // Deleted rows (an emptied trash) are overwritten, not left in
            // free pages of the file.
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(5))
            .disable_statement_logging();
        let pool = SqlitePoolOptions::new()
            // Two: a search can run while an autosave writes (WAL), and each
            // connection's page cache stays warm.
            .max_connections(2)
            .connect_with(options)
            .await
            .map_err(StoreError::Unreadable)?;
        let db = Self {
            pool,
            key: std::sync::Arc::new(pragma),
        };
        let version = db.cipher_version().await?;
        if !version.starts_with('4') {
            db.close().await;
            return Err(StoreError::NotEncrypted);
        }
        MIGRATOR.run(&db.pool).await?;
        Ok(db)
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// SQLCipher's version ("4.x.y community"); empty on plain SQLite.
    pub async fn cipher_version(&self) -> Result<String> {
        let row: Option<(String,)> = sqlx::query_as("PRAGMA cipher_version")
            .fetch_optional(&self.pool)
            .await
            .map_err(StoreError::Unreadable)?;
        Ok(row.map(|r| r.0).unwrap_or_default())
    }

    /// `PRAGMA integrity_check` and `PRAGMA cipher_integrity_check` problems;
    /// empty when the file is sound.
    pub async fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .filter(|r: &String| r != "ok")
            .collect();
        let cipher: Vec<String> = sqlx::query_scalar("PRAGMA cipher_integrity_check")
            .fetch_all(&self.pool)
            .await?;
        problems.extend(cipher);
        Ok(problems)
    }

    /// Closes every connection; SQLCipher wipes its copy of the key.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Where a restore is staged: beside this database's file.
    pub fn staging_path(&self) -> std::path::PathBuf {
        self.pool
            .connect_options()
            .get_filename()
            .with_file_name("restore-staging.db")
    }

    /// A new, empty database at `path` under the same key and schema: where
    /// a restore is written and checked before any of it reaches this one.
    /// A file left at `path` by a run that stopped is replaced.
    pub async fn staging(&self, path: &Path) -> Result<Self> {
        remove_database_files(path);
        create_private_file(path).map_err(|e| StoreError::Unreadable(sqlx::Error::Io(e)))?;
        let options = (*self.pool.connect_options())
            .clone()
            .filename(path)
            .create_if_missing(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(StoreError::Unreadable)?;
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            key: self.key.clone(),
        })
    }

    /// Copies every row of `tables` from the database at `staging` (same
    /// key) into this one, in one transaction: all of it, or none.
    pub async fn copy_in(&self, staging: &Path, tables: &[&str]) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        // The key pragma's text without its quotes: `x'…'`, a raw key.
        let key = Zeroizing::new(self.key.trim_matches('"').to_owned());
        sqlx::query("ATTACH DATABASE ? AS staging KEY ?")
            .bind(staging.to_string_lossy().into_owned())
            .bind(key.as_str())
            .execute(&mut *conn)
            .await?;
        let copied = async {
            let mut tx = conn.begin().await?;
            for table in tables {
                let columns = copied_columns(&mut tx, table).await?;
                let copy = format!(
                    "INSERT INTO main.\"{table}\" ({columns}) SELECT {columns} FROM staging.\"{table}\""
                );
                sqlx::query(sqlx::AssertSqlSafe(copy))
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        }
        .await;
        let detached = sqlx::query("DETACH DATABASE staging")
            .execute(&mut *conn)
            .await;
        copied?;
        detached?;
        Ok(())
    }
}

/// A table's columns for a copy, with its hidden `rowid` when it has one
/// that is not a column of its own: other tables may refer to it (a
/// journal entry's feelings and tags name the entry's rowid).
async fn copied_columns(conn: &mut sqlx::SqliteConnection, table: &str) -> sqlx::Result<String> {
    let info: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT name, type, pk FROM pragma_table_info(?, 'main')")
            .bind(table)
            .fetch_all(&mut *conn)
            .await?;
    let without_rowid: bool =
        sqlx::query_scalar("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?")
            .bind(table)
            .fetch_optional(&mut *conn)
            .await?
            .unwrap_or(false);
    let keys: Vec<&(String, String, i64)> = info.iter().filter(|c| c.2 > 0).collect();
    let rowid_is_a_column =
        matches!(keys.as_slice(), [key] if key.1.eq_ignore_ascii_case("INTEGER"));
    let mut columns: Vec<String> = info.iter().map(|c| format!("\"{}\"", c.0)).collect();
    if !without_rowid && !rowid_is_a_column {
        columns.insert(0, "rowid".to_owned());
    }
    Ok(columns.join(", "))
}

/// Removes a database file and its -wal and -shm companions, if there.
pub fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(name));
    }
}

fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// SQLCipher logs failures (such as "hmac check failed" on a foreign file)
/// to stderr by default. Its log level is process-wide, so one throwaway
/// in-memory connection turns it off before any real file is opened.
async fn silence_sqlcipher_log() {
    static DONE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    DONE.get_or_init(|| async {
        let Ok(options) = SqliteConnectOptions::from_str("sqlite::memory:") else {
            return;
        };
        if let Ok(mut conn) = sqlx::SqliteConnection::connect_with(&options).await {
            let _ = sqlx::query("PRAGMA cipher_log_level = NONE")
                .execute(&mut conn)
                .await;
            let _ = conn.close().await;
        }
    })
    .await;
}

/// A real encrypted database in a throwaway folder, for modules' own tests.
#[cfg(test)]
pub async fn scratch_database() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(&dir.path().join("scratch.db"), &[7; 32], true)
        .await
        .unwrap();
    (dir, db)
}
