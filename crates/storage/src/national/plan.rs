//! The dataset drawn in memory before anything is written: compact records
//! that refer to each other by index (ids are the indexes plus the table's
//! first free id). Activity entries are not held here: ten million of them are
//! drawn while they are written, from each intervention's own stream.

use super::Scale;
use super::catalogue::*;
use super::rng::Rng;
use time::{Date, Month};

/// A date as a Julian day number, so a plan of millions of dates stays small.
pub(crate) type Day = i32;

pub(crate) fn day(iso: &str) -> Day {
    let mut parts = iso.split('-').map(|p| p.parse::<i32>().unwrap_or(1));
    let (y, m, d) = (
        parts.next().unwrap_or(2023),
        parts.next().unwrap_or(1),
        parts.next().unwrap_or(1),
    );
    ymd(y, m as u8, d as u8)
}

fn ymd(y: i32, m: u8, d: u8) -> Day {
    Month::try_from(m)
        .ok()
        .and_then(|m| Date::from_calendar_date(y, m, d).ok())
        .map_or(0, Date::to_julian_day)
}

/// ISO `YYYY-MM-DD` of a day.
pub(crate) fn iso(day: Day) -> String {
    Date::from_julian_day(day).map_or_else(|_| String::from("1970-01-01"), |d| d.to_string())
}

fn year(day: Day) -> i32 {
    Date::from_julian_day(day).map_or(1970, Date::year)
}

pub(crate) struct Household {
    pub round: Option<u8>,
    pub declared_size: Option<i64>,
    pub members_recorded: bool,
    pub municipality: &'static str,
}

pub(crate) struct Person {
    pub household: u32,
    pub relationship: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub gender: Option<&'static str>,
    pub birth_date: Option<Day>,
    pub birth_year: Option<i32>,
    pub country_of_birth: Option<&'static str>,
    pub citizenship: Option<&'static str>,
    pub education_level: Option<u8>,
    pub employment_status: Option<&'static str>,
    pub minimum_income: Option<bool>,
    pub disability: Option<bool>,
    pub single_parent: Option<bool>,
    pub housing_exclusion: Option<bool>,
    pub minority: Option<bool>,
}

pub(crate) struct PathPlan {
    pub person: u32,
    pub round: Option<u8>,
    pub state: &'static str,
}

pub(crate) struct Closure {
    pub closed_on: Day,
    pub outcome: &'static str,
    /// 0, 6 (a six-month follow-up) or 12 (both).
    pub follow_up_months: u8,
    pub follow_up_status: [&'static str; 2],
}

pub(crate) struct Project {
    pub household: u32,
    pub focus: u32,
    pub cooperative: u32,
    pub round: u8,
    pub started_on: Day,
    pub closure: Option<Closure>,
}

pub(crate) struct Intervention {
    pub project: u32,
    pub person: u32,
    pub service: u8,
    pub stream: u8,
    pub status: &'static str,
    pub start: Day,
    pub end: Day,
    /// Relative share of the activity register this intervention receives.
    pub weight: u8,
}

pub(crate) struct Plan {
    pub cooperative_types: Vec<(&'static str, usize)>,
    pub households: Vec<Household>,
    pub people: Vec<Person>,
    pub paths: Vec<PathPlan>,
    pub projects: Vec<Project>,
    pub interventions: Vec<Intervention>,
}

const STATES: [[(&str, u32); 7]; 4] = [
    [
        ("closed", 70),
        ("withdrawn", 12),
        ("interrupted", 18),
        ("project_active", 0),
        ("second_interview", 0),
        ("first_interview", 0),
        ("referred", 0),
    ],
    [
        ("closed", 65),
        ("withdrawn", 12),
        ("interrupted", 10),
        ("project_active", 13),
        ("second_interview", 0),
        ("first_interview", 0),
        ("referred", 0),
    ],
    [
        ("closed", 35),
        ("withdrawn", 10),
        ("interrupted", 5),
        ("project_active", 45),
        ("second_interview", 5),
        ("first_interview", 0),
        ("referred", 0),
    ],
    [
        ("closed", 4),
        ("withdrawn", 6),
        ("interrupted", 0),
        ("project_active", 55),
        ("second_interview", 13),
        ("first_interview", 12),
        ("referred", 10),
    ],
];

/// A drawn value, left unrecorded `missing_per_mille` times in a thousand.
fn maybe<T>(rng: &mut Rng, missing_per_mille: u64, draw: impl FnOnce(&mut Rng) -> T) -> Option<T> {
    let value = draw(rng);
    (!rng.chance(missing_per_mille)).then_some(value)
}

fn flag(rng: &mut Rng, yes_per_mille: u64, missing_per_mille: u64) -> Option<bool> {
    maybe(rng, missing_per_mille, |r| r.chance(yes_per_mille))
}

pub(crate) fn draw(scale: &Scale, seed: u64) -> Plan {
    let mut rng = Rng::new(seed);
    let rounds: Vec<(Day, Day)> = ROUNDS.iter().map(|(_, s, e, _)| (day(s), day(e))).collect();
    let round_shares: Vec<u32> = ROUNDS.iter().map(|r| r.3).collect();
    let as_of = ymd(AS_OF.0, AS_OF.1, AS_OF.2);
    let cooperative_types = (0..scale.cooperatives)
        .map(|_| {
            let kind = rng.pick(&[("A", 55), ("B", 30), ("mixed", 15)]);
            (kind, rng.below(MUNICIPALITIES.len() as u64) as usize)
        })
        .collect();
    let mut plan = Plan {
        cooperative_types,
        households: Vec::new(),
        people: Vec::new(),
        paths: Vec::new(),
        projects: Vec::new(),
        interventions: Vec::new(),
    };
    let service_weights: Vec<u32> = SERVICES.iter().map(|s| s.weight).collect();
    let italian = SERVICES.iter().position(|s| s.code == "ITA").unwrap_or(0);
    while (plan.paths.len() as u64) < scale.participants {
        let household = plan.households.len() as u32;
        let size = rng.pick(&HOUSEHOLD_SIZES);
        let wanted = if size >= 2 && rng.chance(200) { 2 } else { 1 };
        let holders = wanted.min(scale.participants - plan.paths.len() as u64) as u8;
        let members_recorded = rng.chance(400);
        let declared_size = (!members_recorded && !rng.chance(40)).then_some(i64::from(size));
        let round = (!rng.chance(5)).then(|| rng.weighted(&round_shares) as u8);
        let state = match round {
            Some(r) => rng.pick(&STATES[usize::from(r)]),
            None => "referred",
        };
        let start = round.map_or(rounds[3].0, |r| rounds[usize::from(r)].0);
        let last_name = LAST_NAMES[rng.below(LAST_NAMES.len() as u64) as usize];
        let head_country = maybe(&mut rng, 8, |r| r.pick(&COUNTRIES));
        plan.households.push(Household {
            round,
            declared_size,
            members_recorded,
            municipality: MUNICIPALITIES[rng.below(MUNICIPALITIES.len() as u64) as usize].0,
        });
        let first_person = plan.people.len() as u32;
        let others = if members_recorded { size - holders } else { 0 };
        for member in 0..(holders + others) {
            let holder = member < holders;
            let relationship = match member {
                0 => "head",
                1 => "partner",
                _ if rng.chance(150) => "parent",
                _ => "child",
            };
            let person = person(
                &mut rng,
                household,
                relationship,
                holder,
                start,
                last_name,
                head_country,
                size,
            );
            if holder {
                plan.paths.push(PathPlan {
                    person: plan.people.len() as u32,
                    round,
                    state,
                });
            }
            plan.people.push(person);
        }
        let with_project = match state {
            "project_active" | "closed" | "interrupted" => true,
            "withdrawn" => rng.chance(500),
            _ => false,
        };
        let (Some(round), true, true) = (round, with_project, scale.cooperatives > 0) else {
            continue;
        };
        let (round_start, round_end) = rounds[usize::from(round)];
        let started_on = round_start + rng.between(0, 60) as Day;
        let closure = match state {
            "project_active" => None,
            _ => {
                let (closed_on, outcome) = match state {
                    "closed" => (
                        (started_on + rng.between(150, 300) as Day).min(round_end + 30),
                        rng.pick(&OUTCOMES),
                    ),
                    "withdrawn" => (started_on + rng.between(20, 150) as Day, "withdrew"),
                    _ => (round_end, "interrupted_by_programme_end"),
                };
                let mut months = 0;
                if closed_on + 183 <= as_of && rng.chance(600) {
                    months = 6;
                    if closed_on + 365 <= as_of && rng.chance(650) {
                        months = 12;
                    }
                }
                let hired = outcome.starts_with("hired");
                let mut status = || {
                    if hired && rng.chance(700) {
                        "employed"
                    } else {
                        rng.pick(&FOLLOW_UP_STATUS)
                    }
                };
                Some(Closure {
                    closed_on,
                    outcome,
                    follow_up_months: months,
                    follow_up_status: [status(), status()],
                })
            }
        };
        let cooperative = (rng.unit().powf(1.6) * scale.cooperatives as f64) as u32;
        let project = plan.projects.len() as u32;
        let project_end = closure.as_ref().map_or(round_end + 60, |c| c.closed_on);
        for offset in 0..holders {
            let person = first_person + u32::from(offset);
            let foreign = plan.people[person as usize].country_of_birth.is_some_and(|c| c != "IT");
            let on_minimum_income = plan.people[person as usize].minimum_income == Some(true);
            let count = rng.pick(&[(1u8, 20), (2, 35), (3, 30), (4, 15)]);
            for _ in 0..count {
                let service = if foreign && rng.chance(300) {
                    italian
                } else {
                    rng.weighted(&service_weights)
                };
                let spec = &SERVICES[service];
                let status = match (closure.as_ref().map(|c| c.outcome), state) {
                    (None, _) => rng.pick(&[("planned", 15), ("active", 60), ("completed", 20), ("cancelled", 5)]),
                    (Some(_), "closed") => rng.pick(&[("completed", 70), ("interrupted", 20), ("cancelled", 10)]),
                    _ => rng.pick(&[("interrupted", 60), ("completed", 25), ("cancelled", 15)]),
                };
                let start = started_on + rng.between(0, 45) as Day;
                let end = (start + rng.between(spec.days.0, spec.days.1) as Day)
                    .min(project_end)
                    .max(start);
                let weight = match status {
                    "active" => rng.between(1, 8),
                    "completed" => rng.between(3, 10),
                    "interrupted" => rng.between(1, 5),
                    _ => 0,
                } as u8;
                plan.interventions.push(Intervention {
                    project,
                    person,
                    service: service as u8,
                    stream: if on_minimum_income && rng.chance(800) { 0 } else { 1 },
                    status,
                    start,
                    end,
                    weight,
                });
            }
        }
        plan.projects.push(Project {
            household,
            focus: first_person,
            cooperative,
            round,
            started_on,
            closure,
        });
    }
    plan
}

#[allow(clippy::too_many_arguments)]
fn person(
    rng: &mut Rng,
    household: u32,
    relationship: &'static str,
    holder: bool,
    round_start: Day,
    last_name: &'static str,
    head_country: Option<&'static str>,
    household_size: u8,
) -> Person {
    let female = rng.chance(520);
    let first_name = if female {
        FIRST_NAMES_F[rng.below(12) as usize]
    } else {
        FIRST_NAMES_M[rng.below(12) as usize]
    };
    let gender = maybe(rng, if holder { 5 } else { 0 }, |_| if female { "F" } else { "M" });
    let age = match relationship {
        "child" => rng.between(0, 17),
        "parent" => rng.between(60, 85),
        _ => {
            let (low, high) = rng.pick(&AGES);
            rng.between(low, high)
        }
    };
    let born = round_start - (age * 365 + rng.between(1, 364)) as Day;
    let (birth_date, birth_year) = match rng.below(1000) {
        0..=9 if holder => (None, None),
        10..=39 if holder => (None, Some(year(born))),
        _ => (Some(born), Some(year(born))),
    };
    let country_of_birth = match relationship {
        "child" if rng.chance(600) => Some("IT"),
        "head" => head_country,
        _ => head_country.or(Some("IT")),
    };
    let citizenship = match country_of_birth {
        Some("IT") => Some("IT"),
        Some(country) if rng.chance(180) => Some(if rng.chance(500) { "IT" } else { country }),
        other => other,
    };
    if !holder {
        return Person {
            household,
            relationship,
            first_name,
            last_name,
            gender,
            birth_date,
            birth_year,
            country_of_birth,
            citizenship,
            education_level: None,
            employment_status: None,
            minimum_income: None,
            disability: None,
            single_parent: None,
            housing_exclusion: None,
            minority: None,
        };
    }
    Person {
        household,
        relationship,
        first_name,
        last_name,
        gender,
        birth_date,
        birth_year,
        country_of_birth,
        citizenship,
        education_level: maybe(rng, 20, |r| r.pick(&EDUCATION)),
        employment_status: maybe(rng, 15, |r| r.pick(&EMPLOYMENT)),
        minimum_income: flag(rng, 450, 20),
        disability: flag(rng, 120, 10),
        single_parent: if household_size >= 2 {
            flag(rng, 180, 50)
        } else {
            flag(rng, 0, 50)
        },
        housing_exclusion: flag(rng, 80, 30),
        minority: flag(rng, 30, 60),
    }
}
