//! A household's timeline: every state change of its paths, interview, form,
//! handover, request and answer, intervention, activity, change of focus
//! person, closure and follow-up, as one list, newest first — so a new social
//! worker reads the history of the case in one place (ALI lost it with each
//! change of social worker).

use super::household::word_enum;
use crate::calendar::date_in_rome;
use serde::Serialize;
use std::cmp::Ordering;
use time::{Date, OffsetDateTime};

word_enum!(
    /// What happened. The order of the variants breaks ties between entries of
    /// the same day and instant, so it is part of the timeline's order.
    TimelineKind {
        StateChange => "state_change",
        Interview => "interview",
        Assessment => "assessment",
        Handover => "handover",
        Request => "request",
        Answer => "answer",
        Intervention => "intervention",
        Activity => "activity",
        FocusChange => "focus_change",
        Closure => "closure",
        FollowUp => "follow_up",
    }
);

/// One thing that happened to the household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "interview"))]
    pub kind: TimelineKind,
    /// The id of the record in its own list (the interview's id, the form's id, …).
    pub id: i64,
    /// The day it happened: the date the user gave (an interview's, a form's,
    /// a closure's), or the day in Rome of the instant it was recorded.
    #[serde(with = "crate::time_format::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: Date,
    /// When it was recorded, where the record keeps it.
    #[serde(with = "crate::time_format::instant::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub at: Option<OffsetDateTime>,
    /// Who did it, when the record says.
    pub author: Option<String>,
    /// The household member it concerns, or for a handover the person taking over.
    pub subject: Option<String>,
    /// A stored word that qualifies the entry: the state reached, the
    /// interview's path step, the outcome, the status, the request's source.
    pub detail: Option<String>,
    /// A short text: the attendees of an interview, the service of an
    /// intervention, the question a request's answer answers.
    pub summary: Option<String>,
    /// What was written: the reason, the notes, the handover note, the text.
    pub note: Option<String>,
    /// A form's health notes (special-category data): present only for readers
    /// allowed to see them, and their read is audited.
    pub health_note: Option<String>,
    /// Whether the form has health notes, so others see that some are withheld.
    pub has_health_note: bool,
}

impl TimelineEntry {
    /// An entry of `kind` with no text yet, dated `on` (or the day of `at`).
    pub fn new(kind: TimelineKind, id: i64, on: Option<Date>, at: Option<OffsetDateTime>) -> Self {
        let on = on.or(at.map(date_in_rome)).unwrap_or(Date::MIN);
        Self {
            kind,
            id,
            on,
            at,
            author: None,
            subject: None,
            detail: None,
            summary: None,
            note: None,
            health_note: None,
            has_health_note: false,
        }
    }
}

/// The timeline's order: the newest day first; on the same day, the latest
/// recorded first (an entry without an instant after those with one); then by
/// kind in the order of [`TimelineKind`]; then the newest record first. Every
/// entry has a distinct (kind, id), so the order is total and a page never
/// shows an entry twice or skips one.
pub fn newest_first(a: &TimelineEntry, b: &TimelineEntry) -> Ordering {
    b.on.cmp(&a.on)
        .then_with(|| b.at.cmp(&a.at))
        .then_with(|| a.kind.cmp(&b.kind))
        .then_with(|| b.id.cmp(&a.id))
}

/// Sorts the entries newest first (see [`newest_first`]).
pub fn order(entries: &mut [TimelineEntry]) {
    entries.sort_by(newest_first);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, datetime};

    fn entry(kind: TimelineKind, id: i64, on: Option<Date>, at: Option<OffsetDateTime>) -> TimelineEntry {
        TimelineEntry::new(kind, id, on, at)
    }

    #[test]
    fn an_instant_late_in_the_utc_evening_belongs_to_the_next_day_in_rome() {
        let late = entry(
            TimelineKind::StateChange,
            1,
            None,
            Some(datetime!(2026-11-20 23:30 UTC)),
        );
        assert_eq!(late.on, date!(2026 - 11 - 21));
    }

    #[test]
    fn an_interview_is_placed_on_the_day_it_was_held_not_the_day_it_was_recorded() {
        // Recorded the next morning, the interview still happened on its own day.
        let interview = entry(
            TimelineKind::Interview,
            7,
            Some(date!(2026 - 11 - 19)),
            Some(datetime!(2026-11-20 08:00 UTC)),
        );
        let state = entry(
            TimelineKind::StateChange,
            3,
            None,
            Some(datetime!(2026-11-20 07:00 UTC)),
        );
        let old = entry(TimelineKind::Closure, 1, Some(date!(2025 - 01 - 01)), None);
        let mut all = vec![old.clone(), interview.clone(), state.clone()];
        order(&mut all);
        assert_eq!(all, vec![state, interview, old]);
    }

    #[test]
    fn on_the_same_instant_the_kind_and_then_the_newer_record_decide() {
        let at = Some(datetime!(2026-11-20 10:00 UTC));
        let mut all = vec![
            entry(TimelineKind::Interview, 1, None, at),
            entry(TimelineKind::StateChange, 4, None, at),
            entry(TimelineKind::Interview, 2, None, at),
        ];
        order(&mut all);
        let keys: Vec<(TimelineKind, i64)> = all.iter().map(|e| (e.kind, e.id)).collect();
        assert_eq!(
            keys,
            vec![
                (TimelineKind::StateChange, 4),
                (TimelineKind::Interview, 2),
                (TimelineKind::Interview, 1)
            ]
        );
    }

    #[test]
    fn a_kind_reads_back_from_its_word_and_an_unknown_word_lists_the_kinds() {
        for kind in TimelineKind::ALL {
            assert_eq!(kind.as_str().parse::<TimelineKind>(), Ok(*kind));
        }
        assert_eq!(
            "meeting".parse::<TimelineKind>().unwrap_err().key(),
            "error-unknown-choice"
        );
    }

    fn any_entry() -> impl Strategy<Value = TimelineEntry> {
        (
            proptest::sample::select(TimelineKind::ALL.to_vec()),
            0i64..6,
            proptest::option::of(0i64..5),
            proptest::option::of(0i64..200_000),
        )
            .prop_map(|(kind, id, day, seconds)| {
                let on = day.map(|d| date!(2026 - 11 - 01) + time::Duration::days(d));
                let at = seconds.map(|s| datetime!(2026-11-01 00:00 UTC) + time::Duration::seconds(s * 3));
                entry(kind, id, on, at)
            })
    }

    proptest! {
        #[test]
        fn the_order_is_newest_day_first_and_does_not_depend_on_the_input_order(
            mut entries in proptest::collection::vec(any_entry(), 0..30),
            seed in any::<u64>(),
        ) {
            // One entry per (kind, id), as in the database.
            entries.sort_by_key(|e| (e.kind, e.id));
            entries.dedup_by_key(|e| (e.kind, e.id));
            let mut sorted = entries.clone();
            order(&mut sorted);
            for pair in sorted.windows(2) {
                prop_assert!(pair[0].on >= pair[1].on);
                prop_assert_ne!(newest_first(&pair[0], &pair[1]), Ordering::Greater);
            }
            let mut shuffled = entries;
            let len = shuffled.len().max(1);
            shuffled.rotate_left((seed as usize) % len);
            shuffled.reverse();
            order(&mut shuffled);
            prop_assert_eq!(shuffled, sorted);
        }
    }
}
