//! Skill practice on a real encrypted database: the log, the weekly
//! streak (across a DST change and a zone change), the goal, favourites,
//! worksheets and homework, and all of it through a backup.

use crate::support::{fixture, through_a_backup};
use alongside_core::clock::Clock;
use alongside_core::error::Coded;
use alongside_core::practice::{
    Answer, HomeworkDraft, HomeworkSource, LogDraft, Practice, PracticeLog, PracticePreferences,
    TaskStatus, WorksheetDraft,
};
use alongside_core::reminders::OccasionSource;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

fn code(e: alongside_core::practice::PracticeError) -> &'static str {
    e.code().as_str()
}

fn local(zone: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    zone.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn draft(exercise: &str, before: Option<u8>, after: Option<u8>) -> LogDraft {
    LogDraft {
        exercise: exercise.into(),
        seconds: 240,
        distress_before: before,
        distress_after: after,
        worksheet_id: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_log_keeps_what_when_how_long_and_distress_and_deletes_with_undo() {
    let a = fixture(Tz::Europe__Madrid).await;
    let practice = Practice::new(&a.db);
    let now = local(Tz::Europe__Madrid, 2026, 12, 2, 20, 0);
    let box_log = practice
        .log(
            &draft("box-breathing", Some(8), Some(5)),
            now,
            Tz::Europe__Madrid,
        )
        .await
        .unwrap();
    assert_eq!(
        box_log.started_at, "2026-12-02T18:56:00.000Z",
        "began 240 s before it ended"
    );
    assert_eq!(box_log.zone, "Europe/Madrid");
    practice
        .log(
            &draft("senses-5-4-3-2-1", None, None),
            now + Duration::hours(1),
            Tz::Europe__Madrid,
        )
        .await
        .unwrap();

    let all: Vec<String> = practice
        .logs(None)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.exercise)
        .collect();
    assert_eq!(all, ["senses-5-4-3-2-1", "box-breathing"], "newest first");
    assert_eq!(
        practice.logs(Some("box-breathing")).await.unwrap(),
        vec![box_log.clone()]
    );

    // Refused, and nothing saved.
    for (bad, expected) in [
        (draft("no-such-exercise", None, None), "exercise_unknown"),
        (draft("box-breathing", Some(11), None), "distress_invalid"),
        (draft("box-breathing", None, Some(42)), "distress_invalid"),
    ] {
        let err = practice
            .log(&bad, now, Tz::Europe__Madrid)
            .await
            .unwrap_err();
        assert_eq!(code(err), expected);
    }
    assert_eq!(practice.logs(None).await.unwrap().len(), 2);

    let gone = practice.delete_log(&box_log.id).await.unwrap();
    assert_eq!(practice.logs(None).await.unwrap().len(), 1);
    practice.insert_log(&gone).await.unwrap();
    assert_eq!(
        practice.logs(Some("box-breathing")).await.unwrap(),
        vec![box_log]
    );
    assert_eq!(
        code(practice.delete_log("nope").await.unwrap_err()),
        "not_found"
    );
    a.done().await;
}

/// A log as the member lived it: `at` on the clock of `zone`.
async fn practised(practice: &Practice<'_>, zone: Tz, at: DateTime<Utc>) -> PracticeLog {
    let mut d = draft("box-breathing", None, None);
    d.seconds = 0;
    practice.log(&d, at, zone).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_streak_counts_weeks_that_met_the_goal_as_they_were_lived() {
    let a = fixture(Tz::America__New_York).await;
    let practice = Practice::new(&a.db);
    let ny = Tz::America__New_York;
    let tokyo = Tz::Asia__Tokyo;
    practice
        .set_preferences(&PracticePreferences { weekly_goal: 2 })
        .await
        .unwrap();
    // Week of Monday 26 October: the clocks go back on Sunday 1 November;
    // 23:30 that Sunday in New York is already Monday in UTC.
    practised(&practice, ny, local(ny, 2026, 10, 28, 9, 0)).await;
    practised(&practice, ny, local(ny, 2026, 11, 1, 23, 30)).await;
    // Week of 2 November: two practices, days apart (missed days do not matter).
    practised(&practice, ny, local(ny, 2026, 11, 2, 7, 0)).await;
    practised(&practice, ny, local(ny, 2026, 11, 7, 21, 0)).await;
    // Week of 9 November, on a trip: Monday 08:00 in Tokyo is still Sunday
    // in New York, but the member lived it on Monday.
    practised(&practice, tokyo, local(tokyo, 2026, 11, 9, 8, 0)).await;
    practised(&practice, ny, local(ny, 2026, 11, 12, 18, 0)).await;

    // Wednesday of the week of 16 November, nothing yet: the week under
    // way does not break the streak.
    let now = local(ny, 2026, 11, 18, 12, 0);
    let progress = practice.progress(now, ny).await.unwrap();
    assert_eq!(
        (progress.this_week, progress.streak),
        (0, 3),
        "{progress:?}"
    );
    assert_eq!(progress.weeks.len(), 12);
    let last: Vec<(&str, u32)> = progress.weeks[8..]
        .iter()
        .map(|w| (w.week_start.as_str(), w.count))
        .collect();
    assert_eq!(
        last,
        [
            ("2026-10-26", 2),
            ("2026-11-02", 2),
            ("2026-11-09", 2),
            ("2026-11-16", 0)
        ]
    );

    // Reached this week: it counts at once.
    practised(&practice, ny, local(ny, 2026, 11, 18, 8, 0)).await;
    practised(&practice, ny, local(ny, 2026, 11, 18, 9, 0)).await;
    let progress = practice.progress(now, ny).await.unwrap();
    assert_eq!((progress.this_week, progress.streak), (2, 4));

    // A higher goal asks more of every week; a week short ends the streak there.
    practice
        .set_preferences(&PracticePreferences { weekly_goal: 3 })
        .await
        .unwrap();
    assert_eq!(practice.progress(now, ny).await.unwrap().streak, 0);
    for bad in [0, 15] {
        let err = practice
            .set_preferences(&PracticePreferences { weekly_goal: bad })
            .await
            .unwrap_err();
        assert_eq!(code(err), "goal_invalid");
    }
    assert_eq!(practice.preferences().await.unwrap().weekly_goal, 3);
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn distress_change_is_averaged_per_exercise_over_rated_practices() {
    let a = fixture(Tz::Europe__Madrid).await;
    let practice = Practice::new(&a.db);
    let now = local(Tz::Europe__Madrid, 2026, 12, 2, 20, 0);
    let zone = Tz::Europe__Madrid;
    for (exercise, before, after) in [
        ("box-breathing", Some(8), Some(5)),
        ("box-breathing", Some(6), Some(4)),
        ("box-breathing", None, Some(3)),
        ("dbt-stop", Some(9), Some(9)),
    ] {
        practice
            .log(&draft(exercise, before, after), now, zone)
            .await
            .unwrap();
    }
    let changes = practice.progress(now, zone).await.unwrap().changes;
    let got: Vec<(&str, u32, u32, Option<f64>)> = changes
        .iter()
        .map(|c| (c.exercise.as_str(), c.practices, c.rated, c.average_change))
        .collect();
    assert_eq!(
        got,
        [
            ("box-breathing", 3, 2, Some(-2.5)),
            ("dbt-stop", 1, 1, Some(0.0))
        ]
    );
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn favourites_are_kept_in_the_order_they_were_added() {
    let a = fixture(Tz::Europe__Madrid).await;
    let practice = Practice::new(&a.db);
    let now = a.clock.now();
    practice
        .set_favourite("body-scan", true, now)
        .await
        .unwrap();
    practice
        .set_favourite("box-breathing", true, now + Duration::seconds(1))
        .await
        .unwrap();
    practice
        .set_favourite("body-scan", true, now + Duration::seconds(2))
        .await
        .unwrap();
    assert_eq!(
        practice.favourites().await.unwrap(),
        ["body-scan", "box-breathing"]
    );
    let left = practice
        .set_favourite("body-scan", false, now)
        .await
        .unwrap();
    assert_eq!(left, ["box-breathing"]);
    let err = practice
        .set_favourite("made-up", true, now)
        .await
        .unwrap_err();
    assert_eq!(code(err), "exercise_unknown");
    a.done().await;
}

fn answers(pairs: &[(&str, Answer)]) -> BTreeMap<String, Answer> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worksheet_saves_as_it_is_typed_and_refuses_answers_that_do_not_fit() {
    let a = fixture(Tz::Europe__Madrid).await;
    let practice = Practice::new(&a.db);
    let now = a.clock.now();
    let text = |s: &str| Answer::Text(s.into());
    let mut sheet = WorksheetDraft {
        id: None,
        exercise: "thought-record".into(),
        answers: answers(&[("situation", text("Late reply from a friend"))]),
        completed: false,
    };
    let first = practice.save_worksheet(&sheet, now).await.unwrap();
    assert_eq!(first.completed_at, None);
    sheet.id = Some(first.id.clone());
    sheet.answers.insert("intensity".into(), Answer::Rating(70));
    sheet
        .answers
        .insert("thought".into(), text("They are angry with me"));
    sheet.completed = true;
    let done = practice
        .save_worksheet(&sheet, now + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(done.created_at, first.created_at);
    assert!(done.completed_at.is_some());
    // An edit later keeps it complete.
    sheet.completed = false;
    let edited = practice
        .save_worksheet(&sheet, now + Duration::minutes(9))
        .await
        .unwrap();
    assert_eq!(edited.completed_at, done.completed_at);
    assert_eq!(
        practice.worksheet(&first.id).await.unwrap().answers["intensity"],
        Answer::Rating(70)
    );

    for bad in [
        answers(&[("intensity", Answer::Rating(101))]),
        answers(&[("intensity", text("seventy"))]),
        answers(&[("situation", Answer::Rating(3))]),
        answers(&[("notAField", text("x"))]),
        answers(&[("thought", text(&"a".repeat(20_001)))]),
    ] {
        let err = practice
            .save_worksheet(
                &WorksheetDraft {
                    answers: bad,
                    ..sheet.clone()
                },
                now,
            )
            .await
            .unwrap_err();
        assert_eq!(code(err), "answer_invalid");
    }
    assert_eq!(
        practice.worksheet(&first.id).await.unwrap(),
        edited,
        "nothing changed"
    );

    // Deleting it leaves the practice in the log, without the answers; undo brings them back.
    let mut log = draft("thought-record", Some(7), Some(5));
    log.worksheet_id = Some(first.id.clone());
    practice.log(&log, now, Tz::Europe__Madrid).await.unwrap();
    let gone = practice.delete_worksheet(&first.id).await.unwrap();
    assert!(practice.worksheets(None).await.unwrap().is_empty());
    assert_eq!(practice.logs(None).await.unwrap()[0].worksheet_id, None);
    practice.insert_worksheet(&gone).await.unwrap();
    assert_eq!(
        practice.worksheets(Some("thought-record")).await.unwrap(),
        vec![edited]
    );
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn homework_is_shaped_like_a_task_checked_off_and_reminded_on_its_morning() {
    let a = fixture(Tz::Europe__Madrid).await;
    let practice = Practice::new(&a.db);
    let zone = Tz::Europe__Madrid;
    let now = local(zone, 2026, 12, 2, 20, 0);
    let due = NaiveDate::from_ymd_opt(2026, 12, 9).unwrap();
    let mine = practice
        .save_homework(
            &HomeworkDraft {
                id: None,
                exercise: Some("dear-man".into()),
                description: "  Practise asking for the weekend off  ".into(),
                due: Some(due),
            },
            now,
            zone,
        )
        .await
        .unwrap();
    assert_eq!(mine.status, TaskStatus::Requested);
    assert_eq!(mine.description, "Practise asking for the weekend off");
    assert_eq!(mine.due.as_deref(), Some("2026-12-09"));
    assert_eq!(mine.clinic_task, None);

    for bad in [
        HomeworkDraft {
            id: None,
            exercise: None,
            description: " ".into(),
            due: None,
        },
        HomeworkDraft {
            id: None,
            exercise: Some("made-up".into()),
            description: String::new(),
            due: None,
        },
        HomeworkDraft {
            id: None,
            exercise: None,
            description: "x".repeat(501),
            due: None,
        },
        HomeworkDraft {
            id: None,
            exercise: Some("dbt-stop".into()),
            description: String::new(),
            due: NaiveDate::from_ymd_opt(2030, 1, 1),
        },
    ] {
        let err = practice.save_homework(&bad, now, zone).await.unwrap_err();
        assert!(["homework_invalid", "exercise_unknown"].contains(&code(err)));
    }
    assert_eq!(practice.homework().await.unwrap().len(), 1);

    // A Task from the clinic fills the same row shape.
    let mut from_clinic = mine.clone();
    from_clinic.id = "local-2".into();
    from_clinic.clinic_task = Some("task-17".into());
    from_clinic.status = TaskStatus::InProgress;
    from_clinic.exercise = Some("thought-record".into());
    from_clinic.due = Some("2026-12-05".into());
    practice.insert_homework(&from_clinic).await.unwrap();
    let listed: Vec<String> = practice
        .homework()
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(
        listed,
        ["local-2".to_string(), mine.id.clone()],
        "soonest due first"
    );
    let err = practice.delete_homework("local-2").await.unwrap_err();
    assert_eq!(
        code(err),
        "homework_invalid",
        "the clinic's own stay until the clinic removes them"
    );

    // Reminded at 09:00 on the due date, on the clock it was set on.
    let occasions = HomeworkSource
        .occasions(&a.db, now - Duration::days(1), now + Duration::days(16))
        .await
        .unwrap();
    let mut at: Vec<DateTime<Utc>> = occasions.iter().map(|o| o.at).collect();
    at.sort();
    assert_eq!(
        at,
        [
            local(zone, 2026, 12, 5, 9, 0),
            local(zone, 2026, 12, 9, 9, 0)
        ]
    );
    let mut screens: Vec<&str> = occasions.iter().map(|o| o.screen.as_str()).collect();
    screens.sort_unstable();
    assert_eq!(
        screens,
        ["practice/dear-man", "practice/thought-record"],
        "Open starts the exercise"
    );

    // Done: checked off, and no longer reminded; undone again on request.
    let done = practice
        .set_homework_done(&mine.id, true, now)
        .await
        .unwrap();
    assert_eq!(done.status, TaskStatus::Completed);
    assert!(done.completed_at.is_some());
    let listed: Vec<String> = practice
        .homework()
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(
        listed,
        ["local-2".to_string(), mine.id.clone()],
        "done ones after the open ones"
    );
    let occasions = HomeworkSource
        .occasions(&a.db, now - Duration::days(1), now + Duration::days(16))
        .await
        .unwrap();
    assert_eq!(occasions.len(), 1);
    let again = practice
        .set_homework_done(&mine.id, false, now)
        .await
        .unwrap();
    assert_eq!(
        (again.status, again.completed_at),
        (TaskStatus::Requested, None)
    );

    let gone = practice.delete_homework(&mine.id).await.unwrap();
    assert_eq!(practice.homework().await.unwrap().len(), 1);
    practice.insert_homework(&gone).await.unwrap();
    assert_eq!(practice.homework().await.unwrap().len(), 2);
    a.done().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_travels_in_the_backup() {
    let a = fixture(Tz::Europe__Madrid).await;
    let practice = Practice::new(&a.db);
    let zone = Tz::Europe__Madrid;
    let now = a.clock.now();
    let sheet = practice
        .save_worksheet(
            &WorksheetDraft {
                id: None,
                exercise: "opposite-action".into(),
                answers: answers(&[
                    ("emotion", Answer::Text("miedo a la cita".into())),
                    ("afterwards", Answer::Rating(30)),
                ]),
                completed: true,
            },
            now,
        )
        .await
        .unwrap();
    let mut log = draft("opposite-action", Some(6), Some(3));
    log.worksheet_id = Some(sheet.id.clone());
    practice.log(&log, now, zone).await.unwrap();
    practice
        .set_favourite("paced-breathing", true, now)
        .await
        .unwrap();
    practice
        .set_preferences(&PracticePreferences { weekly_goal: 5 })
        .await
        .unwrap();
    practice
        .save_homework(
            &HomeworkDraft {
                id: None,
                exercise: Some("body-scan".into()),
                description: String::new(),
                due: None,
            },
            now,
            zone,
        )
        .await
        .unwrap();
    let kept = practice.kept().await.unwrap();

    let b = through_a_backup(&a, b"miedo", zone, now).await;
    assert_eq!(Practice::new(&b.db).kept().await.unwrap(), kept);
    a.done().await;
    b.done().await;
}
