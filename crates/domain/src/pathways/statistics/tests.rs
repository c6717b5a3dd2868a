use super::*;

fn rounds() -> Vec<RoundInfo> {
    vec![
        RoundInfo {
            number: 1,
            start_year: 2020,
        },
        RoundInfo {
            number: 2,
            start_year: 2022,
        },
    ]
}

#[allow(clippy::too_many_arguments)]
fn person(
    round: u32,
    gender: Option<Gender>,
    birth_year: Option<i32>,
    country: Option<&str>,
    size: Option<i64>,
    single_parent: Option<bool>,
) -> ParticipantGroup {
    ParticipantGroup {
        round: Some(round),
        gender,
        birth_year,
        country_of_birth: country.map(str::to_owned),
        household_size: size,
        single_parent,
        count: 1,
    }
}

/// Six participants, hand-counted in the comments of each test.
fn participants() -> Vec<ParticipantGroup> {
    vec![
        person(1, Some(Gender::F), Some(1990), Some("IT"), Some(3), Some(true)), // a: 30
        person(1, Some(Gender::M), Some(1960), Some("MA"), Some(1), Some(false)), // b: 60
        person(1, Some(Gender::F), None, None, None, None),                      // c: nothing else recorded
        person(1, Some(Gender::F), Some(2000), Some("RO"), Some(7), Some(false)), // d: 20
        person(2, Some(Gender::M), Some(1985), Some("IT"), Some(2), Some(true)), // e: 37
        person(2, Some(Gender::F), Some(1970), Some("IT"), Some(5), None),       // f: 52
    ]
}

fn interventions() -> Vec<InterventionRecord> {
    let record = |participant, round, service: &str, cancelled| InterventionRecord {
        participant,
        round,
        service: service.to_owned(),
        cancelled,
    };
    vec![
        record(1, 1, "internship", false),
        record(1, 1, "internship", false), // a second internship of a counts once
        record(1, 1, "italian", true),     // cancelled: not activated
        record(2, 1, "forklift", false),
        record(4, 1, "italian", false),
        record(5, 2, "forklift", false),
        record(6, 2, "forklift", true),
    ]
}

fn statistics() -> ParticipantStatistics {
    let services = vec!["internship".to_owned(), "forklift".to_owned(), "italian".to_owned()];
    compute(&rounds(), &services, &participants(), &activations(&interventions()))
}

/// (category, count, percent) of one dimension and round.
fn table(stats: &ParticipantStatistics, dimension: Dimension, round: RoundKey) -> Vec<(String, u64, String)> {
    stats
        .rows_of(dimension, round)
        .map(|r| {
            (
                r.category.clone(),
                r.count,
                r.percent.map(|p| p.to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

fn rows(expected: &[(&str, u64, &str)]) -> Vec<(String, u64, String)> {
    expected
        .iter()
        .map(|(c, n, p)| ((*c).to_owned(), *n, (*p).to_owned()))
        .collect()
}

#[test]
fn percentages_are_rounded_half_up_to_one_decimal() {
    assert_eq!(Percent::of(1, 3).map(|p| p.to_string()), Some("33.3".into()));
    assert_eq!(Percent::of(2, 3).map(|p| p.to_string()), Some("66.7".into()));
    assert_eq!(Percent::of(1, 16).map(|p| p.to_string()), Some("6.3".into()));
    assert_eq!(Percent::of(0, 4).map(|p| p.to_string()), Some("0.0".into()));
    assert_eq!(Percent::of(0, 0), None);
}

#[test]
fn age_bands_follow_the_ali_tables() {
    let bands: Vec<&str> = [18, 24, 25, 34, 35, 44, 45, 54, 55, 80]
        .into_iter()
        .map(age_band)
        .collect();
    assert_eq!(
        bands,
        [
            "<=24", "<=24", "25-34", "25-34", "35-44", "35-44", "45-54", "45-54", "55+", "55+"
        ]
    );
}

#[test]
fn a_participant_counts_once_per_service_and_round_and_cancelled_ones_not_at_all() {
    let groups = activations(&interventions());
    let find = |round, service: &str| {
        groups
            .iter()
            .find(|g| g.round == round && g.service == service)
            .map(|g| g.participants)
    };
    assert_eq!(find(1, "internship"), Some(1));
    assert_eq!(find(1, "italian"), Some(1));
    assert_eq!(find(2, "forklift"), Some(1));
}

#[test]
fn gender_shares_are_of_the_recorded_values_per_round_and_in_total() {
    let stats = statistics();
    // Round 1: F a, c, d; M b.
    assert_eq!(
        table(&stats, Dimension::Gender, RoundKey::Round(1)),
        rows(&[("M", 1, "25.0"), ("F", 3, "75.0"), ("not_recorded", 0, "")])
    );
    assert_eq!(
        table(&stats, Dimension::Gender, RoundKey::Total),
        rows(&[("M", 2, "33.3"), ("F", 4, "66.7"), ("not_recorded", 0, "")])
    );
}

#[test]
fn a_not_recorded_country_is_left_out_of_the_shares() {
    let stats = statistics();
    // Round 1: IT a; other b (MA), d (RO); c not recorded: shares of 3.
    assert_eq!(
        table(&stats, Dimension::CountryOfBirth, RoundKey::Round(1)),
        rows(&[("IT", 1, "33.3"), ("other", 2, "66.7"), ("not_recorded", 1, "")])
    );
    assert_eq!(
        table(&stats, Dimension::CountryOfBirth, RoundKey::Total),
        rows(&[("IT", 3, "60.0"), ("other", 2, "40.0"), ("not_recorded", 1, "")])
    );
}

#[test]
fn ages_are_the_round_start_year_minus_the_birth_year() {
    let stats = statistics();
    // Round 1 (2020): a 30, b 60, d 20, c unknown. Round 2 (2022): e 37, f 52.
    assert_eq!(
        table(&stats, Dimension::AgeBand, RoundKey::Round(1)),
        rows(&[
            ("<=24", 1, "33.3"),
            ("25-34", 1, "33.3"),
            ("35-44", 0, "0.0"),
            ("45-54", 0, "0.0"),
            ("55+", 1, "33.3"),
            ("not_recorded", 1, "")
        ])
    );
    assert_eq!(
        table(&stats, Dimension::AgeBand, RoundKey::Round(2)),
        rows(&[
            ("<=24", 0, "0.0"),
            ("25-34", 0, "0.0"),
            ("35-44", 1, "50.0"),
            ("45-54", 1, "50.0"),
            ("55+", 0, "0.0"),
            ("not_recorded", 0, "")
        ])
    );
    let averages: Vec<(String, u64, Option<String>)> = stats
        .rounds
        .iter()
        .map(|r| {
            (
                r.round.to_string(),
                r.participants,
                r.average_age.map(|a| a.to_string()),
            )
        })
        .collect();
    // (30+60+20)/3 = 36.67; (37+52)/2 = 44.5; 199/5 = 39.8.
    assert_eq!(
        averages,
        vec![
            ("1".to_owned(), 4, Some("36.7".to_owned())),
            ("2".to_owned(), 2, Some("44.5".to_owned())),
            ("total".to_owned(), 6, Some("39.8".to_owned())),
        ]
    );
}

#[test]
fn households_of_six_or_more_share_one_band_and_single_parents_are_counted() {
    let stats = statistics();
    assert_eq!(
        table(&stats, Dimension::HouseholdSize, RoundKey::Round(1)),
        rows(&[
            ("1", 1, "33.3"),
            ("2", 0, "0.0"),
            ("3", 1, "33.3"),
            ("4", 0, "0.0"),
            ("5", 0, "0.0"),
            ("6+", 1, "33.3"),
            ("not_recorded", 1, "")
        ])
    );
    assert_eq!(
        table(&stats, Dimension::SingleParent, RoundKey::Total),
        rows(&[("yes", 2, "50.0"), ("no", 2, "50.0"), ("not_recorded", 2, "")])
    );
}

#[test]
fn service_shares_are_of_all_the_rounds_participants() {
    let stats = statistics();
    assert_eq!(
        table(&stats, Dimension::Service, RoundKey::Round(1)),
        rows(&[
            ("internship", 1, "25.0"),
            ("forklift", 1, "25.0"),
            ("italian", 1, "25.0")
        ])
    );
    assert_eq!(
        table(&stats, Dimension::Service, RoundKey::Round(2)),
        rows(&[("internship", 0, "0.0"), ("forklift", 1, "50.0"), ("italian", 0, "0.0")])
    );
    assert_eq!(
        table(&stats, Dimension::Service, RoundKey::Total),
        rows(&[
            ("internship", 1, "16.7"),
            ("forklift", 2, "33.3"),
            ("italian", 1, "16.7")
        ])
    );
}

#[test]
fn the_csv_is_long_with_one_row_per_dimension_category_and_round() {
    let csv = statistics().to_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "dimension,category,round,count,percent");
    assert_eq!(
        &lines[1..4],
        ["gender,M,1,1,25.0", "gender,F,1,3,75.0", "gender,not_recorded,1,0,"]
    );
    assert!(lines.contains(&"service,forklift,total,2,33.3"));
    // 3 rounds × (3 + 3 + 6 + 7 + 3 + 3 services) rows + the header.
    assert_eq!(lines.len(), 1 + 3 * 25);
}

#[test]
fn groups_of_many_participants_count_as_many() {
    let group = ParticipantGroup {
        count: 3,
        ..person(1, Some(Gender::M), Some(1990), Some("IT"), Some(2), Some(false))
    };
    let stats = compute(&rounds(), &[], &[group], &[]);
    assert_eq!(
        table(&stats, Dimension::Gender, RoundKey::Total)[0],
        ("M".to_owned(), 3, "100.0".to_owned())
    );
    assert_eq!(
        stats.rounds[0].average_age.map(|a| a.to_string()),
        Some("30.0".to_owned())
    );
}

#[test]
fn a_programme_without_participants_has_zero_counts_and_no_percentages() {
    let stats = compute(&rounds(), &["forklift".to_owned()], &[], &[]);
    assert!(stats.rows.iter().all(|r| r.count == 0 && r.percent.is_none()));
    assert!(stats.rounds.iter().all(|r| r.average_age.is_none()));
}
