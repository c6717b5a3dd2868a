use super::*;
use crate::pathways::household::Gender;
use crate::pathways::statistics::{ActivationGroup, ParticipantGroup, RoundInfo, compute};
use proptest::prelude::*;

fn rounds() -> Vec<RoundInfo> {
    (1..=2)
        .map(|number| RoundInfo {
            number,
            start_year: 2020,
        })
        .collect()
}

fn women_and_men(round: u32, women: u64, men: u64) -> Vec<ParticipantGroup> {
    [(Gender::F, women), (Gender::M, men)]
        .into_iter()
        .map(|(gender, count)| ParticipantGroup {
            round: Some(round),
            gender: Some(gender),
            count,
            ..Default::default()
        })
        .collect()
}

fn gender_counts(published: &PublishedStatistics, round: RoundKey) -> Vec<(String, Cell)> {
    published
        .rows_of(Dimension::Gender, round)
        .map(|r| (r.category.clone(), r.count))
        .collect()
}

#[test]
fn the_staff_see_every_figure_as_computed() {
    let groups = [women_and_men(1, 2, 30), women_and_men(2, 12, 9)].concat();
    let stats = compute(&rounds(), &[], &groups, &[]);
    let staff = publish_statistics(&stats, Audience::Staff, 5);
    assert_eq!(staff.to_csv(), stats.to_csv());
    assert!(staff.rows.iter().all(|r| matches!(r.count, Cell::Shown(_))));
}

#[test]
fn two_women_in_round_one_are_hidden_with_what_would_give_them_back() {
    // Round 1: 2 women, 30 men; round 2: 12 women, 9 men; total women 14.
    let groups = [women_and_men(1, 2, 30), women_and_men(2, 12, 9)].concat();
    let stats = compute(&rounds(), &[], &groups, &[]);
    let public = publish_statistics(&stats, Audience::Public, 5);
    let shown = |n| Cell::Shown(n);
    // The women of round 1 are hidden; the men of round 1 (30 = 32 - 2) and the
    // women in total (14 = 2 + 12) would give them back, so the smallest of
    // each line goes too: the men of round 1 and the women of round 2.
    assert_eq!(
        gender_counts(&public, RoundKey::Round(1)),
        [
            ("M".into(), Cell::Hidden),
            ("F".into(), Cell::Hidden),
            ("not_recorded".into(), shown(0))
        ]
    );
    assert_eq!(
        gender_counts(&public, RoundKey::Round(2)),
        [
            ("M".into(), Cell::Hidden),
            ("F".into(), Cell::Hidden),
            ("not_recorded".into(), shown(0))
        ]
    );
    assert!(
        public
            .rows_of(Dimension::Gender, RoundKey::Round(1))
            .all(|r| r.percent.is_none())
    );
    // The round totals are large enough to publish, with their average ages.
    assert_eq!(public.rounds[0].participants, shown(32));
    let csv = public.to_csv();
    assert!(csv.contains("gender,F,1,<5,\n"), "{csv}");
}

#[test]
fn a_small_round_hides_its_participants_and_their_average_age() {
    let groups: Vec<ParticipantGroup> = [women_and_men(1, 20, 30), women_and_men(2, 1, 2)]
        .concat()
        .into_iter()
        .map(|g| ParticipantGroup {
            birth_year: Some(1990),
            ..g
        })
        .collect();
    let stats = compute(&rounds(), &[], &groups, &[]);
    let public = publish_statistics(&stats, Audience::Public, 5);
    assert_eq!(public.rounds[1].participants, Cell::Hidden);
    assert_eq!(public.rounds[1].average_age, None);
    // 53 in total less 50 in round 1 would give the 3 back: round 1 goes too.
    assert_eq!(public.rounds[0].participants, Cell::Hidden);
    assert_eq!(public.rounds[2].participants, Cell::Shown(53));
    assert!(public.rounds[2].average_age.is_some());
}

/// Every line of a dimension's table (a category across the rounds and its
/// total, a round across the categories) has none or at least two hidden cells.
fn lines_are_safe(published: &PublishedStatistics, dimension: Dimension) -> Result<(), String> {
    let keys: Vec<RoundKey> = published.rounds.iter().map(|r| r.round).collect();
    let categories: Vec<String> = published
        .rows_of(dimension, RoundKey::Total)
        .map(|r| r.category.clone())
        .collect();
    let hidden = |category: &str, round: RoundKey| {
        published
            .rows_of(dimension, round)
            .any(|r| r.category == category && r.count == Cell::Hidden)
    };
    for category in &categories {
        let n = keys.iter().filter(|&&k| hidden(category, k)).count();
        if n == 1 {
            return Err(format!("{dimension:?} {category}: one hidden cell"));
        }
    }
    for &key in keys.iter().filter(|k| **k != RoundKey::Total) {
        let n = categories.iter().filter(|c| hidden(c, key)).count();
        if n == 1 && dimension != Dimension::Service {
            let total = published.rounds.iter().find(|r| r.round == key).map(|r| r.participants);
            if total != Some(Cell::Hidden) {
                return Err(format!("{dimension:?} round {key}: one hidden cell"));
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn public_statistics_never_show_a_small_count_nor_a_way_back_to_one(
        counts in proptest::collection::vec((0u64..9, 0u64..9, 0u64..4), 2),
        services in proptest::collection::vec((0u64..9, 0u64..9), 2),
        threshold in 2u64..7,
    ) {
        let groups: Vec<ParticipantGroup> = counts
            .iter()
            .enumerate()
            .flat_map(|(i, &(women, men, unknown))| {
                let round = i as u32 + 1;
                let mut groups = women_and_men(round, women, men);
                groups.push(ParticipantGroup { round: Some(round), count: unknown, ..Default::default() });
                groups
            })
            .collect();
        let activations: Vec<ActivationGroup> = services
            .iter()
            .enumerate()
            .flat_map(|(i, &(a, b))| {
                let round = i as u32 + 1;
                [("A", a), ("B", b)].into_iter().map(move |(service, participants)| ActivationGroup {
                    round,
                    service: service.to_owned(),
                    participants,
                })
            })
            .collect();
        let stats = compute(&rounds(), &["A".to_owned(), "B".to_owned()], &groups, &activations);
        let public = publish_statistics(&stats, Audience::Public, threshold);
        for (row, original) in public.rows.iter().zip(&stats.rows) {
            match row.count {
                Cell::Shown(n) => {
                    prop_assert_eq!(n, original.count);
                    prop_assert!(n == 0 || n >= threshold, "{:?}", row);
                }
                Cell::Hidden => prop_assert!(row.percent.is_none()),
            }
        }
        for round in &public.rounds {
            if let Cell::Shown(n) = round.participants {
                prop_assert!(n == 0 || n >= threshold);
            } else {
                prop_assert!(round.average_age.is_none());
            }
        }
        // Every participant has a round here, so the rounds add up to the total.
        let hidden_rounds = public.rounds.iter().filter(|r| r.participants == Cell::Hidden).count();
        prop_assert_ne!(hidden_rounds, 1);
        for dimension in [Dimension::Gender, Dimension::Service] {
            prop_assert_eq!(lines_are_safe(&public, dimension), Ok(()));
        }
    }
}
