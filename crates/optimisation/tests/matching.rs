//! The matching model on hand-worked rounds, and on random tiny rounds
//! against a brute force over every set of assignments.

use std::collections::BTreeMap;

use filiera_optimisation::matching::{
    BindingConstraint, Candidate, Location, MatchingError, MatchingProposal, MatchingWeights, Place, Schedule,
    pair_components, propose_matching,
};
use proptest::prelude::*;

fn candidate() -> Candidate {
    Candidate {
        max_interventions: 1,
        languages: vec!["it".into()],
        available: Schedule::ALWAYS,
        ..Candidate::default()
    }
}

fn place(cooperative: &str, eligible: Vec<usize>) -> Place {
    Place {
        service: format!("service-{cooperative}-{}", eligible.len()),
        kind: "course".into(),
        capacity: 1,
        language: Some("it".into()),
        schedule: Schedule::slot(0, 0).unwrap(),
        eligible,
        cooperative: cooperative.into(),
        ..Place::default()
    }
}

fn propose(candidates: &[Candidate], places: &[Place]) -> MatchingProposal {
    propose_matching(candidates, places, &MatchingWeights::default()).unwrap()
}

fn only_reason(proposal: &MatchingProposal) -> &BindingConstraint {
    assert_eq!(proposal.unmatched.len(), 1, "{proposal:?}");
    &proposal.unmatched[0].reason
}

#[test]
fn the_place_matching_the_interests_is_chosen_over_the_one_merely_available() {
    // Same place, same time; only interests differ. Catering costs 0 points
    // of misfit, logistics the full 300.
    let mut person = candidate();
    person.interests = vec!["catering".into()];
    let mut catering = place("a", vec![0]);
    catering.service = "kitchen".into();
    catering.interest_tags = vec!["catering".into()];
    let mut logistics = place("a", vec![0]);
    logistics.service = "warehouse".into();
    logistics.interest_tags = vec!["logistics".into()];
    let proposal = propose(&[person.clone()], &[logistics, catering]);
    assert_eq!(proposal.assignments.len(), 1);
    assert_eq!(proposal.assignments[0].place, 1);
    assert_eq!(proposal.assignments[0].components.interest_fit, 0);
    assert!(proposal.unmatched.is_empty());
    assert_eq!(proposal.total_cost, 0);
}

#[test]
fn components_follow_the_documented_formulas() {
    let weights = MatchingWeights::default();
    let mut person = candidate();
    person.interests = vec!["it".into()];
    person.employability = BTreeMap::from([("italian_language".into(), 2)]);
    person.waiting_weeks = 6;
    let mut course = place("a", vec![0]);
    course.interest_tags = vec!["it".into(), "office".into()];
    course.improves = vec!["italian_language".into()];
    course.location = Location { x_m: 15_000, y_m: 0 };
    let components = pair_components(&person, &course, &weights);
    // Half the tags shared: 300 * 1 / 2. Score 2 of 10: need 8, so
    // -(200 * 8 / 10). 15 km at 250 m/min is 60 min; no autonomy:
    // 240 * 60 * 11 / 660. Six weeks waiting: -5 * 6.
    assert_eq!(components.interest_fit, 150);
    assert_eq!(components.employability_gap, -160);
    assert_eq!(components.travel, 240);
    assert_eq!(components.waiting, -30);
    person.autonomy_of_movement = 10;
    assert_eq!(pair_components(&person, &course, &weights).travel, 240 * 60 / 660);
}

#[test]
fn the_longest_waiting_gets_the_last_seat_and_the_other_is_told_it_is_full() {
    let mut waiting = candidate();
    waiting.waiting_weeks = 10;
    let fresh = candidate();
    let proposal = propose(&[fresh, waiting], &[place("a", vec![0, 1])]);
    assert_eq!(proposal.assignments.len(), 1);
    assert_eq!(proposal.assignments[0].candidate, 1);
    assert_eq!(proposal.assignments[0].components.waiting, -50);
    assert_eq!(proposal.unmatched[0].candidate, 0);
    assert_eq!(proposal.unmatched[0].missing, 1);
    let reason = only_reason(&proposal);
    assert_eq!(*reason, BindingConstraint::AllFull { suitable: 1 });
    assert_eq!(reason.to_string(), "all 1 suitable places are full");
    assert_eq!(proposal.total_cost, -50 + 10_000);
}

#[test]
fn a_candidate_speaking_only_arabic_is_told_no_eligible_place_speaks_it() {
    let mut person = candidate();
    person.languages = vec!["Arabic".into()];
    let mut course = place("a", vec![0]);
    course.language = Some("Italian".into());
    let proposal = propose(&[person], &[course]);
    assert!(proposal.assignments.is_empty());
    let reason = only_reason(&proposal);
    assert_eq!(
        *reason,
        BindingConstraint::Language {
            eligible: 1,
            languages: vec!["Arabic".into()]
        }
    );
    assert!(reason.to_string().starts_with("no eligible place speaks Arabic"));
}

#[test]
fn a_place_at_a_time_the_candidate_is_busy_is_never_given() {
    let mut person = candidate();
    person.available = Schedule::slot(0, 1).unwrap();
    let proposal = propose(&[person], &[place("a", vec![0])]);
    assert!(proposal.assignments.is_empty());
    assert_eq!(*only_reason(&proposal), BindingConstraint::Schedule { in_language: 1 });
}

#[test]
fn a_candidate_at_their_maximum_gets_nothing_and_is_told_why() {
    let mut person = candidate();
    person.max_interventions = 2;
    person.current_interventions = 2;
    let proposal = propose(&[person], &[place("a", vec![0])]);
    assert!(proposal.assignments.is_empty());
    assert_eq!(proposal.unmatched[0].missing, 0);
    let reason = only_reason(&proposal);
    assert_eq!(*reason, BindingConstraint::MaxInterventions { max: 2, current: 2 });
    assert!(reason.to_string().starts_with("would exceed max interventions"));
    assert_eq!(proposal.total_cost, 0);
}

#[test]
fn a_candidate_no_place_accepts_is_not_eligible() {
    let proposal = propose(&[candidate(), candidate()], &[place("a", vec![1])]);
    assert_eq!(proposal.assignments[0].candidate, 1);
    assert_eq!(*only_reason(&proposal), BindingConstraint::NotEligible);
}

#[test]
fn two_seats_of_the_same_service_never_go_to_one_person() {
    let mut person = candidate();
    person.max_interventions = 2;
    let mut morning = place("a", vec![0]);
    morning.service = "forklift".into();
    let mut afternoon = morning.clone();
    afternoon.schedule = Schedule::slot(0, 1).unwrap();
    let proposal = propose(&[person], &[morning, afternoon]);
    assert_eq!(proposal.assignments.len(), 1);
    assert_eq!(proposal.unmatched[0].missing, 1);
    assert_eq!(
        *only_reason(&proposal),
        BindingConstraint::AlreadyAssigned { suitable: 2 }
    );
}

#[test]
fn fairness_spreads_equally_good_assignments_across_cooperatives() {
    // Two people, two cooperatives with two seats each, all at cost 0:
    // putting both in one cooperative would cost one fairness step.
    let mut a = place("alpha", vec![0, 1]);
    a.capacity = 2;
    let mut b = place("beta", vec![0, 1]);
    b.capacity = 2;
    b.service = "other".into();
    let proposal = propose(&[candidate(), candidate()], &[a, b]);
    assert_eq!(proposal.assignments.len(), 2);
    assert_ne!(proposal.assignments[0].place, proposal.assignments[1].place);
    assert_eq!(proposal.total_cost, 0);

    let weights = MatchingWeights {
        cooperative_fairness: 0,
        ..MatchingWeights::default()
    };
    let mut one = place("alpha", vec![0, 1]);
    one.capacity = 2;
    let proposal = propose_matching(&[candidate(), candidate()], &[one], &weights).unwrap();
    assert_eq!(proposal.assignments.len(), 2);
}

#[test]
fn weights_round_trip_through_json_and_missing_fields_take_defaults() {
    let weights = MatchingWeights {
        travel_per_hour: 99,
        ..MatchingWeights::default()
    };
    let json = serde_json::to_string(&weights).unwrap();
    assert_eq!(serde_json::from_str::<MatchingWeights>(&json).unwrap(), weights);
    let partial: MatchingWeights = serde_json::from_str(r#"{"unmatched": 7000}"#).unwrap();
    assert_eq!(partial.unmatched, 7000);
    assert_eq!(partial.interest_fit, MatchingWeights::default().interest_fit);
    assert!(serde_json::from_str::<MatchingWeights>(r#"{"unknown": 1}"#).is_err());
}

#[test]
fn bad_weights_and_unknown_candidates_are_errors() {
    let weights = MatchingWeights {
        waiting_per_week: -1,
        ..MatchingWeights::default()
    };
    assert!(matches!(
        propose_matching(&[candidate()], &[], &weights),
        Err(MatchingError::Weight {
            name: "waiting_per_week",
            ..
        })
    ));
    assert!(matches!(
        propose_matching(&[candidate()], &[place("a", vec![3])], &MatchingWeights::default()),
        Err(MatchingError::UnknownCandidate { candidate: 3, .. })
    ));
}

#[test]
fn the_same_round_gives_the_same_proposal() {
    let candidates: Vec<Candidate> = (0..6).map(|_| candidate()).collect();
    let places: Vec<Place> = (0..3).map(|i| place(["a", "b", "c"][i], (0..6).collect())).collect();
    assert_eq!(propose(&candidates, &places), propose(&candidates, &places));
}

// ---- random tiny rounds against brute force ----

const LANGUAGES: [&str; 2] = ["it", "ar"];
const TAGS: [&str; 3] = ["catering", "logistics", "care"];
const AREAS: [&str; 2] = ["italian_language", "digital"];

fn arb_candidate() -> impl Strategy<Value = Candidate> {
    (
        0u32..3,
        0u32..2,
        prop::sample::subsequence(TAGS.to_vec(), 0..3),
        prop::collection::vec(0u8..=10, 2),
        0u8..=10,
        (0i64..20_000, 0i64..20_000),
        prop::sample::subsequence(LANGUAGES.to_vec(), 1..3),
        0u32..16,
        0u32..30,
    )
        .prop_map(
            |(max, current, interests, scores, autonomy, (x, y), languages, available, waiting)| Candidate {
                max_interventions: max,
                current_interventions: current,
                interests: interests.into_iter().map(String::from).collect(),
                employability: AREAS.iter().map(|a| a.to_string()).zip(scores).collect(),
                autonomy_of_movement: autonomy,
                location: Location { x_m: x, y_m: y },
                languages: languages.into_iter().map(String::from).collect(),
                available: Schedule(available),
                waiting_weeks: waiting,
            },
        )
}

fn arb_place(candidates: usize) -> impl Strategy<Value = Place> {
    (
        0usize..2,
        0u32..3,
        prop::sample::subsequence(TAGS.to_vec(), 0..3),
        prop::sample::subsequence(AREAS.to_vec(), 0..3),
        (0i64..20_000, 0i64..20_000),
        prop::option::weighted(0.8, prop::sample::select(LANGUAGES.to_vec())),
        0u32..4,
        prop::sample::subsequence((0..candidates).collect::<Vec<_>>(), candidates / 2..=candidates),
        0usize..2,
    )
        .prop_map(
            |(service, capacity, tags, improves, (x, y), language, schedule, eligible, cooperative)| Place {
                service: format!("s{service}"),
                kind: "course".into(),
                capacity,
                interest_tags: tags.into_iter().map(String::from).collect(),
                improves: improves.into_iter().map(String::from).collect(),
                location: Location { x_m: x, y_m: y },
                language: language.map(String::from),
                schedule: Schedule(schedule),
                eligible,
                cooperative: format!("c{cooperative}"),
            },
        )
}

fn arb_round() -> impl Strategy<Value = (Vec<Candidate>, Vec<Place>, MatchingWeights)> {
    (1usize..5)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(arb_candidate(), n),
                prop::collection::vec(arb_place(n), 1..4),
                0i64..6,
                prop::sample::select(vec![0i64, 150, 10_000]),
            )
        })
        .prop_map(|(candidates, places, fairness, unmatched)| {
            let weights = MatchingWeights {
                cooperative_fairness: fairness,
                unmatched,
                ..MatchingWeights::default()
            };
            (candidates, places, weights)
        })
}

/// The hard constraints, restated independently of the model.
fn allowed(candidates: &[Candidate], places: &[Place], c: usize, p: usize) -> bool {
    let (candidate, place) = (&candidates[c], &places[p]);
    place.eligible.contains(&c)
        && place.language.as_ref().is_none_or(|l| candidate.languages.contains(l))
        && place.schedule.0 & !candidate.available.0 == 0
}

fn free(candidate: &Candidate) -> usize {
    candidate
        .max_interventions
        .saturating_sub(candidate.current_interventions) as usize
}

fn feasible(candidates: &[Candidate], places: &[Place], chosen: &[(usize, usize)]) -> bool {
    let mut per_candidate = vec![0; candidates.len()];
    let mut per_place = vec![0; places.len()];
    for (i, &(c, p)) in chosen.iter().enumerate() {
        if !allowed(candidates, places, c, p) {
            return false;
        }
        let same_service = chosen[..i]
            .iter()
            .any(|&(c2, p2)| c2 == c && places[p2].service == places[p].service);
        if same_service {
            return false;
        }
        per_candidate[c] += 1;
        per_place[p] += 1;
    }
    per_candidate.iter().zip(candidates).all(|(&n, c)| n <= free(c))
        && per_place.iter().zip(places).all(|(&n, p)| n <= p.capacity as usize)
}

fn brute_force(candidates: &[Candidate], places: &[Place], weights: &MatchingWeights) -> i64 {
    let pairs: Vec<(usize, usize)> = (0..candidates.len())
        .flat_map(|c| (0..places.len()).map(move |p| (c, p)))
        .filter(|&(c, p)| allowed(candidates, places, c, p))
        .collect();
    let needs: i64 = candidates.iter().map(|c| free(c) as i64).sum();
    let mut best = i64::MAX;
    for mask in 0u32..1 << pairs.len() {
        let chosen: Vec<(usize, usize)> = (0..pairs.len())
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| pairs[i])
            .collect();
        if !feasible(candidates, places, &chosen) {
            continue;
        }
        let mut cost: i64 = chosen
            .iter()
            .map(|&(c, p)| pair_components(&candidates[c], &places[p], weights).total())
            .sum();
        let mut per_cooperative: BTreeMap<&str, i64> = BTreeMap::new();
        for &(_, p) in &chosen {
            *per_cooperative.entry(&places[p].cooperative).or_insert(0) += 1;
        }
        cost += per_cooperative
            .values()
            .map(|&load| weights.cooperative_fairness * load * (load - 1) / 2)
            .sum::<i64>();
        cost += weights.unmatched * (needs - chosen.len() as i64);
        best = best.min(cost);
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn proposals_respect_every_hard_constraint_and_cost_the_brute_force_minimum(
        (candidates, places, weights) in arb_round()
    ) {
        let proposal = propose_matching(&candidates, &places, &weights).unwrap();
        let chosen: Vec<(usize, usize)> = proposal.assignments.iter().map(|a| (a.candidate, a.place)).collect();
        prop_assert!(feasible(&candidates, &places, &chosen), "infeasible proposal {:?}", proposal);

        let explained: i64 = proposal.assignments.iter().map(|a| a.components.total()).sum::<i64>()
            + proposal.unmatched.iter().map(|u| i64::from(u.missing) * weights.unmatched).sum::<i64>();
        prop_assert_eq!(explained, proposal.total_cost);
        prop_assert_eq!(proposal.total_cost, brute_force(&candidates, &places, &weights));

        // Every unmet need is listed, with the right amount.
        for (index, candidate) in candidates.iter().enumerate() {
            let got = chosen.iter().filter(|&&(c, _)| c == index).count();
            let missing = proposal.unmatched.iter().find(|u| u.candidate == index).map_or(0, |u| u.missing as usize);
            prop_assert_eq!(got + missing, free(candidate));
        }
    }
}

#[test]
fn a_round_of_two_thousand_people_respects_every_constraint() {
    use filiera_optimisation::SplitMix64;
    let mut rng = SplitMix64::new(7);
    let candidates: Vec<Candidate> = (0..2_000)
        .map(|_| Candidate {
            max_interventions: 1 + rng.below(3) as u32,
            current_interventions: rng.below(2) as u32,
            interests: vec![TAGS[rng.below(3) as usize].into()],
            employability: AREAS.iter().map(|a| (a.to_string(), rng.below(11) as u8)).collect(),
            autonomy_of_movement: rng.below(11) as u8,
            location: Location {
                x_m: rng.below(30_000) as i64,
                y_m: rng.below(30_000) as i64,
            },
            languages: vec!["it".into()],
            available: Schedule(rng.below(1 << 21) as u32),
            waiting_weeks: rng.below(40) as u32,
        })
        .collect();
    let places: Vec<Place> = (0..300)
        .map(|i| Place {
            service: format!("s{}", i % 120),
            kind: "course".into(),
            capacity: 1 + rng.below(8) as u32,
            interest_tags: vec![TAGS[rng.below(3) as usize].into()],
            improves: vec![AREAS[rng.below(2) as usize].into()],
            location: Location {
                x_m: rng.below(30_000) as i64,
                y_m: rng.below(30_000) as i64,
            },
            language: Some(LANGUAGES[usize::from(rng.below(10) == 0)].into()),
            schedule: Schedule::slot(rng.below(7) as u32, rng.below(3) as u32).unwrap(),
            eligible: (0..2_000).filter(|_| rng.below(4) == 0).collect(),
            cooperative: format!("c{}", i % 5),
        })
        .collect();
    let proposal = propose(&candidates, &places);
    let chosen: Vec<(usize, usize)> = proposal.assignments.iter().map(|a| (a.candidate, a.place)).collect();
    assert!(feasible(&candidates, &places, &chosen));
    assert!(chosen.len() > 500, "only {} assignments", chosen.len());
    for (index, candidate) in candidates.iter().enumerate() {
        let got = chosen.iter().filter(|&&(c, _)| c == index).count();
        let missing = proposal
            .unmatched
            .iter()
            .find(|u| u.candidate == index)
            .map_or(0, |u| u.missing as usize);
        assert_eq!(got + missing, free(candidate));
    }
}
