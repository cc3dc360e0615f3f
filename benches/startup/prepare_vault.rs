//! Makes a vault for `scripts/bench-startup` to start the app on: locked
//! (the app opens on the unlock screen) or, with `--auto-unlock`, opened
//! through the desktop's keyring (the app opens on Today); either way with
//! 300 entries in the journal. With `--reminders=N` (for
//! `scripts/bench-reminders`) it also adds N one-week series in UTC, ten
//! starting at each minute from three minutes on, reminded at their start.
//! With `--practice=N` (for `scripts/bench-practice`) it adds N practices
//! spread over the last twelve weeks, with distress ratings.
//! Usage: prepare_vault --data-dir=DIR [--auto-unlock] [--reminders=N] [--practice=N]

use alongside_core::clock::SystemClock;
use alongside_core::journal::{EntryDraft, Journal};
use alongside_core::logging::Sensitive;
use alongside_core::vault::keyring::Keyring;
use alongside_core::vault::Vault;
use std::path::PathBuf;
use std::sync::Arc;

const PASSPHRASE: &str = "lantern orchard velvet tide";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args
        .iter()
        .find_map(|a| a.strip_prefix("--data-dir=").map(PathBuf::from))
    else {
        eprintln!("usage: prepare_vault --data-dir=DIR [--auto-unlock]");
        std::process::exit(2);
    };
    let auto_unlock = args.iter().any(|a| a == "--auto-unlock");
    let count = |name: &str| {
        args.iter()
            .find_map(|a| a.strip_prefix(name).and_then(|n| n.parse().ok()))
            .unwrap_or(0)
    };
    let (reminders, practices) = (count("--reminders="), count("--practice="));
    let prepared = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Into::into)
        .and_then(|runtime| runtime.block_on(prepare(&dir, auto_unlock, reminders, practices)));
    if let Err(e) = prepared {
        eprintln!("prepare_vault: {e}");
        std::process::exit(1);
    }
}

async fn prepare(
    dir: &std::path::Path,
    auto_unlock: bool,
    reminders: u32,
    practices: u32,
) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let clock = Arc::new(SystemClock);
    let vault = Vault::new(dir, Keyring::os(), clock.clone());
    let passphrase = Sensitive::new(PASSPHRASE.to_owned());
    vault.create(&passphrase).await?;
    let db = vault.db().await?;
    let journal = Journal::new(&db, &clock);
    for i in 0..300 {
        journal
            .save(EntryDraft {
                title: format!("Day {i}"),
                body: "Breathing before the group helped. ".repeat(12),
                mood: Some((i % 11) as u8),
                feelings: vec!["calm".into()],
                ..Default::default()
            })
            .await?;
    }
    if reminders > 0 {
        add_reminders(&db, reminders).await?;
    }
    if practices > 0 {
        add_practices(&db, practices).await?;
    }
    if auto_unlock {
        vault.set_auto_unlock(true, Some(&passphrase)).await?;
    }
    vault.lock().await;
    Ok(())
}

async fn add_reminders(
    db: &alongside_core::store::Database,
    n: u32,
) -> Result<(), Box<dyn std::error::Error>> {
    use alongside_core::reminders::{Preferences, Reminders, SeriesDraft};
    use chrono::{Duration, DurationRound, Utc};
    let store = Reminders::new(db);
    store
        .set_preferences(&Preferences {
            leads: vec![0],
            ..Default::default()
        })
        .await?;
    let first = Utc::now().duration_trunc(Duration::minutes(1))? + Duration::minutes(3);
    for i in 0..n {
        let start = first + Duration::minutes(i64::from(i / 10));
        let draft = SeriesDraft {
            title: format!("Bench group {i}"),
            first_date: start.date_naive(),
            time: start.time(),
            zone: "UTC".into(),
            weeks: Some(1),
            video_link: None,
            skipped: vec![],
            allowed_in_quiet_hours: true,
        };
        store
            .save_series(&format!("bench-{i}"), &draft, Utc::now())
            .await?;
    }
    Ok(())
}

async fn add_practices(
    db: &alongside_core::store::Database,
    n: u32,
) -> Result<(), Box<dyn std::error::Error>> {
    use alongside_core::practice::{library, LogDraft, Practice};
    use chrono::{Duration, Utc};
    let practice = Practice::new(db);
    let ids: Vec<&str> = library::ids().collect();
    let step = Duration::weeks(12) / n.max(1) as i32;
    for i in 0..n {
        let draft = LogDraft {
            exercise: ids[i as usize % ids.len()].to_owned(),
            seconds: 240,
            distress_before: Some((6 + i % 4) as u8),
            distress_after: Some((3 + i % 3) as u8),
            worksheet_id: None,
        };
        let at = Utc::now() - step * (i as i32);
        practice.log(&draft, at, chrono_tz::UTC).await?;
    }
    Ok(())
}
