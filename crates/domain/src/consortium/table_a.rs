//! Table A of the Harmony case: per member cooperative and in total — type,
//! workers, worker members, disadvantaged workers and their share, compliance
//! with the 30% rule, users by category.

use super::thirty_percent::{Headcount, format_permille, headcount_on, share_permille, thirty_percent_rule};
use super::workforce::WorkerRecord;
use crate::Message;
use crate::msg;
use crate::organisation::CooperativeType;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Date;

/// Why a person uses a Type A cooperative's services (Table A's columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserCategory {
    Disability,
    MentalHealth,
    Elderly,
    Other,
}

impl UserCategory {
    pub const ALL: [UserCategory; 4] = [
        UserCategory::Disability,
        UserCategory::MentalHealth,
        UserCategory::Elderly,
        UserCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UserCategory::Disability => "disability",
            UserCategory::MentalHealth => "mental_health",
            UserCategory::Elderly => "elderly",
            UserCategory::Other => "other",
        }
    }
}

impl fmt::Display for UserCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for UserCategory {
    type Err = Message;
    fn from_str(text: &str) -> Result<Self, Message> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == text.trim())
            .ok_or_else(|| {
                msg!(
                    "error-unknown-choice",
                    value = text,
                    expected = "disability, mental_health, elderly, other"
                )
            })
    }
}

/// Users by category, in the order of [`UserCategory::ALL`].
pub type UserCounts = [u64; 4];

/// A member cooperative's data on the table's date.
pub struct TableAInput<'a> {
    pub cooperative: String,
    pub kind: CooperativeType,
    pub workers: &'a [WorkerRecord],
    pub users: UserCounts,
}

/// One row of Table A.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableARow {
    pub cooperative: String,
    /// `A`, `B` or `mixed`; empty for the total row.
    pub kind: Option<CooperativeType>,
    pub workers: u64,
    pub worker_members: u64,
    pub disadvantaged: u64,
    /// Disadvantaged / workers, in tenths of a percent.
    pub disadvantaged_share_permille: Option<u64>,
    /// Under the 30% rule; `None` for Type A.
    pub compliant_30: Option<bool>,
    /// Users by category: disability, mental health, elderly, other.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<u64>))]
    pub users: UserCounts,
}

impl TableARow {
    /// `disadvantaged_share` as the CSV writes it: one decimal, empty without workers.
    pub fn share_text(&self) -> String {
        self.disadvantaged_share_permille
            .map(format_permille)
            .unwrap_or_default()
    }

    /// `compliant_30` as the CSV writes it: `yes`, `no`, or empty for Type A.
    pub fn compliant_text(&self) -> &'static str {
        match self.compliant_30 {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        }
    }

    /// The CSV record under [`TABLE_A_HEADER`].
    pub fn csv_record(&self) -> Vec<String> {
        let mut record = vec![
            self.cooperative.clone(),
            self.kind.map(|k| k.as_str().to_owned()).unwrap_or_default(),
            self.workers.to_string(),
            self.worker_members.to_string(),
            self.disadvantaged.to_string(),
            self.share_text(),
            self.compliant_text().to_owned(),
        ];
        record.extend(self.users.iter().map(u64::to_string));
        record
    }
}

/// The CSV header of Table A (`filiera report consortium`, the page's export).
pub const TABLE_A_HEADER: [&str; 11] = [
    "cooperative",
    "type",
    "workers",
    "worker_members",
    "disadvantaged",
    "disadvantaged_share",
    "compliant_30",
    "users_disability",
    "users_mental_health",
    "users_elderly",
    "users_other",
];

/// Table A and its total row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableA {
    pub rows: Vec<TableARow>,
    pub total: TableARow,
}

/// **Table A on a date.** Each row counts the workers in force (all
/// activities), the worker members among them, and the disadvantaged ones
/// (a Law 381 category with a valid certification); the share is plain
/// (disadvantaged / workers) and `compliant_30` applies the 30% rule as
/// [`headcount_on`] counts it (for a mixed cooperative, its Type B staff
/// only). The total sums the counts over every member, while its share and
/// compliance are computed over the Type B and mixed members' counted
/// workforce taken together — so Harmony's total reads 191 / 628 = 30.4%.
pub fn table_a(members: &[TableAInput<'_>], date: Date) -> TableA {
    let mut rows = Vec::new();
    let mut rule_total = Headcount::default();
    let mut total = TableARow {
        cooperative: "total".into(),
        kind: None,
        workers: 0,
        worker_members: 0,
        disadvantaged: 0,
        disadvantaged_share_permille: None,
        compliant_30: None,
        users: [0; 4],
    };
    for member in members {
        let in_force: Vec<&WorkerRecord> = member.workers.iter().filter(|w| w.in_force_on(date)).collect();
        let workers = in_force.len() as u64;
        let disadvantaged = in_force
            .iter()
            .filter(|w| w.disadvantaged_under_law_381_on(date))
            .count() as u64;
        let worker_members = in_force.iter().filter(|w| w.member).count() as u64;
        let compliant_30 = member.kind.integrates_disadvantaged_workers().then(|| {
            let counted = headcount_on(member.kind, member.workers, date);
            rule_total.disadvantaged += counted.disadvantaged;
            rule_total.ordinary += counted.ordinary;
            counted.complies()
        });
        total.workers += workers;
        total.worker_members += worker_members;
        total.disadvantaged += disadvantaged;
        for (sum, count) in total.users.iter_mut().zip(member.users) {
            *sum += count;
        }
        rows.push(TableARow {
            cooperative: member.cooperative.clone(),
            kind: Some(member.kind),
            workers,
            worker_members,
            disadvantaged,
            disadvantaged_share_permille: share_permille(disadvantaged, workers),
            compliant_30,
            users: member.users,
        });
    }
    if rule_total.workers() > 0 {
        total.disadvantaged_share_permille = share_permille(rule_total.disadvantaged, rule_total.workers());
        total.compliant_30 = Some(thirty_percent_rule(rule_total.disadvantaged, rule_total.ordinary));
    }
    TableA { rows, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consortium::workforce::{Activity, Contract, Disadvantage, DisadvantageCategory, Hours};
    use time::macros::date;

    fn staff(disadvantaged: usize, ordinary: usize, members: usize) -> Vec<WorkerRecord> {
        (0..disadvantaged + ordinary)
            .map(|i| WorkerRecord {
                code: format!("W{i}"),
                member: i < members,
                disadvantage: (i < disadvantaged).then_some(Disadvantage {
                    category: DisadvantageCategory::Disability,
                    certificate: None,
                    certified_until: None,
                }),
                contract: Contract {
                    start: date!(2010 - 01 - 01),
                    end: None,
                    weekly_hours: Hours::whole(36),
                },
                activity: Activity::B,
            })
            .collect()
    }

    #[test]
    fn harmonys_table_a_shows_191_of_628_disadvantaged_in_type_b_and_its_users_in_type_a() {
        // Type B: 628 worker members, 191 disadvantaged, split over two cooperatives.
        let laundry = staff(120, 280, 400);
        let assembly = staff(71, 157, 228);
        // Type A: 606 workers serving 172 users with disabilities, 355 with mental-health issues, 1,519 elderly.
        let care = staff(0, 606, 500);
        let members = [
            TableAInput {
                cooperative: "Flute".into(),
                kind: CooperativeType::B,
                workers: &laundry,
                users: [0; 4],
            },
            TableAInput {
                cooperative: "Chorus Industria".into(),
                kind: CooperativeType::B,
                workers: &assembly,
                users: [0; 4],
            },
            TableAInput {
                cooperative: "Chorus Sociale".into(),
                kind: CooperativeType::A,
                workers: &care,
                users: [172, 355, 1519, 0],
            },
        ];
        let table = table_a(&members, date!(2016 - 06 - 30));
        assert_eq!(table.rows[2].compliant_text(), "");
        assert_eq!(
            table.rows[0].csv_record()[..7],
            ["Flute", "B", "400", "400", "120", "30.0", "yes"]
        );
        assert_eq!(table.total.workers, 1234);
        assert_eq!(table.total.disadvantaged, 191);
        assert_eq!(table.total.share_text(), "30.4");
        assert_eq!(table.total.compliant_text(), "yes");
        assert_eq!(table.total.users, [172, 355, 1519, 0]);
        assert_eq!(table.total.csv_record()[0], "total");
        assert_eq!(table.total.csv_record()[1], "");
    }

    #[test]
    fn a_non_compliant_member_reads_no_and_the_plain_share_has_one_decimal() {
        let workers = staff(2, 10, 0);
        let members = [TableAInput {
            cooperative: "Small".into(),
            kind: CooperativeType::B,
            workers: &workers,
            users: [0; 4],
        }];
        let table = table_a(&members, date!(2025 - 01 - 01));
        assert_eq!(table.rows[0].compliant_text(), "no");
        assert_eq!(table.rows[0].share_text(), "16.7");
    }

    #[test]
    fn a_consortium_with_only_type_a_members_has_no_total_share_or_compliance() {
        let workers = staff(0, 5, 5);
        let members = [TableAInput {
            cooperative: "Care".into(),
            kind: CooperativeType::A,
            workers: &workers,
            users: [1, 2, 3, 4],
        }];
        let table = table_a(&members, date!(2025 - 01 - 01));
        assert_eq!(table.total.share_text(), "");
        assert_eq!(table.total.compliant_text(), "");
    }
}
