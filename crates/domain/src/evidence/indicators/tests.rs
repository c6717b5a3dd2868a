use super::*;
use crate::ids::HouseholdId;
use proptest::prelude::*;
use time::macros::date;

fn participant(household_id: HouseholdId, gender: Gender) -> ParticipantFacts {
    ParticipantFacts {
        household_id,
        gender: Some(gender),
        birth_year: Some(1990),
        entered_on: Some(date!(2021 - 03 - 01)),
        employment_status: Some(EmploymentStatus::LongTermUnemployed),
        isced: Some(2),
        disability: Some(false),
        citizenship: Some("MA".into()),
        country_of_birth: Some("MA".into()),
        minority: None,
        housing_exclusion: Some(true),
        left_with: None,
        status_after_six_months: None,
    }
}

fn get<'a>(indicators: &'a Indicators, id: &str) -> &'a Indicator {
    indicators.indicators.iter().find(|i| i.id == id).unwrap()
}

#[test]
fn a_long_term_unemployed_moroccan_woman_is_counted_where_annex_i_says() {
    let mut hired = participant(HouseholdId(1), Gender::F);
    hired.left_with = Some(Outcome::HiredByHostFirm);
    hired.status_after_six_months = Some(EmploymentStatus::Employed);
    let mut italian = participant(HouseholdId(1), Gender::M);
    italian.citizenship = Some("IT".into());
    italian.country_of_birth = Some("IT".into());
    italian.birth_year = Some(1960);
    let stats = compute(&[hired, italian]);
    assert_eq!(stats.households, 1);
    assert_eq!(get(&stats, "participants").total, 2);
    assert_eq!(get(&stats, "unemployed").total, 2);
    assert_eq!(get(&stats, "long_term_unemployed").women, 1);
    assert_eq!(get(&stats, "third_country_nationals").total, 1);
    assert_eq!(get(&stats, "foreign_background").total, 1);
    assert_eq!(get(&stats, "aged_18_29").total, 0, "31 at entry");
    assert_eq!(get(&stats, "aged_55_plus").men, 1);
    assert_eq!(get(&stats, "isced_0_2").total, 2);
    assert_eq!(get(&stats, "minorities").not_recorded, 2, "not declared is not counted");
    assert_eq!(get(&stats, "employed_upon_leaving").total, 1);
    assert_eq!(get(&stats, "employed_six_months_after").total, 1);
    assert_eq!(get(&stats, "improved_six_months_after").total, 1);
    assert_eq!(get(&stats, "left").total, 1);
}

#[test]
fn an_eu_citizen_is_not_a_third_country_national() {
    let mut romanian = participant(HouseholdId(2), Gender::F);
    romanian.citizenship = Some("RO".into());
    assert_eq!(get(&compute(&[romanian]), "third_country_nationals").total, 0);
}

proptest! {
    #[test]
    fn gender_breakdowns_add_up_and_nothing_exceeds_the_participants(
        genders in proptest::collection::vec(proptest::option::of(prop_oneof![Just(Gender::M), Just(Gender::F)]), 0..30),
        isced in proptest::option::of(0u8..9),
    ) {
        let people: Vec<_> = genders.iter().enumerate().map(|(i, g)| {
            let mut p = participant(HouseholdId(i as i64 / 2), Gender::F);
            p.gender = *g;
            p.isced = isced;
            p
        }).collect();
        let stats = compute(&people);
        for indicator in &stats.indicators {
            prop_assert_eq!(indicator.women + indicator.men + indicator.gender_not_recorded, indicator.total);
            prop_assert!(indicator.total + indicator.not_recorded <= people.len() as u64);
        }
        let levels: u64 = ["isced_0_2", "isced_3_4", "isced_5_8"].iter().map(|id| get(&stats, id).total).sum();
        prop_assert_eq!(levels + get(&stats, "isced_0_2").not_recorded, people.len() as u64);
    }
}
