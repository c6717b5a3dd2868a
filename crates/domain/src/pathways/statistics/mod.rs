//! Participant statistics of a programme, by round and in total, as the ALI
//! evaluation reports them (source `002_…txt`, Tables 8.1–8.5): gender, country
//! of birth (Italy / other), age band at the round's start, household size,
//! single parents, average age, and interventions activated per service.
//!
//! The computation is pure and takes records already grouped (the storage
//! layer groups a million participants in SQL; a group here is "so many
//! participants with these attributes"). Rules, fixed so figures can be
//! compared across programmes:
//! - age is the round's start year minus the birth year;
//! - a percentage is the share of the *recorded* values, rounded half up to one
//!   decimal; the `not_recorded` row has none;
//! - for services, the percentage is the share of the round's participants, and
//!   a participant counts once per service and round (cancelled interventions
//!   do not count).

use super::household::Gender;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A round of the programme, for the age calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RoundInfo {
    pub number: u32,
    pub start_year: i32,
}

/// So many participants sharing these attributes; `None` is not recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParticipantGroup {
    /// The round the participant's path belongs to; `None` counts in the total only.
    pub round: Option<u32>,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub country_of_birth: Option<String>,
    pub household_size: Option<i64>,
    pub single_parent: Option<bool>,
    pub count: u64,
}

/// How many distinct participants had a service activated in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivationGroup {
    pub round: u32,
    pub service: String,
    pub participants: u64,
}

/// One intervention, for computing activations from single records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterventionRecord {
    pub participant: i64,
    pub round: u32,
    pub service: String,
    pub cancelled: bool,
}

/// Counts each participant once per service and round, leaving out cancelled
/// interventions (the same rule the storage layer applies in SQL).
pub fn activations(records: &[InterventionRecord]) -> Vec<ActivationGroup> {
    let distinct: BTreeSet<(u32, &str, i64)> = records
        .iter()
        .filter(|r| !r.cancelled)
        .map(|r| (r.round, r.service.as_str(), r.participant))
        .collect();
    let mut counts: BTreeMap<(u32, &str), u64> = BTreeMap::new();
    for (round, service, _) in distinct {
        *counts.entry((round, service)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((round, service), participants)| ActivationGroup {
            round,
            service: service.to_owned(),
            participants,
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Gender,
    CountryOfBirth,
    AgeBand,
    HouseholdSize,
    SingleParent,
    Service,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::Gender,
        Dimension::CountryOfBirth,
        Dimension::AgeBand,
        Dimension::HouseholdSize,
        Dimension::SingleParent,
        Dimension::Service,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Gender => "gender",
            Dimension::CountryOfBirth => "country_of_birth",
            Dimension::AgeBand => "age_band",
            Dimension::HouseholdSize => "household_size",
            Dimension::SingleParent => "single_parent",
            Dimension::Service => "service",
        }
    }

    /// The fixed categories of a dimension (services: the catalogue's codes).
    fn categories(self) -> &'static [&'static str] {
        match self {
            Dimension::Gender => &["M", "F"],
            Dimension::CountryOfBirth => &["IT", "other"],
            Dimension::AgeBand => &AGE_BANDS,
            Dimension::HouseholdSize => &["1", "2", "3", "4", "5", "6+"],
            Dimension::SingleParent => &["yes", "no"],
            Dimension::Service => &[],
        }
    }
}

pub const NOT_RECORDED: &str = "not_recorded";
pub const AGE_BANDS: [&str; 5] = ["<=24", "25-34", "35-44", "45-54", "55+"];

/// The age band of an age in years.
pub fn age_band(age: i32) -> &'static str {
    match age {
        ..=24 => AGE_BANDS[0],
        25..=34 => AGE_BANDS[1],
        35..=44 => AGE_BANDS[2],
        45..=54 => AGE_BANDS[3],
        _ => AGE_BANDS[4],
    }
}

/// A round number or the whole programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RoundKey {
    Round(u32),
    Total,
}

impl fmt::Display for RoundKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoundKey::Round(n) => write!(f, "{n}"),
            RoundKey::Total => f.write_str("total"),
        }
    }
}

impl Serialize for RoundKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A share in tenths of a percent (`625` is 62.5%).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(pub u64);

impl Percent {
    /// `part / whole`, rounded half up to one decimal; `None` when `whole` is zero.
    pub fn of(part: u64, whole: u64) -> Option<Percent> {
        (whole > 0).then(|| Percent((part * 2000 + whole) / (2 * whole)))
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 10.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub dimension: Dimension,
    pub category: String,
    pub round: RoundKey,
    pub count: u64,
    pub percent: Option<Percent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundSummary {
    pub round: RoundKey,
    pub participants: u64,
    /// Average age at the round's start, in tenths of a year; `None` if no birth year is recorded.
    pub average_age: Option<Percent>,
}

/// The whole report: one summary per round and the total, and the long rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParticipantStatistics {
    pub rounds: Vec<RoundSummary>,
    pub rows: Vec<Row>,
}

/// Counts per category for one dimension and round.
type Tally = BTreeMap<String, u64>;

pub fn compute(
    rounds: &[RoundInfo],
    services: &[String],
    participants: &[ParticipantGroup],
    activations: &[ActivationGroup],
) -> ParticipantStatistics {
    let mut keys: Vec<RoundKey> = rounds.iter().map(|r| RoundKey::Round(r.number)).collect();
    keys.sort();
    keys.push(RoundKey::Total);
    let start_year: BTreeMap<u32, i32> = rounds.iter().map(|r| (r.number, r.start_year)).collect();
    let mut tallies: BTreeMap<(Dimension, RoundKey), Tally> = BTreeMap::new();
    let mut headcount: BTreeMap<RoundKey, u64> = BTreeMap::new();
    let mut ages: BTreeMap<RoundKey, (i64, u64)> = BTreeMap::new();
    for group in participants {
        let mut in_keys = vec![RoundKey::Total];
        if let Some(round) = group.round.filter(|r| start_year.contains_key(r)) {
            in_keys.push(RoundKey::Round(round));
        }
        let age = match (group.round.and_then(|r| start_year.get(&r)), group.birth_year) {
            (Some(start), Some(born)) => Some(start - born),
            _ => None,
        };
        let categories = [
            (Dimension::Gender, group.gender.map(|g| g.as_str().to_owned())),
            (
                Dimension::CountryOfBirth,
                group
                    .country_of_birth
                    .as_deref()
                    .map(|c| if c == "IT" { "IT" } else { "other" }.to_owned()),
            ),
            (Dimension::AgeBand, age.map(|a| age_band(a).to_owned())),
            (
                Dimension::HouseholdSize,
                group
                    .household_size
                    .filter(|s| *s >= 1)
                    .map(|s| if s >= 6 { "6+".to_owned() } else { s.to_string() }),
            ),
            (
                Dimension::SingleParent,
                group.single_parent.map(|s| if s { "yes" } else { "no" }.to_owned()),
            ),
        ];
        for key in in_keys {
            *headcount.entry(key).or_default() += group.count;
            if let Some(age) = age {
                let sum = ages.entry(key).or_default();
                sum.0 += i64::from(age) * group.count as i64;
                sum.1 += group.count;
            }
            for (dimension, category) in &categories {
                let category = category.clone().unwrap_or_else(|| NOT_RECORDED.to_owned());
                *tallies
                    .entry((*dimension, key))
                    .or_default()
                    .entry(category)
                    .or_default() += group.count;
            }
        }
    }
    for activation in activations {
        if !start_year.contains_key(&activation.round) {
            continue;
        }
        for key in [RoundKey::Round(activation.round), RoundKey::Total] {
            *tallies
                .entry((Dimension::Service, key))
                .or_default()
                .entry(activation.service.clone())
                .or_default() += activation.participants;
        }
    }
    let empty = Tally::new();
    let mut rows = Vec::new();
    for dimension in Dimension::ALL {
        for &key in &keys {
            let tally = tallies.get(&(dimension, key)).unwrap_or(&empty);
            if dimension == Dimension::Service {
                let whole = headcount.get(&key).copied().unwrap_or(0);
                for service in services {
                    let count = tally.get(service).copied().unwrap_or(0);
                    rows.push(Row {
                        dimension,
                        category: service.clone(),
                        round: key,
                        count,
                        percent: Percent::of(count, whole),
                    });
                }
                continue;
            }
            let recorded: u64 = dimension
                .categories()
                .iter()
                .map(|c| tally.get(*c).copied().unwrap_or(0))
                .sum();
            for category in dimension.categories() {
                let count = tally.get(*category).copied().unwrap_or(0);
                rows.push(Row {
                    dimension,
                    category: (*category).to_owned(),
                    round: key,
                    count,
                    percent: Percent::of(count, recorded),
                });
            }
            rows.push(Row {
                dimension,
                category: NOT_RECORDED.to_owned(),
                round: key,
                count: tally.get(NOT_RECORDED).copied().unwrap_or(0),
                percent: None,
            });
        }
    }
    let rounds = keys
        .iter()
        .map(|&key| RoundSummary {
            round: key,
            participants: headcount.get(&key).copied().unwrap_or(0),
            average_age: ages.get(&key).and_then(|&(sum, n)| average_tenths(sum, n)),
        })
        .collect();
    ParticipantStatistics { rounds, rows }
}

/// A mean in tenths, rounded half up (ages are never negative here; a negative
/// sum would mean birth years after the round started, reported as recorded).
fn average_tenths(sum: i64, n: u64) -> Option<Percent> {
    if n == 0 || sum < 0 {
        return None;
    }
    Some(Percent((sum as u64 * 20 + n) / (2 * n)))
}

impl ParticipantStatistics {
    /// The long CSV form: `dimension,category,round,count,percent`.
    pub fn to_csv(&self) -> String {
        long_csv(self.rows.iter().map(|r| {
            (
                r.dimension,
                r.category.as_str(),
                r.round,
                r.count.to_string(),
                r.percent,
            )
        }))
    }

    pub fn rows_of(&self, dimension: Dimension, round: RoundKey) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(move |r| r.dimension == dimension && r.round == round)
    }
}

/// The long CSV `dimension,category,round,count,percent` of these rows (the
/// count already as text: a number, or a hidden mark in published tables).
pub(crate) fn long_csv<'a>(
    rows: impl Iterator<Item = (Dimension, &'a str, RoundKey, String, Option<Percent>)>,
) -> String {
    crate::csv_export::table(
        ["dimension", "category", "round", "count", "percent"],
        rows.map(|(dimension, category, round, count, percent)| {
            [
                dimension.as_str().to_owned(),
                category.to_owned(),
                round.to_string(),
                count,
                percent.map(|p| p.to_string()).unwrap_or_default(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests;
