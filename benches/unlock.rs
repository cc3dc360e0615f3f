//! Unlock time on this machine: Argon2id key derivation plus opening the
//! SQLCipher database, as the member waits for it. Run with
//! `scripts/bench-unlock` (release build); prints figures, asserts nothing.

use alongside_core::clock::SystemClock;
use alongside_core::logging::Sensitive;
use alongside_core::vault::keyring::Keyring;
use alongside_core::vault::{kdf, Vault};
use std::sync::Arc;
use std::time::{Duration, Instant};

const RUNS: usize = 15;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let dir = tempfile::tempdir().expect("a temp dir");
    let passphrase = Sensitive::new("lantern orchard velvet tide".to_owned());
    let store: Arc<keyring_core::CredentialStore> =
        keyring_core::mock::Store::new().expect("mock keyring");
    let keyring = Keyring::with_store(store);

    runtime.block_on(async {
        let vault = Vault::new(dir.path(), keyring.clone(), Arc::new(SystemClock));
        vault.create(&passphrase).await.expect("create");
        vault.lock().await;
    });

    let mut kdf_times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        kdf::DEFAULT
            .derive(b"lantern orchard velvet tide", &[9; 16])
            .expect("derive");
        kdf_times.push(t.elapsed());
    }

    let mut unlock_times = Vec::new();
    for _ in 0..RUNS {
        // A fresh Vault each time, as after a restart.
        let vault = Vault::new(dir.path(), keyring.clone(), Arc::new(SystemClock));
        let t = Instant::now();
        runtime.block_on(vault.unlock(&passphrase)).expect("unlock");
        unlock_times.push(t.elapsed());
        runtime.block_on(vault.lock());
    }

    let p = kdf::DEFAULT;
    println!(
        "Argon2id m={} MiB t={} p={}: median {}, p95 {}",
        p.memory_kib / 1024,
        p.iterations,
        p.parallelism,
        ms(median(&kdf_times)),
        ms(p95(&kdf_times))
    );
    println!(
        "unlock (KDF + open SQLCipher + migrations check) over {RUNS} runs: median {}, p95 {}, min {}, max {}",
        ms(median(&unlock_times)),
        ms(p95(&unlock_times)),
        ms(*unlock_times.iter().min().expect("runs")),
        ms(*unlock_times.iter().max().expect("runs"))
    );
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}

fn p95(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[((v.len() - 1) as f64 * 0.95).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}
