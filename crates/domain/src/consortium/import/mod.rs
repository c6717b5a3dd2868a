//! The consortium import (`filiera import consortium`): four CSV files read
//! into checked records, all or nothing. Every problem is reported with its
//! file, line and column so the whole folder can be fixed in one pass. The
//! format is documented in `docs/import-format.md`.

use super::parse_date;
use super::workforce::{Activity, Contract, Disadvantage, DisadvantageCategory, Hours, WorkerRecord};
use super::{YearMonth, table_a::UserCategory};
use crate::Message;
use crate::import::{ImportError, Record, read_records};
use crate::msg;
use crate::organisation::CooperativeType;

use std::collections::{HashMap, HashSet};

/// The files' contents; `None` for a file that is not in the folder.
#[derive(Debug, Clone, Default)]
pub struct ImportFiles {
    pub cooperatives: Option<String>,
    pub workers: Option<String>,
    pub users: Option<String>,
    pub hours: Option<String>,
}

pub const COOPERATIVES_FILE: &str = "cooperatives.csv";
pub const WORKERS_FILE: &str = "workers.csv";
pub const USERS_FILE: &str = "users.csv";
pub const HOURS_FILE: &str = "hours.csv";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedCooperative {
    pub line: u64,
    pub name: String,
    pub kind: CooperativeType,
    pub sector: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedWorker {
    pub line: u64,
    pub cooperative: String,
    pub record: WorkerRecord,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedUser {
    pub line: u64,
    pub cooperative: String,
    pub code: String,
    pub category: UserCategory,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedHours {
    pub line: u64,
    pub cooperative: String,
    pub worker: String,
    pub month: YearMonth,
    pub hours: Hours,
}

/// A folder that passed every check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsortiumImport {
    pub cooperatives: Vec<ImportedCooperative>,
    pub workers: Vec<ImportedWorker>,
    pub users: Vec<ImportedUser>,
    pub hours: Vec<ImportedHours>,
}

/// A file's rows by column name, checking the header first.
struct Table {
    file: &'static str,
    columns: HashMap<String, usize>,
    rows: Vec<Record>,
}

impl Table {
    fn read(
        file: &'static str,
        text: &str,
        required: &[&str],
        optional: &[&str],
        errors: &mut Vec<ImportError>,
    ) -> Option<Table> {
        let mut records = match read_records(text) {
            Ok(records) => records,
            Err((line, message)) => {
                errors.push(ImportError::new(file, line, "", message));
                return None;
            }
        };
        if records.is_empty() {
            errors.push(error(file, 0, "", msg!("error-csv-empty", header = required.join(","))));
            return None;
        }
        let header = records.remove(0);
        let columns: HashMap<String, usize> = header
            .fields
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim().to_owned(), i))
            .collect();
        let mut ok = true;
        for name in required {
            if !columns.contains_key(*name) {
                errors.push(error(file, 1, name, msg!("error-missing-column")));
                ok = false;
            }
        }
        for name in columns.keys() {
            if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
                errors.push(error(file, 1, name, msg!("error-csv-unknown-column")));
                ok = false;
            }
        }
        for record in &records {
            if record.fields.len() != header.fields.len() {
                errors.push(error(
                    file,
                    record.line,
                    "",
                    msg!(
                        "error-csv-field-count",
                        found = record.fields.len(),
                        expected = header.fields.len()
                    ),
                ));
                ok = false;
            }
        }
        ok.then_some(Table {
            file,
            columns,
            rows: records,
        })
    }

    fn cell<'r>(&self, row: &'r Record, column: &str) -> &'r str {
        self.columns
            .get(column)
            .and_then(|i| row.fields.get(*i))
            .map(|s| s.trim())
            .unwrap_or("")
    }
}

fn error(file: &'static str, line: u64, column: &str, message: Message) -> ImportError {
    ImportError::new(file, line, column, message)
}

/// Reads a cell with `parse`, recording an error against the cell when it fails.
fn parse_cell<T>(
    errors: &mut Vec<ImportError>,
    table: &Table,
    row: &Record,
    column: &str,
    parse: impl FnOnce(&str) -> Result<T, Message>,
) -> Option<T> {
    match parse(table.cell(row, column)) {
        Ok(value) => Some(value),
        Err(message) => {
            errors.push(error(table.file, row.line, column, message));
            None
        }
    }
}

fn required(text: &str) -> Result<String, Message> {
    if text.is_empty() {
        Err(msg!("error-required"))
    } else if text.chars().count() > 200 {
        Err(msg!("error-too-long", max = 200))
    } else {
        Ok(text.to_owned())
    }
}

fn yes_no(text: &str) -> Result<bool, Message> {
    match text {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => Err(msg!("error-yes-no", value = other)),
    }
}

fn cooperative_type(text: &str) -> Result<CooperativeType, Message> {
    text.parse()
}

/// Reads and checks the four files. Either every row is valid and every
/// reference resolves, or every problem found is returned.
pub fn parse_import(files: &ImportFiles) -> Result<ConsortiumImport, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut import = ConsortiumImport::default();
    let Some(text) = files.cooperatives.as_deref() else {
        return Err(vec![error(COOPERATIVES_FILE, 0, "", msg!("error-csv-missing-file"))]);
    };
    if let Some(table) = Table::read(COOPERATIVES_FILE, text, &["name", "type", "sector"], &[], &mut errors) {
        let mut seen = HashSet::new();
        for row in &table.rows {
            let name = parse_cell(&mut errors, &table, row, "name", required);
            let kind = parse_cell(&mut errors, &table, row, "type", cooperative_type);
            let sector = Some(table.cell(row, "sector").to_owned()).filter(|s| !s.is_empty());
            if let Some(name) = &name
                && !seen.insert(name.clone())
            {
                errors.push(error(
                    COOPERATIVES_FILE,
                    row.line,
                    "name",
                    msg!("error-csv-listed-twice", value = name),
                ));
            }
            if let (Some(name), Some(kind)) = (name, kind) {
                import.cooperatives.push(ImportedCooperative {
                    line: row.line,
                    name,
                    kind,
                    sector,
                });
            }
        }
    }
    let kinds: HashMap<String, CooperativeType> =
        import.cooperatives.iter().map(|c| (c.name.clone(), c.kind)).collect();
    let known_cooperative = |text: &str| -> Result<String, Message> {
        if kinds.contains_key(text) {
            Ok(text.to_owned())
        } else {
            Err(msg!("error-csv-unknown-cooperative", value = text))
        }
    };
    match files.workers.as_deref() {
        None => errors.push(error(WORKERS_FILE, 0, "", msg!("error-csv-missing-file"))),
        Some(text) => read_workers(text, &kinds, &known_cooperative, &mut import, &mut errors),
    }
    if let Some(text) = files.users.as_deref()
        && let Some(table) = Table::read(
            USERS_FILE,
            text,
            &["cooperative", "user_id", "category"],
            &[],
            &mut errors,
        )
    {
        let mut seen = HashSet::new();
        for row in &table.rows {
            let cooperative = parse_cell(&mut errors, &table, row, "cooperative", known_cooperative);
            let code = parse_cell(&mut errors, &table, row, "user_id", required);
            let category = parse_cell(&mut errors, &table, row, "category", |t| t.parse::<UserCategory>());
            if let (Some(cooperative), Some(code), Some(category)) = (cooperative, code, category) {
                if !seen.insert((cooperative.clone(), code.clone())) {
                    errors.push(error(
                        USERS_FILE,
                        row.line,
                        "user_id",
                        msg!("error-csv-code-twice", value = code.as_str()),
                    ));
                }
                import.users.push(ImportedUser {
                    line: row.line,
                    cooperative,
                    code,
                    category,
                });
            }
        }
    }
    if let Some(text) = files.hours.as_deref()
        && let Some(table) = Table::read(
            HOURS_FILE,
            text,
            &["cooperative", "worker_id", "month", "hours"],
            &[],
            &mut errors,
        )
    {
        let workers: HashSet<(&str, &str)> = import
            .workers
            .iter()
            .map(|w| (w.cooperative.as_str(), w.record.code.as_str()))
            .collect();
        let mut seen = HashSet::new();
        let mut rows = Vec::new();
        for row in &table.rows {
            let cooperative = parse_cell(&mut errors, &table, row, "cooperative", known_cooperative);
            let worker = parse_cell(&mut errors, &table, row, "worker_id", required);
            let month = parse_cell(&mut errors, &table, row, "month", YearMonth::parse);
            let hours = parse_cell(&mut errors, &table, row, "hours", |t| {
                Hours::parse(t).and_then(|h| {
                    // 31 days × 24 hours: anything above cannot be one person's month.
                    if h > Hours::whole(744) {
                        Err(msg!("error-hours-over-month"))
                    } else {
                        Ok(h)
                    }
                })
            });
            if let (Some(cooperative), Some(worker), Some(month), Some(hours)) = (cooperative, worker, month, hours) {
                if !workers.contains(&(cooperative.as_str(), worker.as_str())) {
                    errors.push(error(
                        HOURS_FILE,
                        row.line,
                        "worker_id",
                        msg!(
                            "error-csv-unknown-worker",
                            worker = worker.as_str(),
                            cooperative = cooperative.as_str()
                        ),
                    ));
                } else if !seen.insert((cooperative.clone(), worker.clone(), month)) {
                    errors.push(error(
                        HOURS_FILE,
                        row.line,
                        "month",
                        msg!(
                            "error-csv-hours-twice",
                            worker = worker.as_str(),
                            month = month.to_string()
                        ),
                    ));
                }
                rows.push(ImportedHours {
                    line: row.line,
                    cooperative,
                    worker,
                    month,
                    hours,
                });
            }
        }
        import.hours = rows;
    }
    if errors.is_empty() { Ok(import) } else { Err(errors) }
}

const WORKER_COLUMNS: [&str; 8] = [
    "cooperative",
    "worker_id",
    "member",
    "disadvantaged",
    "category",
    "contract_start",
    "contract_end",
    "weekly_hours",
];

fn read_workers(
    text: &str,
    kinds: &HashMap<String, CooperativeType>,
    known_cooperative: &dyn Fn(&str) -> Result<String, Message>,
    import: &mut ConsortiumImport,
    errors: &mut Vec<ImportError>,
) {
    let optional = ["activity", "certificate", "certified_until"];
    let Some(table) = Table::read(WORKERS_FILE, text, &WORKER_COLUMNS, &optional, errors) else {
        return;
    };
    let mut seen = HashSet::new();
    for row in &table.rows {
        let line = row.line;
        let cooperative = parse_cell(errors, &table, row, "cooperative", known_cooperative);
        let code = parse_cell(errors, &table, row, "worker_id", required);
        let member = parse_cell(errors, &table, row, "member", yes_no);
        let disadvantaged = parse_cell(errors, &table, row, "disadvantaged", yes_no);
        let category = parse_cell(errors, &table, row, "category", |t| {
            if t.is_empty() {
                Ok(None)
            } else {
                t.parse::<DisadvantageCategory>().map(Some)
            }
        });
        let start = parse_cell(errors, &table, row, "contract_start", parse_date);
        let end = parse_cell(errors, &table, row, "contract_end", |t| {
            if t.is_empty() {
                Ok(None)
            } else {
                parse_date(t).map(Some)
            }
        });
        let weekly_hours = parse_cell(errors, &table, row, "weekly_hours", Hours::parse);
        let certificate = Some(table.cell(row, "certificate").to_owned()).filter(|c| !c.is_empty());
        let certified_until = parse_cell(errors, &table, row, "certified_until", |t| {
            if t.is_empty() {
                Ok(None)
            } else {
                parse_date(t).map(Some)
            }
        });
        let kind = cooperative.as_deref().and_then(|c| kinds.get(c).copied());
        let activity = parse_cell(errors, &table, row, "activity", |t| match (t, kind) {
            ("", Some(CooperativeType::A)) => Ok(Activity::A),
            ("", _) => Ok(Activity::B),
            (text, Some(CooperativeType::Mixed)) => Activity::parse(text),
            (text, Some(kind)) if Activity::parse(text).is_ok_and(|a| a.as_str() == kind.as_str()) => {
                Activity::parse(text)
            }
            (text, _) => Err(msg!(
                "error-csv-activity",
                value = text,
                kind = kind.map(|k| k.as_str()).unwrap_or("?")
            )),
        });
        let disadvantage = match (disadvantaged, category) {
            (Some(true), Some(Some(category))) => Some(Some(Disadvantage {
                category,
                certificate,
                certified_until: certified_until.flatten(),
            })),
            (Some(true), Some(None)) => {
                errors.push(error(WORKERS_FILE, line, "category", msg!("error-category-required")));
                None
            }
            (Some(false), Some(Some(_))) => {
                errors.push(error(
                    WORKERS_FILE,
                    line,
                    "category",
                    msg!("error-category-only-disadvantaged"),
                ));
                None
            }
            (Some(false), Some(None)) => Some(None),
            _ => None,
        };
        let (
            Some(cooperative),
            Some(code),
            Some(member),
            Some(disadvantage),
            Some(start),
            Some(end),
            Some(weekly_hours),
            Some(activity),
        ) = (
            cooperative,
            code,
            member,
            disadvantage,
            start,
            end,
            weekly_hours,
            activity,
        )
        else {
            continue;
        };
        if !seen.insert((cooperative.clone(), code.clone())) {
            errors.push(error(
                WORKERS_FILE,
                line,
                "worker_id",
                msg!("error-csv-code-twice", value = code.as_str()),
            ));
            continue;
        }
        let record = WorkerRecord {
            code,
            member,
            disadvantage,
            contract: Contract {
                start,
                end,
                weekly_hours,
            },
            activity,
        };
        match record.validate() {
            Ok(record) => import.workers.push(ImportedWorker {
                line,
                cooperative,
                record,
            }),
            Err(invalid) => errors.extend(
                invalid
                    .0
                    .into_iter()
                    .map(|e| error(WORKERS_FILE, line, &e.field, e.message)),
            ),
        }
    }
}

#[cfg(test)]
mod tests;
