//! Journal figures at scale, release build (`scripts/bench-journal`):
//! durable inserts through the app's own save path, search (one word, two
//! words, prefix) on 10,000 and 100,000 entries of ~150 words in English and
//! Spanish, the timeline's first page, a calendar month and the file size.
//! Prints figures; asserts nothing.

use alongside_lib::clock::SystemClock;
use alongside_lib::journal::{EntryDraft, Journal, SearchQuery};
use alongside_lib::store::Database;
use chrono::Datelike;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Arc;
use std::time::{Duration, Instant};

const WORDS: &[&str] = &[
    "today",
    "group",
    "breath",
    "anxious",
    "calm",
    "walked",
    "slept",
    "worried",
    "mother",
    "work",
    "tired",
    "hopeful",
    "rain",
    "coffee",
    "therapist",
    "noticed",
    "body",
    "heart",
    "tense",
    "grateful",
    "friend",
    "quiet",
    "morning",
    "evening",
    "panic",
    "grounding",
    "practice",
    "listened",
    "boundary",
    "sadness",
    "memory",
    "kind",
    "hoy",
    "grupo",
    "respiración",
    "ansiedad",
    "tranquila",
    "caminé",
    "dormí",
    "preocupado",
    "mamá",
    "trabajo",
    "cansada",
    "esperanza",
    "lluvia",
    "café",
    "terapeuta",
    "noté",
    "cuerpo",
    "corazón",
    "tensión",
    "agradecida",
    "amiga",
    "silencio",
    "mañana",
    "tarde",
    "pánico",
    "práctica",
    "escuché",
    "límite",
    "tristeza",
    "recuerdo",
];

fn body(rng: &mut StdRng) -> String {
    (0..150)
        .map(|_| WORDS[rng.gen_range(0..WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let journal = Journal::new(Arc::new(SystemClock), chrono_tz::Tz::UTC);
    let mut rng = StdRng::seed_from_u64(7);
    rt.block_on(async {
        let db = Database::open(&path, &[7; 32], true).await.expect("open");

        // 10,000 entries one by one, each its own durable commit (WAL, FULL).
        let mut inserts = Vec::with_capacity(10_000);
        for i in 0..10_000u32 {
            let draft = EntryDraft {
                title: format!("Entry {i}"),
                body: body(&mut rng),
                mood: Some(rng.gen_range(0..=10)),
                feelings: vec!["calm".into()],
                tags: vec![if i % 3 == 0 { "group" } else { "home" }.into()],
                ..Default::default()
            };
            let t = Instant::now();
            journal.save(&db, draft).await.expect("save");
            inserts.push(t.elapsed());
        }
        report("insert (durable commit, app save path)", &mut inserts);
        searches(&journal, &db, "10,000", 25).await;

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
                .bind(body(&mut rng))
                .bind(rng.gen_range(0..=10))
                .bind(alongside_lib::journal::stamp(at))
                .bind(alongside_lib::journal::stamp(at))
                .execute(&mut *tx)
                .await
                .expect("insert");
            }
            tx.commit().await.expect("commit");
        }
        searches(&journal, &db, "100,000", 5).await;

        let mut pages = Vec::new();
        let mut months = Vec::new();
        let now = chrono::Utc::now();
        for _ in 0..50 {
            let t = Instant::now();
            journal.timeline(&db, None, 30).await.expect("timeline");
            pages.push(t.elapsed());
            let t = Instant::now();
            journal.calendar(&db, now.year() - 3, 5).await.expect("calendar");
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

/// Every term below appears in most entries (the vocabulary is small), so
/// these are worst cases: ranking touches nearly every entry.
async fn searches(journal: &Journal, db: &Database, label: &str, rounds: usize) {
    for (name, terms) in [
        (
            "one word",
            &["ansiedad", "grounding", "corazon", "boundary"][..],
        ),
        (
            "two words",
            &["calm breath", "lluvia café", "panic group", "tristeza mamá"][..],
        ),
        ("prefix", &["anx", "resp", "grat", "tranq"][..]),
    ] {
        let mut times = Vec::new();
        for _ in 0..rounds {
            for term in terms {
                let q = SearchQuery {
                    text: (*term).into(),
                    ..Default::default()
                };
                let t = Instant::now();
                journal.search(db, &q).await.expect("search");
                times.push(t.elapsed());
            }
        }
        report(&format!("search {name} on {label}"), &mut times);
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
