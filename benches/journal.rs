//! Journal figures at scale, release build (`scripts/bench-journal`):
//! durable inserts through the app's own save path, search (one word, two
//! words, prefix) on 10,000 and 100,000 entries of ~150 words in English and
//! Spanish, an encrypted backup and restore of 10,000 entries, the
//! timeline's first page, a calendar month and the file size.
//! Prints figures.

use alongside_core::clock::SystemClock;
use alongside_core::journal::{EntryDraft, Journal, SearchQuery};
use alongside_core::logging::Sensitive;
use alongside_core::progress::Progress;
use alongside_core::store::Database;
use alongside_core::transfer::backup;
use chrono::Datelike;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

/// The corpus follows Zipf's law like real writing: a few words in almost
/// every entry, a long tail of rare ones. Ranks are fixed so that the
/// queries below have known frequencies: "common" words sit at ranks 10–60
/// (each in roughly 30–80% of entries), "typical" ones at ranks 200–900
/// (1–5%).
const STOP: &[&str] = &["i", "the", "y", "and", "de", "to", "que", "a", "la", "it"];
const COMMON: &[&str] = &[
    "today",
    "hoy",
    "anxious",
    "ansiedad",
    "calm",
    "tranquila",
    "work",
    "trabajo",
    "tired",
    "cansada",
    "group",
    "grupo",
    "breath",
    "respiración",
];
const TYPICAL: &[(&str, usize)] = &[
    ("grounding", 200),
    ("corazón", 260),
    ("boundary", 330),
    ("tristeza", 420),
    ("lluvia", 500),
    ("mother", 580),
    ("grateful", 660),
    ("pánico", 740),
    ("therapist", 820),
    ("límite", 900),
];
const SYLLABLES: &[&str] = &[
    "ba", "ce", "di", "fo", "gu", "ka", "le", "mi", "no", "pu", "ra", "se", "ti", "vo", "zu",
    "bel", "dor", "fin", "gal", "mon", "per", "sol", "tur", "ven",
];

struct Corpus {
    vocabulary: Vec<String>,
    cumulative: Vec<f64>,
}

impl Corpus {
    fn new() -> Self {
        let mut vocabulary: Vec<String> = STOP.iter().map(|w| w.to_string()).collect();
        vocabulary.extend(COMMON.iter().map(|w| w.to_string()));
        // A tail of made-up but word-like tokens (three syllables).
        let n = SYLLABLES.len();
        for i in 0..8_000 {
            let w: String = [i % n, (i / n) % n, (i / n / n) % n]
                .iter()
                .map(|&k| SYLLABLES[k])
                .collect();
            vocabulary.push(w);
        }
        for (word, rank) in TYPICAL {
            vocabulary.insert(*rank, word.to_string());
        }
        let mut total = 0.0;
        let cumulative = (1..=vocabulary.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self {
            vocabulary,
            cumulative,
        }
    }

    fn body(&self, rng: &mut StdRng) -> String {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        (0..150)
            .map(|_| {
                let x = rng.gen_range(0.0..total);
                let i = self.cumulative.partition_point(|c| *c < x);
                self.vocabulary[i.min(self.vocabulary.len() - 1)].as_str()
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let mut rng = StdRng::seed_from_u64(7);
    let corpus = Corpus::new();
    rt.block_on(async {
        let db = Database::open(&path, &[7; 32], true).await.expect("open");
        let journal = Journal::new(&db, &SystemClock);

        // 10,000 entries one by one, each its own durable commit (WAL, FULL).
        let mut inserts = Vec::with_capacity(10_000);
        for i in 0..10_000u32 {
            let draft = EntryDraft {
                title: format!("Entry {i}"),
                body: corpus.body(&mut rng),
                mood: Some(rng.gen_range(0..=10)),
                feelings: vec!["calm".into()],
                tags: vec![if i % 3 == 0 { "group" } else { "home" }.into()],
                ..Default::default()
            };
            let t = Instant::now();
            journal.save(draft).await.expect("save");
            inserts.push(t.elapsed());
        }
        report("insert (durable commit, app save path)", &mut inserts);
        searches(journal, &db, "10,000", 25).await;
        backup_round_trip(&db, dir.path()).await;

        // The other 90,000 in transactions of 1,000, spread over ten years.
        let start = chrono::Utc::now() - chrono::Duration::days(3650);
        for batch in 0..90 {
            let mut tx = db.pool().begin().await.expect("tx");
            for j in 0..1000 {
                let n = batch * 1000 + j;
                let at = start + chrono::Duration::minutes(i64::from(n) * 58);
                sqlx::query(
                    "INSERT INTO entries (id, title, body, mood, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                )
                .bind(format!("bulk-{n}"))
                .bind(format!("Bulk {n}"))
                .bind(corpus.body(&mut rng))
                .bind(rng.gen_range(0..=10))
                .bind(alongside_core::clock::stamp(at))
                .bind(alongside_core::clock::stamp(at))
                .execute(&mut *tx)
                .await
                .expect("insert");
            }
            tx.commit().await.expect("commit");
        }
        searches(journal, &db, "100,000", 5).await;

        let mut pages = Vec::new();
        let mut months = Vec::new();
        let now = chrono::Utc::now();
        for _ in 0..50 {
            let t = Instant::now();
            journal.timeline(None, 30).await.expect("timeline");
            pages.push(t.elapsed());
            let t = Instant::now();
            journal.calendar(now.year() - 3, 5).await.expect("calendar");
            months.push(t.elapsed());
        }
        report("timeline first page (30) on 100,000", &mut pages);
        report("calendar month on 100,000", &mut months);
        db.close().await;
    });
    let size: u64 = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "database size with 100,000 entries: {:.0} MiB (db + wal)",
        size as f64 / 1048576.0
    );
}

/// "common" terms each match a third to most of the entries (the worst
/// case for ranking); "typical" ones match a few percent.
async fn searches(journal: Journal<'_>, db: &Database, label: &str, rounds: usize) {
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM entries")
        .fetch_one(db.pool())
        .await
        .unwrap_or(1);
    for (name, terms) in [
        (
            "one word, common",
            &["today", "hoy", "anxious", "ansiedad"][..],
        ),
        (
            "one word, typical",
            &["grounding", "corazon", "boundary", "tristeza"][..],
        ),
        (
            "two words, common",
            &["calm breath", "hoy cansada", "work tired", "grupo trabajo"][..],
        ),
        (
            "two words, typical",
            &[
                "grounding today",
                "lluvia tranquila",
                "mother anxious",
                "pánico hoy",
            ][..],
        ),
        ("prefix, common", &["anx", "tranq", "respira", "tod"][..]),
        (
            "prefix, typical",
            &["ground", "corazo", "therap", "trist"][..],
        ),
    ] {
        let mut times = Vec::new();
        let mut matched = Vec::new();
        for term in terms {
            let m: i64 =
                sqlx::query_scalar("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?")
                    .bind(format!(
                        "{}*",
                        term.split(' ')
                            .map(|w| format!("\"{w}\""))
                            .collect::<Vec<_>>()
                            .join(" ")
                    ))
                    .fetch_one(db.pool())
                    .await
                    .unwrap_or(0);
            matched.push(100.0 * m as f64 / total as f64);
        }
        for _ in 0..rounds {
            for term in terms {
                let q = SearchQuery {
                    text: (*term).into(),
                    ..Default::default()
                };
                let t = Instant::now();
                let hits = journal.search(&q).await.expect("search");
                times.push(t.elapsed());
                assert!(!hits.is_empty(), "{term} found nothing");
            }
        }
        let share: Vec<String> = matched.iter().map(|m| format!("{m:.0}%")).collect();
        report(
            &format!("search {name} on {label} (matching {})", share.join("/")),
            &mut times,
        );
    }
}

/// An encrypted backup of the 10,000 entries and its restore into a new
/// vault: how long the member waits, and how big the file is.
async fn backup_round_trip(db: &Database, dir: &std::path::Path) {
    let passphrase = Sensitive::new("harbour lilac compass drift".to_owned());
    let file = dir.join("backup.age");
    let t = Instant::now();
    backup::write(
        db,
        &SystemClock,
        &passphrase,
        &file,
        chrono::Utc::now(),
        &Progress::unwatched(),
    )
    .await
    .expect("backup");
    let written = t.elapsed();
    let restored_db = Database::open(&dir.join("restored.db"), &[8; 32], true)
        .await
        .expect("open");
    let t = Instant::now();
    backup::restore(
        &restored_db,
        &SystemClock,
        &file,
        &passphrase,
        &Progress::unwatched(),
    )
    .await
    .expect("restore");
    let restored = t.elapsed();
    restored_db.close().await;
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "backup of 10,000 entries: write {:.2} s, restore into a new vault {:.2} s, file {:.1} MiB (scrypt 2^18 included in both)",
        written.as_secs_f64(),
        restored.as_secs_f64(),
        size as f64 / 1048576.0
    );
    // Leave only the benchmark database, whose size is reported at the end.
    for name in [
        "restored.db",
        "restored.db-wal",
        "restored.db-shm",
        "backup.age",
    ] {
        let _ = std::fs::remove_file(dir.join(name));
    }
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what}: p50 {:.2} ms, p95 {:.2} ms (n={})",
        at(0.5).as_secs_f64() * 1000.0,
        at(0.95).as_secs_f64() * 1000.0,
        times.len()
    );
}
