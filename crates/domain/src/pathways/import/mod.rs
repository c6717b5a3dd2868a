//! Reading a programme's data from four CSV files (format in
//! `docs/import-format.md`): rounds, services, participants, interventions.
//!
//! Every row is checked and every problem is reported with its file, line and
//! column, so a whole folder can be fixed in one pass; the caller stores
//! nothing unless there is no problem at all. Checks that need the database
//! (a round already stored with other dates, a participant already imported)
//! are the storage layer's, reported in the same form.

#[cfg(test)]
mod tests;

use super::catalogue::{ServiceDraft, ServiceKind, ValidService};
use super::household::{EmploymentStatus, Gender, IscedLevel};
use super::programme::RoundPeriod;
use crate::Message;
use crate::import::{ImportError, read_records};
use crate::msg;
use std::collections::{BTreeMap, BTreeSet};
use time::Date;

pub const ROUNDS_FILE: &str = "rounds.csv";
pub const SERVICES_FILE: &str = "services.csv";
pub const PARTICIPANTS_FILE: &str = "participants.csv";
pub const INTERVENTIONS_FILE: &str = "interventions.csv";

/// The statuses an intervention may have (as in the Personalised Individual Project).
pub const INTERVENTION_STATUSES: [&str; 5] = ["planned", "active", "completed", "interrupted", "cancelled"];

/// The four files' contents, as text.
#[derive(Debug, Clone, Default)]
pub struct CsvFiles {
    pub rounds: String,
    pub services: String,
    pub participants: String,
    pub interventions: String,
}

/// What the programme already holds, so rows may refer to it.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    pub rounds: BTreeMap<u32, (Date, Date)>,
    pub services: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRound {
    pub line: u64,
    pub period: RoundPeriod,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedService {
    pub line: u64,
    pub service: ValidService,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedParticipant {
    pub line: u64,
    pub external_id: String,
    pub round: u32,
    pub gender: Option<Gender>,
    pub birth_year: Option<i32>,
    pub country_of_birth: Option<String>,
    pub household_size: Option<i64>,
    pub single_parent: Option<bool>,
    pub minimum_income: Option<bool>,
    pub citizenship: Option<String>,
    pub residence_municipality: Option<String>,
    pub employment_status: Option<EmploymentStatus>,
    pub education_level: Option<IscedLevel>,
    pub disability: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedIntervention {
    pub line: u64,
    pub participant_external_id: String,
    pub round: u32,
    pub service: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub planned_start: Option<Date>,
    pub planned_end: Option<Date>,
}

/// Everything read from a folder, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgrammeData {
    pub rounds: Vec<ImportedRound>,
    pub services: Vec<ImportedService>,
    pub participants: Vec<ImportedParticipant>,
    pub interventions: Vec<ImportedIntervention>,
}

/// One data row: its line and its cells by header name.
struct Row {
    line: u64,
    cells: BTreeMap<String, String>,
}

impl Row {
    /// The cell's trimmed text; `None` when empty (a missing value).
    fn get(&self, column: &str) -> Option<&str> {
        self.cells.get(column).map(String::as_str).filter(|v| !v.is_empty())
    }
}

/// Collects errors for one file.
struct Checker<'a> {
    file: &'static str,
    errors: &'a mut Vec<ImportError>,
}

impl Checker<'_> {
    fn add(&mut self, line: u64, column: &str, message: Message) {
        self.errors.push(ImportError::new(self.file, line, column, message));
    }

    fn required<'r>(&mut self, row: &'r Row, column: &str) -> Option<&'r str> {
        let value = row.get(column);
        if value.is_none() {
            self.add(row.line, column, msg!("error-required"));
        }
        value
    }

    fn parsed<T>(&mut self, row: &Row, column: &str, parse: impl FnOnce(&str) -> Result<T, Message>) -> Option<T> {
        let text = row.get(column)?;
        parse(text).map_err(|message| self.add(row.line, column, message)).ok()
    }
}

/// Reads a CSV text into rows, checking the header has the required columns.
fn read(file: &'static str, text: &str, required: &[&str], errors: &mut Vec<ImportError>) -> Vec<Row> {
    let mut checker = Checker { file, errors };
    let mut records = match read_records(text) {
        Ok(records) => records.into_iter(),
        Err((line, message)) => {
            checker.add(line, "", message);
            return Vec::new();
        }
    };
    let headers: Vec<String> = records
        .next()
        .map(|header| header.fields.iter().map(|c| c.trim().to_lowercase()).collect())
        .unwrap_or_default();
    if headers.iter().all(String::is_empty) {
        checker.add(0, "", msg!("error-csv-empty", header = required.join(",")));
        return Vec::new();
    }
    for column in required {
        if !headers.iter().any(|h| h == column) {
            checker.add(1, column, msg!("error-missing-column"));
        }
    }
    let mut rows = Vec::new();
    for record in records {
        if record.fields.len() != headers.len() {
            let message = msg!(
                "error-csv-field-count",
                found = record.fields.len(),
                expected = headers.len()
            );
            checker.add(record.line, "", message);
            continue;
        }
        if record.fields.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cells = headers
            .iter()
            .cloned()
            .zip(record.fields.iter().map(|cell| cell.trim().to_owned()))
            .collect();
        rows.push(Row {
            line: record.line,
            cells,
        });
    }
    rows
}

fn parse_date(text: &str) -> Result<Date, Message> {
    crate::bounds::parse_date(text)
}

fn parse_yes_no(text: &str) -> Result<bool, Message> {
    match text.to_lowercase().as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(msg!("error-yes-no", value = text)),
    }
}

fn parse_round(text: &str) -> Result<u32, Message> {
    text.parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| msg!("error-not-a-round", value = text))
}

fn parse_country(text: &str) -> Result<String, Message> {
    let code = text.to_uppercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(msg!("error-not-a-country", value = text))
    }
}

/// Parses and checks the four files against each other and what is stored.
pub fn parse(files: &CsvFiles, existing: &Existing) -> Result<ProgrammeData, Vec<ImportError>> {
    let mut errors = Vec::new();
    let rounds = parse_rounds(&files.rounds, existing, &mut errors);
    let mut round_starts: BTreeMap<u32, Date> = existing.rounds.iter().map(|(n, (start, _))| (*n, *start)).collect();
    round_starts.extend(rounds.iter().map(|r| (r.period.number, r.period.start)));
    let services = parse_services(&files.services, &mut errors);
    let mut codes = existing.services.clone();
    codes.extend(services.iter().map(|s| s.service.code.clone()));
    let (participants, listed) = parse_participants(&files.participants, &round_starts, &mut errors);
    // Rows may refer to a participant whose own row has a problem: that problem
    // is reported once, on the participant's row.
    let known: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
    let interventions = parse_interventions(&files.interventions, &round_starts, &codes, &known, &mut errors);
    if errors.is_empty() {
        Ok(ProgrammeData {
            rounds,
            services,
            participants,
            interventions,
        })
    } else {
        Err(errors)
    }
}

fn parse_rounds(text: &str, existing: &Existing, errors: &mut Vec<ImportError>) -> Vec<ImportedRound> {
    let rows = read(ROUNDS_FILE, text, &["round", "start_date", "end_date"], errors);
    let mut check = Checker {
        file: ROUNDS_FILE,
        errors,
    };
    let mut rounds: Vec<ImportedRound> = Vec::new();
    for row in &rows {
        let number = check
            .required(row, "round")
            .and_then(|_| check.parsed(row, "round", parse_round));
        let start = check
            .required(row, "start_date")
            .and_then(|_| check.parsed(row, "start_date", parse_date));
        let end = check
            .required(row, "end_date")
            .and_then(|_| check.parsed(row, "end_date", parse_date));
        let (Some(number), Some(start), Some(end)) = (number, start, end) else {
            continue;
        };
        let Ok(period) = RoundPeriod::new(i64::from(number), start, end) else {
            check.add(row.line, "end_date", msg!("error-round-ends-before-start"));
            continue;
        };
        if rounds.iter().any(|r| r.period.number == number) {
            check.add(row.line, "round", msg!("error-round-twice", number = number));
            continue;
        }
        if let Some((stored_start, stored_end)) = existing.rounds.get(&number)
            && (*stored_start, *stored_end) != (start, end)
        {
            check.add(
                row.line,
                "start_date",
                msg!(
                    "error-round-stored",
                    number = number,
                    start = stored_start,
                    end = stored_end
                ),
            );
            continue;
        }
        if let Some(other) = rounds.iter().find(|r| r.period.overlaps(&period)) {
            check.add(
                row.line,
                "start_date",
                msg!("error-round-overlaps", number = number, other = other.period.number),
            );
        }
        rounds.push(ImportedRound { line: row.line, period });
    }
    rounds
}

fn parse_services(text: &str, errors: &mut Vec<ImportError>) -> Vec<ImportedService> {
    let rows = read(SERVICES_FILE, text, &["code", "name", "kind"], errors);
    let mut check = Checker {
        file: SERVICES_FILE,
        errors,
    };
    let mut services: Vec<ImportedService> = Vec::new();
    for row in &rows {
        let kind = check
            .required(row, "kind")
            .and_then(|_| check.parsed(row, "kind", |k| k.parse::<ServiceKind>()));
        let list = |column: &str| {
            row.get(column)
                .map(|v| v.split(';').map(str::to_owned).collect())
                .unwrap_or_default()
        };
        let draft = ServiceDraft {
            code: row.get("code").unwrap_or_default().to_owned(),
            name: row.get("name").unwrap_or_default().to_owned(),
            kind: kind.or(Some(ServiceKind::Other)),
            description: row.get("description").unwrap_or_default().to_owned(),
            unit_cost: row.get("unit_cost").unwrap_or_default().to_owned(),
            hours: row.get("hours").unwrap_or_default().to_owned(),
            language: row.get("language").map(str::to_owned),
            location: row.get("location").map(str::to_owned),
            isco08: row.get("isco08").map(str::to_owned),
            interest_tags: list("interest_tags"),
            improves_areas: list("improves_areas"),
            ..Default::default()
        };
        match draft.validate() {
            Ok(service) if kind.is_some() => {
                if services.iter().any(|s| s.service.code == service.code) {
                    check.add(row.line, "code", msg!("error-csv-listed-twice", value = &service.code));
                } else {
                    services.push(ImportedService {
                        line: row.line,
                        service,
                    });
                }
            }
            Ok(_) => {}
            Err(field_errors) => {
                // The draft's field names are the column names.
                for e in field_errors.0 {
                    check.add(row.line, &e.field, e.message);
                }
            }
        }
    }
    services
}

fn parse_participants(
    text: &str,
    round_starts: &BTreeMap<u32, Date>,
    errors: &mut Vec<ImportError>,
) -> (Vec<ImportedParticipant>, BTreeSet<String>) {
    let required = [
        "external_id",
        "round",
        "gender",
        "birth_year",
        "country_of_birth",
        "household_size",
        "single_parent",
        "minimum_income",
    ];
    let rows = read(PARTICIPANTS_FILE, text, &required, errors);
    let mut check = Checker {
        file: PARTICIPANTS_FILE,
        errors,
    };
    let mut participants: Vec<ImportedParticipant> = Vec::new();
    let mut seen = BTreeSet::new();
    for row in &rows {
        let errors_before = check.errors.len();
        let external_id = check.required(row, "external_id").map(str::to_owned);
        if let Some(id) = &external_id {
            if id.chars().count() > 80 {
                check.add(row.line, "external_id", msg!("error-too-long", max = 80));
            } else if !seen.insert(id.clone()) {
                check.add(row.line, "external_id", msg!("error-csv-listed-twice", value = id));
            }
        }
        let round = check
            .required(row, "round")
            .and_then(|_| check.parsed(row, "round", parse_round));
        if let Some(number) = round
            && !round_starts.contains_key(&number)
        {
            check.add(row.line, "round", msg!("error-round-not-in-file", number = number));
        }
        let gender = check.parsed(row, "gender", |g| {
            g.to_uppercase()
                .parse::<Gender>()
                .map_err(|_| msg!("error-gender", value = g))
        });
        let start_year = round.and_then(|r| round_starts.get(&r)).map(|d| d.year());
        let birth_year = check.parsed(row, "birth_year", |y| {
            let year: i32 = y.parse().map_err(|_| msg!("error-not-a-year", value = y))?;
            let latest = start_year.unwrap_or(2100);
            if (1900..=latest).contains(&year) {
                Ok(year)
            } else {
                Err(msg!(
                    "error-import-birth-year",
                    year = year.to_string(),
                    latest = latest.to_string()
                ))
            }
        });
        let household_size = check.parsed(row, "household_size", |s| {
            s.parse::<i64>()
                .ok()
                .filter(|n| (1..=30).contains(n))
                .ok_or_else(|| msg!("error-household-size", value = s))
        });
        let participant = ImportedParticipant {
            line: row.line,
            external_id: external_id.unwrap_or_default(),
            round: round.unwrap_or_default(),
            gender,
            birth_year,
            country_of_birth: check.parsed(row, "country_of_birth", parse_country),
            household_size,
            single_parent: check.parsed(row, "single_parent", parse_yes_no),
            minimum_income: check.parsed(row, "minimum_income", parse_yes_no),
            citizenship: check.parsed(row, "citizenship", parse_country),
            residence_municipality: row.get("residence_municipality").map(str::to_owned),
            employment_status: check.parsed(row, "employment_status", |s| s.parse::<EmploymentStatus>()),
            education_level: check.parsed(row, "education_level", |l| {
                l.parse::<i64>()
                    .map_err(|_| msg!("error-not-isced", value = l))
                    .and_then(IscedLevel::parse)
            }),
            disability: check.parsed(row, "disability", parse_yes_no),
        };
        if check.errors.len() == errors_before {
            participants.push(participant);
        }
    }
    (participants, seen)
}

fn parse_interventions(
    text: &str,
    round_starts: &BTreeMap<u32, Date>,
    services: &BTreeSet<String>,
    participants: &BTreeSet<&str>,
    errors: &mut Vec<ImportError>,
) -> Vec<ImportedIntervention> {
    let rows = read(
        INTERVENTIONS_FILE,
        text,
        &["participant_external_id", "round", "service", "status"],
        errors,
    );
    let mut check = Checker {
        file: INTERVENTIONS_FILE,
        errors,
    };
    let mut interventions = Vec::new();
    for row in &rows {
        let errors_before = check.errors.len();
        let participant = check.required(row, "participant_external_id");
        if let Some(id) = participant
            && !participants.contains(id)
        {
            check.add(
                row.line,
                "participant_external_id",
                msg!("error-csv-unknown-participant", value = id),
            );
        }
        let round = check
            .required(row, "round")
            .and_then(|_| check.parsed(row, "round", parse_round));
        if let Some(number) = round
            && !round_starts.contains_key(&number)
        {
            check.add(row.line, "round", msg!("error-round-not-in-file", number = number));
        }
        let service = check.required(row, "service").map(str::to_lowercase);
        if let Some(code) = &service
            && !services.contains(code)
        {
            check.add(row.line, "service", msg!("error-csv-unknown-service", value = code));
        }
        let status = check.required(row, "status").map(str::to_lowercase);
        if let Some(status) = &status
            && !INTERVENTION_STATUSES.contains(&status.as_str())
        {
            check.add(
                row.line,
                "status",
                msg!(
                    "error-unknown-choice",
                    value = status,
                    expected = INTERVENTION_STATUSES.join(", ")
                ),
            );
        }
        let planned_start = check.parsed(row, "planned_start", parse_date);
        let planned_end = check.parsed(row, "planned_end", parse_date);
        if let (Some(start), Some(end)) = (planned_start, planned_end)
            && end < start
        {
            check.add(row.line, "planned_end", msg!("error-intervention-ends-before-start"));
        }
        if check.errors.len() == errors_before {
            interventions.push(ImportedIntervention {
                line: row.line,
                participant_external_id: participant.unwrap_or_default().to_owned(),
                round: round.unwrap_or_default(),
                service: service.unwrap_or_default(),
                status: status.unwrap_or_default(),
                status_reason: row.get("status_reason").map(str::to_owned),
                planned_start,
                planned_end,
            });
        }
    }
    interventions
}
