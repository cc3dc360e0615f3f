//! Reminder settings and hand-entered sessions through the commands the UI
//! calls, on a real encrypted database.

use crate::support::{fixture, through_a_backup, TestApp};
use alongside_core::clock::Clock;
use alongside_core::reminders::{
    notice, HeldReminders, Lang, Occasion, OccasionSource, Verdict, What,
};
use alongside_core::reminders::{Preferences, QuietHours, Reminders, Routine, RoutineKind};
use alongside_core::reminders::{Series, SeriesDraft};
use alongside_core::store::Database;
use chrono::{DateTime, Duration, Utc};
use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use serde_json::{json, Value};
use std::sync::Arc;

fn group() -> Value {
    json!({"title": "Tuesday skills group", "firstDate": "2026-03-03", "time": "18:30:00",
        "zone": "America/New_York", "weeks": 12, "videoLink": "https://meet.example.org/g",
        "skipped": ["2026-03-31"], "allowedInQuietHours": false})
}

fn overview(app: &TestApp) -> Value {
    let mut o = app.invoke("reminders_overview", json!({})).unwrap();
    // What is upcoming moves with the clock; the saved choices do not.
    o.as_object_mut().unwrap().remove("upcoming");
    o
}

#[test]
fn bad_input_is_refused_with_its_own_code_and_nothing_saved_changes() {
    let app = TestApp::new();
    app.invoke(
        "vault_create",
        json!({"passphrase": "lantern orchard velvet tide"}),
    )
    .unwrap();
    let saved = app
        .invoke(
            "reminders_save_series",
            json!({"id": null, "draft": group()}),
        )
        .unwrap();
    let id = saved["id"].as_str().unwrap().to_owned();
    assert_eq!(saved["title"], "Tuesday skills group");
    let before = overview(&app);
    assert_eq!(before["series"].as_array().unwrap().len(), 1);
    assert_eq!(before["preferences"]["leads"], json!([1440, 15]));

    let with = |field: &str, value: Value| {
        let mut d = group();
        d[field] = value;
        d
    };
    for (draft, code) in [
        (with("title", json!("   ")), "session_title_invalid"),
        (
            with("title", json!("x".repeat(121))),
            "session_title_invalid",
        ),
        (with("zone", json!("")), "zone_unknown"),
        (with("zone", json!("EST")), "zone_unknown"),
        (with("zone", json!("Mars/Olympus_Mons")), "zone_unknown"),
        (with("weeks", json!(0)), "weeks_out_of_range"),
        (with("weeks", json!(10_000)), "weeks_out_of_range"),
        (
            with("videoLink", json!("javascript:alert(1)")),
            "invalid_link",
        ),
        (
            with("videoLink", json!("file:///etc/passwd")),
            "invalid_link",
        ),
    ] {
        let err = app
            .invoke("reminders_save_series", json!({"id": id, "draft": draft}))
            .unwrap_err();
        assert_eq!(err["code"], code, "{draft}");
    }
    // An impossible time never gets past the form's types.
    app.invoke(
        "reminders_save_series",
        json!({"id": id, "draft": with("time", json!("25:61:00"))}),
    )
    .unwrap_err();

    let prefs = |leads: Value, quiet: Value| json!({"preferences": {"leads": leads, "quietHours": quiet, "showDetails": true}});
    for (args, code) in [
        (prefs(json!([20_000]), Value::Null), "lead_time_invalid"),
        (
            prefs(json!([1, 2, 3, 4, 5, 6, 7, 8, 9]), Value::Null),
            "lead_time_invalid",
        ),
        (
            prefs(json!([15]), json!({"start": "22:00:00", "end": "22:00:00"})),
            "quiet_hours_invalid",
        ),
    ] {
        let err = app.invoke("reminders_set_preferences", args).unwrap_err();
        assert_eq!(err["code"], code);
    }
    // Negative lead times are not numbers the contract takes.
    app.invoke(
        "reminders_set_preferences",
        prefs(json!([-15]), Value::Null),
    )
    .unwrap_err();
    let err = app
        .invoke(
            "reminders_save_routine",
            json!({"routine": {"id": "", "kind": "journal", "time": "20:00:00",
                "weekdays": [1, 1], "enabled": true}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "routine_invalid");

    assert_eq!(overview(&app), before, "nothing already saved changed");
    for code in [
        "session_title_invalid",
        "zone_unknown",
        "weeks_out_of_range",
        "lead_time_invalid",
        "quiet_hours_invalid",
        "routine_invalid",
    ] {
        for lang in ["en", "es"] {
            let words: Value = serde_json::from_str(
                &std::fs::read_to_string(format!(
                    "{}/ui/src/lib/i18n/{lang}.json",
                    env!("CARGO_MANIFEST_DIR")
                ))
                .unwrap(),
            )
            .unwrap();
            assert!(words["errors"][code].is_string(), "{lang}: {code}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn reminders_travel_in_the_backup() {
    let a = fixture(Tz::Europe__Madrid).await;
    let store = Reminders::new(&a.db);
    let now = a.clock.now();
    let draft = SeriesDraft {
        title: "Grupo de los martes".into(),
        first_date: NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
        time: NaiveTime::from_hms_opt(19, 0, 0).unwrap(),
        zone: "Europe/Madrid".into(),
        weeks: None,
        video_link: Some("https://meet.example.org/martes".into()),
        skipped: vec![NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()],
        allowed_in_quiet_hours: true,
    };
    let series: Series = store.save_series("s-1", &draft, now).await.unwrap();
    let routine = Routine {
        id: "r-1".into(),
        kind: RoutineKind::Practice,
        time: NaiveTime::from_hms_opt(21, 15, 0).unwrap(),
        weekdays: vec![0, 2, 4],
        enabled: false,
    };
    store.save_routine(&routine, now).await.unwrap();
    let preferences = Preferences {
        leads: vec![0, 60],
        quiet_hours: Some(QuietHours {
            start: NaiveTime::from_hms_opt(22, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        }),
        show_details: true,
        clinic_allowed_in_quiet_hours: true,
    };
    store.set_preferences(&preferences).await.unwrap();

    let b = through_a_backup(&a, b"martes", Tz::Europe__Madrid, now).await;
    let restored = Reminders::new(&b.db);
    assert_eq!(restored.series().await.unwrap(), vec![series]);
    assert_eq!(restored.routines().await.unwrap(), vec![routine]);
    assert_eq!(restored.preferences().await.unwrap(), preferences);
    a.done().await;
    b.done().await;
}

/// The calendar file, read back by an independent parser (Debian's
/// python3-icalendar), gives every session at the app's own instants, across
/// New York's and Madrid's DST changes.
#[tokio::test(flavor = "multi_thread")]
async fn the_ics_file_gives_calendar_apps_the_same_times() {
    let a = fixture(Tz::Europe__Madrid).await;
    let store = Reminders::new(&a.db);
    let now = a.clock.now();
    for (id, zone, first, time) in [
        // 14 March 2027: New York springs forward; 28 March: Madrid does.
        ("ny", "America/New_York", (2027, 3, 2), (18, 30)),
        ("md", "Europe/Madrid", (2027, 3, 14), (2, 30)),
    ] {
        let draft = SeriesDraft {
            title: format!("Group, {zone}; with \"quotes\""),
            first_date: NaiveDate::from_ymd_opt(first.0, first.1, first.2).unwrap(),
            time: NaiveTime::from_hms_opt(time.0, time.1, 0).unwrap(),
            zone: zone.into(),
            weeks: Some(6),
            video_link: Some("https://meet.example.org/a,b".into()),
            skipped: vec![],
            allowed_in_quiet_hours: false,
        };
        store.save_series(id, &draft, now).await.unwrap();
    }
    let folder = a.dir.path().join("calendar");
    std::fs::create_dir(&folder).unwrap();
    let file = alongside_core::reminders::listing::export_ics(&a.db, &folder, now)
        .await
        .unwrap();
    let listed: Vec<String> = alongside_core::reminders::listing::sessions(&a.db, now)
        .await
        .unwrap()
        .into_iter()
        .map(|s| {
            chrono::DateTime::parse_from_rfc3339(&s.starts_at)
                .unwrap()
                .with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        })
        .collect();
    assert_eq!(listed.len(), 12);

    let script = r#"
import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
assert len(cal.walk('VTIMEZONE')) == 2, 'one VTIMEZONE per zone'
for e in cal.walk('VEVENT'):
    start = e.decoded('DTSTART')
    assert start.tzinfo is not None, 'a zoned start'
    print(start.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'), e.get('SUMMARY'))
"#;
    let out = std::process::Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(&file)
        .output()
        .expect("python3 with python3-icalendar (scripts/install-deps installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut parsed: Vec<String> = text
        .lines()
        .map(|l| l.split(' ').next().unwrap().to_owned())
        .collect();
    parsed.sort();
    let mut expected = listed.clone();
    expected.sort();
    assert_eq!(parsed, expected);
    // 18:30 in New York is 23:30 UTC before the change and 22:30 after.
    assert!(parsed.contains(&"2027-03-09T23:30:00Z".to_owned()));
    assert!(parsed.contains(&"2027-03-16T22:30:00Z".to_owned()));
    // 02:30 on 28 March does not exist in Madrid: it comes at 03:30 (CEST),
    // as the documented rule says.
    assert!(parsed.contains(&"2027-03-21T01:30:00Z".to_owned()));
    assert!(parsed.contains(&"2027-03-28T01:30:00Z".to_owned()));
    assert!(text.contains("Group, America/New_York; with \"quotes\""));
    a.done().await;
}

/// A source as a capability adds one (with no words of its own yet): two
/// items, due in one hour and in three.
#[derive(Debug)]
struct Example {
    now: DateTime<Utc>,
}

impl OccasionSource for Example {
    fn name(&self) -> &'static str {
        "example"
    }

    fn occasions<'a>(
        &'a self,
        _db: &'a Database,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> alongside_core::reminders::sources::Occasions<'a> {
        let due = |key: &str, hours| Occasion {
            key: key.into(),
            at: self.now + Duration::hours(hours),
            source: String::new(),
            screen: "practice".into(),
        };
        let found = vec![due("task-1", 1), due("task-2", 3)];
        Box::pin(async move {
            Ok(found
                .into_iter()
                .filter(|o| o.at >= from && o.at <= to)
                .collect())
        })
    }
}

/// After the computer slept for days, what was found missed at wake is
/// listed on Today, however long ago it was due, and stays listed until the
/// member says they have seen it.
#[tokio::test(flavor = "multi_thread")]
async fn reminders_missed_during_a_long_sleep_stay_listed_until_seen() {
    let a = fixture(Tz::Europe__Madrid).await;
    let now = a.clock.now();
    let zone = Tz::Europe__Madrid;
    let held = HeldReminders::new().with_sources(vec![Arc::new(Example { now })]);
    held.load(&a.db, now).await.unwrap();
    assert!(held.tick(now, zone).is_empty());

    // Asleep for three days.
    let woke = now + Duration::days(3);
    let late = held.tick(woke, zone);
    assert_eq!(late.len(), 2, "{late:?}");
    assert!(late.iter().all(|v| matches!(v, Verdict::Missed(_))));
    held.record(&a.db, woke).await.unwrap();
    let listed = |overview: &alongside_core::reminders::store::Overview| -> Vec<String> {
        overview.missed.iter().map(|m| m.key.clone()).collect()
    };
    let both = ["occasion:example:task-1", "occasion:example:task-2"];
    let overview = held.overview(&a.db, woke, zone).await.unwrap();
    assert_eq!(listed(&overview), both);
    // A day later, not seen yet: still there.
    let next_day = woke + Duration::days(1);
    assert_eq!(
        listed(&held.overview(&a.db, next_day, zone).await.unwrap()),
        both
    );

    Reminders::new(&a.db)
        .missed_seen(&[both[0].to_owned()], next_day)
        .await
        .unwrap();
    let overview = held.overview(&a.db, next_day, zone).await.unwrap();
    assert_eq!(listed(&overview), [both[1]]);
    a.done().await;
}

/// A new source plugs into the held without a change to the planner: its
/// occasions come on time with their own words and screen, one missed while
/// the computer slept is listed as missed on Today, and neither comes again.
#[tokio::test(flavor = "multi_thread")]
async fn occasions_from_a_source_are_shown_or_listed_as_missed() {
    let a = fixture(Tz::Europe__Madrid).await;
    let now = a.clock.now();
    let zone = Tz::Europe__Madrid;
    let held = HeldReminders::new().with_sources(vec![Arc::new(Example { now })]);
    held.load(&a.db, now).await.unwrap();
    assert!(held.tick(now, zone).is_empty());

    let hour = now + Duration::hours(1) + Duration::seconds(5);
    let shown = held.tick(hour, zone);
    let [Verdict::Show(first)] = &shown[..] else {
        panic!("{shown:?}")
    };
    assert_eq!(first.key, "occasion:example:task-1");
    assert!(matches!(&first.what, What::Occasion { source, screen }
        if source == "example" && screen == "practice"));
    let words = notice::notice(first, hour, zone, Lang::Es, None, false);
    assert_eq!(words.body, "Es la hora de algo que planeaste en Alongside");
    held.record(&a.db, hour).await.unwrap();

    // Asleep from 1 h to 5 h: the 3 h one is too late to be useful.
    let woke = now + Duration::hours(5);
    let late = held.tick(woke, zone);
    assert!(
        matches!(&late[..], [Verdict::Missed(r)] if r.key == "occasion:example:task-2"),
        "{late:?}"
    );
    held.record(&a.db, woke).await.unwrap();
    let overview = held.overview(&a.db, woke, zone).await.unwrap();
    let missed: Vec<&str> = overview.missed.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(missed, ["occasion:example:task-2"]);

    // Read again from the log (a restart): nothing comes twice.
    let again = HeldReminders::new().with_sources(vec![Arc::new(Example { now })]);
    again.load(&a.db, woke).await.unwrap();
    assert!(again.tick(woke + Duration::seconds(1), zone).is_empty());
    a.done().await;
}
