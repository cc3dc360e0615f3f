//! The journal on a real encrypted database: writing, trash, search,
//! timeline, calendar, on this day, mood over time.

use crate::support::{fixture, Fixture, TestApp};
use alongside_core::error::Coded;
use alongside_core::journal::{EntryDraft, MoodBucket, SearchQuery};
use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::json;

impl Fixture {
    /// Writes an entry as if it were `at`.
    async fn write_at(&self, at: chrono::DateTime<Utc>, body: &str, mood: Option<u8>) {
        self.clock.set(at);
        self.journal().save(draft("", body, mood)).await.unwrap();
    }
}

fn draft(title: &str, body: &str, mood: Option<u8>) -> EntryDraft {
    EntryDraft {
        title: title.into(),
        body: body.into(),
        mood,
        ..Default::default()
    }
}

fn text(q: &str) -> SearchQuery {
    SearchQuery {
        text: q.into(),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn autosave_updates_one_entry_and_keeps_feelings_and_tags() {
    let f = fixture(Tz::UTC).await;
    let first = f
        .journal()
        .save(EntryDraft {
            feelings: vec!["anxious".into(), "hopeful".into()],
            tags: vec!["group".into()],
            ..draft("", "I noticed my breath", Some(4))
        })
        .await
        .unwrap();
    f.clock.advance(Duration::seconds(1));
    let second = f
        .journal()
        .save(EntryDraft {
            id: Some(first.id.clone()),
            feelings: vec!["hopeful".into()],
            tags: vec!["group".into(), "sleep".into()],
            ..draft("Tuesday", "I noticed my breath slowing down", Some(6))
        })
        .await
        .unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(second.created_at, first.created_at);
    assert_ne!(second.updated_at, first.updated_at);
    assert_eq!(second.feelings, vec!["hopeful"]);
    assert_eq!(second.tags, vec!["group", "sleep"]);
    let page = f.journal().timeline(None, 10).await.unwrap();
    assert_eq!(page.entries.len(), 1, "autosave never duplicates");
    assert_eq!(page.entries[0].excerpt, "I noticed my breath slowing down");
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn trash_undo_purge_after_thirty_days_and_empty_trash() {
    let f = fixture(Tz::UTC).await;
    let a = f.journal().save(draft("a", "first", None)).await.unwrap();
    let b = f.journal().save(draft("b", "second", None)).await.unwrap();
    f.journal().trash(&a.id).await.unwrap();
    assert_eq!(
        f.journal().timeline(None, 10).await.unwrap().entries.len(),
        1
    );
    assert!(
        f.journal().search(&text("first")).await.unwrap().is_empty(),
        "trash is not searched"
    );
    assert_eq!(f.journal().trash_list().await.unwrap().len(), 1);

    let restored = f.journal().restore(&a.id).await.unwrap();
    assert_eq!(restored.deleted_at, None);
    assert_eq!(
        f.journal().timeline(None, 10).await.unwrap().entries.len(),
        2
    );

    f.journal().trash(&a.id).await.unwrap();
    f.clock.advance(Duration::days(29));
    assert_eq!(
        f.journal().trash_list().await.unwrap().len(),
        1,
        "kept for 30 days"
    );
    f.clock.advance(Duration::days(2));
    assert!(
        f.journal().trash_list().await.unwrap().is_empty(),
        "gone after 30 days"
    );
    assert_eq!(
        f.journal().get(&a.id).await.unwrap_err().code(),
        "not_found"
    );

    f.journal().trash(&b.id).await.unwrap();
    assert_eq!(f.journal().empty_trash().await.unwrap(), 1);
    assert!(f.journal().get(&b.id).await.is_err());
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_is_ranked_accent_insensitive_prefix_and_highlighted() {
    let f = fixture(Tz::UTC).await;
    f.journal()
        .save(draft(
            "Corazón acelerado",
            "Sentí ansiedad en el autobús, pero respiré.",
            Some(3),
        ))
        .await
        .unwrap();
    f.journal()
        .save(draft(
            "Walk",
            "A calm walk; my heart was quiet and my anxiety low.",
            Some(7),
        ))
        .await
        .unwrap();
    f.journal()
        .save(draft("Anxiety", "Anxiety again before group.", Some(4)))
        .await
        .unwrap();

    let hits = f.journal().search(&text("corazon")).await.unwrap();
    assert_eq!(hits.len(), 1, "without the accent");
    let hits = f.journal().search(&text("ansiedád")).await.unwrap();
    assert_eq!(hits.len(), 1, "with an extra accent");
    assert!(
        hits[0].snippet.contains("\u{2}ansiedad\u{3}"),
        "{:?}",
        hits[0].snippet
    );

    let hits = f.journal().search(&text("anxi")).await.unwrap();
    assert_eq!(hits.len(), 2, "prefix while typing");
    assert_eq!(hits[0].entry.title, "Anxiety", "title matches rank first");

    let hits = f.journal().search(&text("calm walk")).await.unwrap();
    assert_eq!(hits.len(), 1, "every word must appear");
    assert!(
        f.journal().search(&text("NEAR(\"calm\" OR")).await.is_ok(),
        "FTS syntax is inert"
    );
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_filters_by_date_mood_feeling_and_tag() {
    let f = fixture(Tz::UTC).await;
    f.journal()
        .save(EntryDraft {
            feelings: vec!["sad".into()],
            tags: vec!["work".into()],
            ..draft("", "rain all day", Some(2))
        })
        .await
        .unwrap();
    f.clock.advance(Duration::days(3));
    f.journal()
        .save(EntryDraft {
            feelings: vec!["calm".into()],
            tags: vec!["Family".into()],
            ..draft("", "rain and tea", Some(8))
        })
        .await
        .unwrap();

    let q = |mutate: &dyn Fn(&mut SearchQuery)| {
        let mut query = text("rain");
        mutate(&mut query);
        query
    };
    assert_eq!(f.journal().search(&q(&|_| {})).await.unwrap().len(), 2);
    let low = f
        .journal()
        .search(&q(&|s| s.mood_max = Some(4)))
        .await
        .unwrap();
    assert_eq!(low.len(), 1);
    assert_eq!(low[0].entry.mood, Some(2));
    let calm = f
        .journal()
        .search(&q(&|s| s.feeling = Some("calm".into())))
        .await
        .unwrap();
    assert_eq!(calm[0].entry.excerpt, "rain and tea");
    let family = f
        .journal()
        .search(&q(&|s| s.tag = Some("family".into())))
        .await
        .unwrap();
    assert_eq!(family.len(), 1, "tags match without case");
    let dated = f
        .journal()
        .search(&q(&|s| {
            s.from = Some("2026-11-27".into());
            s.to = Some("2026-11-28".into());
        }))
        .await
        .unwrap();
    assert_eq!(dated.len(), 1);
    let only_filters = SearchQuery {
        mood_min: Some(5),
        ..Default::default()
    };
    assert_eq!(f.journal().search(&only_filters).await.unwrap().len(), 1);
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn timeline_pages_newest_first_without_gaps_or_repeats() {
    let f = fixture(Tz::UTC).await;
    let mut ids = Vec::new();
    for i in 0..25 {
        ids.push(
            f.journal()
                .save(draft("", &format!("entry {i}"), None))
                .await
                .unwrap()
                .id,
        );
        f.clock.advance(Duration::minutes(7));
    }
    ids.reverse();
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = f.journal().timeline(cursor, 10).await.unwrap();
        seen.extend(page.entries.iter().map(|e| e.id.clone()));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, ids);
    f.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn calendar_on_this_day_and_mood_series_use_local_days() {
    let ny: Tz = "America/New_York".parse().unwrap();
    let f = fixture(ny).await;
    let at = |y, m, d, h, min| {
        ny.with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    // 23:30 in New York on 3 November is already 4 November in UTC.
    f.write_at(at(2026, 11, 3, 23, 30), "late", Some(4)).await;
    f.write_at(at(2026, 11, 3, 9, 0), "morning", Some(8)).await;
    f.write_at(at(2026, 11, 3, 9, 0), "no mood", None).await;
    // The same date a year and two years earlier.
    f.write_at(at(2025, 11, 27, 12, 0), "a year ago", Some(5))
        .await;
    f.write_at(at(2024, 11, 27, 20, 0), "two years ago", Some(6))
        .await;

    f.clock.set(at(2026, 11, 27, 10, 0));
    let days = f.journal().calendar(2026, 11).await.unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!(days[0].date, "2026-11-03");
    assert_eq!(days[0].entries, 3);
    assert_eq!(days[0].average_mood, Some(6.0));

    let past: Vec<String> = f
        .journal()
        .on_this_day()
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.excerpt)
        .collect();
    assert_eq!(past, vec!["a year ago", "two years ago"]);

    let weeks = f.journal().mood_series(MoodBucket::Week, 4).await.unwrap();
    assert_eq!(weeks.len(), 4);
    assert_eq!(
        weeks.last().unwrap().start,
        "2026-11-23",
        "weeks start on Monday"
    );
    assert_eq!(weeks[0].start, "2026-11-02");
    assert_eq!(weeks[0].entries, 3);
    assert_eq!(weeks[0].average_mood, Some(6.0));
    assert_eq!(weeks[1].average_mood, None);
    let months = f
        .journal()
        .mood_series(MoodBucket::Month, 13)
        .await
        .unwrap();
    assert_eq!(months[0].start, "2025-11-01");
    assert_eq!(months[0].average_mood, Some(5.0));
    f.done().await;
}

#[test]
fn journal_commands_answer_locked_while_locked() {
    let app = TestApp::new();
    app.invoke(
        "vault_create",
        json!({ "passphrase": "lantern orchard velvet tide" }),
    )
    .unwrap();
    let saved = app
        .invoke("journal_save", json!({ "draft": {
            "id": null, "title": "", "body": "hola", "mood": 5, "feelings": ["calm"], "tags": [], "promptId": null
        }}))
        .unwrap();
    assert_eq!(saved["mood"], 5);
    app.invoke("vault_lock", json!({})).unwrap();
    for (cmd, args) in [
        ("journal_timeline", json!({ "before": null, "limit": 10 })),
        ("journal_get", json!({ "id": saved["id"] })),
        (
            "journal_search",
            json!({ "query": { "text": "hola", "from": null, "to": null, "moodMin": null, "moodMax": null, "feeling": null, "tag": null } }),
        ),
        ("journal_calendar", json!({ "year": 2026, "month": 11 })),
        ("journal_trash_list", json!({})),
    ] {
        let err = app.invoke(cmd, args).unwrap_err();
        assert_eq!(err["code"], "locked", "{cmd}: {err}");
    }
    // Links come from entries, so opening one waits for the vault too.
    let err = app
        .invoke("open_web_link", json!({ "url": "https://example.org" }))
        .unwrap_err();
    assert_eq!(err["code"], "locked");
}
