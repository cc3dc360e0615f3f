//! Import figures, release build (`scripts/bench-journal import`): jrnl's
//! own JSON export of a 10,000-entry journal (~150 words each, two tags)
//! imported into an empty vault, then the same file again (every entry
//! already there). Prints figures.

use alongside_core::clock::SystemClock;
use alongside_core::journal::Journal;
use alongside_core::progress::Progress;
use alongside_core::store::Database;
use alongside_core::transfer::import_file;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Instant;

const WORDS: &[&str] = &[
    "today", "hoy", "anxious", "calm", "work", "trabajo", "tired", "group", "breath", "walked",
    "slept", "talked", "felt", "better", "worse", "again", "morning", "noche", "friend", "plan",
];

fn jrnl_export(n: usize) -> String {
    let mut rng = StdRng::seed_from_u64(11);
    let entries: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let day = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap()
                + chrono::Duration::days((i / 3) as i64);
            let body: Vec<&str> = (0..150)
                .map(|_| WORDS[rng.gen_range(0..WORDS.len())])
                .collect();
            serde_json::json!({
                "title": format!("Entry {i}."),
                "body": body.join(" "),
                "date": day.format("%Y-%m-%d").to_string(),
                "time": format!("{:02}:{:02}", 8 + (i % 3) * 5, i % 60),
                "tags": ["@group", if i % 2 == 0 { "@home" } else { "@work" }],
                "starred": false,
            })
        })
        .collect();
    serde_json::json!({ "tags": {"@group": n}, "entries": entries }).to_string()
}

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("jrnl.json");
    std::fs::write(&file, jrnl_export(10_000)).expect("write export");
    rt.block_on(async {
        let db = Database::open(&dir.path().join("bench.db"), &[7; 32], true)
            .await
            .expect("open");
        let journal = Journal::new(&db, &SystemClock);
        let t = Instant::now();
        let first = import_file(journal, &file, &Progress::unwatched())
            .await
            .expect("import");
        let fresh = t.elapsed();
        let t = Instant::now();
        let again = import_file(journal, &file, &Progress::unwatched())
            .await
            .expect("import again");
        let repeat = t.elapsed();
        println!(
            "jrnl import, 10,000 entries: {:.2} s into an empty vault ({} added); \
             {:.2} s again ({} already there)",
            fresh.as_secs_f64(),
            first.imported,
            repeat.as_secs_f64(),
            again.already_there
        );
        db.close().await;
    });
}
