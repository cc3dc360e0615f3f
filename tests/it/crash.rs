//! Crash safety. A child process commits writes through the app's store and
//! acknowledges each one on stdout; the parent kills it with SIGKILL at a
//! random moment, then checks that the database opens, passes
//! `integrity_check` and `cipher_integrity_check`, and holds every
//! acknowledged write. Many rounds on the same file.

use alongside_core::store::{Database, Meta};
use rand::{Rng, SeedableRng};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const CHILD_DB: &str = "ALONGSIDE_CRASH_CHILD_DB";
const CHILD_START: &str = "ALONGSIDE_CRASH_CHILD_START";
const KEY: [u8; 32] = [0x17; 32];
const ROUNDS: usize = 120;
const TEST_NAME: &str = "crash::acknowledged_writes_survive_sigkill";

#[test]
fn acknowledged_writes_survive_sigkill() {
    // The same test binary, started by the parent below, is the writer.
    if let Some(path) = std::env::var_os(CHILD_DB) {
        let start = std::env::var(CHILD_START)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        return write_until_killed(path.into(), start);
    }

    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("alongside.db");
    let seed: u64 = rand::random();
    println!("crash test seed {seed}");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut acknowledged: Vec<u64> = Vec::new();
    let mut killed_mid_write = 0;

    for round in 0..ROUNDS {
        let start = acknowledged.last().map_or(0, |n| n + 1);
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_DB, &db_path)
            .env(CHILD_START, start.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(n) = line
                    .strip_prefix("ack ")
                    .and_then(|n| n.parse::<u64>().ok())
                {
                    let _ = tx.send(n);
                }
            }
        });
        // Wait for the first acknowledgement, then kill at a random point.
        let first = rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("round {round}: child never wrote"));
        acknowledged.push(first);
        std::thread::sleep(Duration::from_micros(rng.gen_range(0..30_000)));
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        acknowledged.extend(rx.try_iter());
        killed_mid_write += 1;

        let missing = runtime.block_on(async {
            let db = Database::open(&db_path, &KEY, false)
                .await
                .unwrap_or_else(|e| {
                    panic!("round {round} (seed {seed}): database does not open: {e}")
                });
            let problems = db.integrity_problems().await.unwrap();
            assert_eq!(
                problems,
                Vec::<String>::new(),
                "round {round} (seed {seed})"
            );
            let meta = Meta::new(&db);
            let mut missing = Vec::new();
            for n in &acknowledged {
                if meta.get(&key(*n)).await.unwrap().as_deref() != Some(value(*n).as_str()) {
                    missing.push(*n);
                }
            }
            db.close().await;
            missing
        });
        assert_eq!(
            missing,
            Vec::<u64>::new(),
            "round {round} (seed {seed}): acknowledged writes lost"
        );
    }
    assert_eq!(killed_mid_write, ROUNDS);
    assert!(
        acknowledged.len() > ROUNDS,
        "{} writes acknowledged",
        acknowledged.len()
    );
    println!(
        "{ROUNDS} SIGKILL rounds, {} acknowledged writes, all present",
        acknowledged.len()
    );
}

fn key(n: u64) -> String {
    format!("crash-{n:08}")
}

fn value(n: u64) -> String {
    // Long enough that writes span pages and the WAL grows and checkpoints.
    format!("{n}:").repeat(40 + (n % 200) as usize)
}

fn write_until_killed(path: std::path::PathBuf, start: u64) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let db = Database::open(&path, &KEY, true).await.unwrap();
        let meta = Meta::new(&db);
        for n in start.. {
            meta.set(&key(n), &value(n), chrono::Utc::now())
                .await
                .unwrap();
            // Only after the commit returned.
            println!("ack {n}");
        }
    });
}
