//! The workforce register: workers with their contract, whether they are
//! members, and — for disadvantaged workers — the category and the document
//! that certifies it.

use crate::Message;
use crate::msg;
use crate::validation::ValidationErrors;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Date;

/// A number of hours held in hundredths, so `37.5` weekly hours or `1,519.25`
/// hours in a month add up exactly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Hours(i64);

impl Hours {
    pub const ZERO: Hours = Hours(0);

    pub const fn from_hundredths(hundredths: i64) -> Self {
        Hours(hundredths)
    }

    pub const fn whole(hours: i64) -> Self {
        Hours(hours * 100)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// Whole minutes, rounded down: the unit of the weekly allocation.
    pub fn minutes(self) -> i64 {
        self.0 * 60 / 100
    }

    /// Parses a non-negative number of hours with at most two decimals
    /// (`38`, `37.5`, `12,25`).
    pub fn parse(text: &str) -> Result<Hours, Message> {
        let cleaned = text.trim().replace(',', ".");
        let bad = || msg!("error-not-hours", value = text.trim());
        let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if !digits(whole) || (!fraction.is_empty() && !digits(fraction)) || fraction.len() > 2 {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
        whole
            .checked_mul(100)
            .and_then(|h| h.checked_add(fraction))
            .map(Hours)
            .ok_or_else(bad)
    }
}

/// **Hours worked in a month**, as entered in the hours register: a number of
/// hours (at most two decimals) that one person can have worked in that
/// month, so never more than its days × 24 (744 in a 31-day month). These
/// hours feed the Solidarity Fund contribution (`fund::solidarity_contribution`).
pub fn hours_in_month(month: super::YearMonth, text: &str) -> Result<Hours, Message> {
    let hours = Hours::parse(text)?;
    let most = Hours::whole(i64::from(month.last_day().day()) * 24);
    if hours > most {
        return Err(msg!(
            "error-hours-over-this-month",
            month = month.to_string(),
            most = most.to_string()
        ));
    }
    Ok(hours)
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 100 == 0 {
            write!(f, "{}", self.0 / 100)
        } else {
            write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
        }
    }
}

impl std::ops::Add for Hours {
    type Output = Hours;
    fn add(self, other: Hours) -> Hours {
        Hours(self.0 + other.0)
    }
}

impl std::iter::Sum for Hours {
    fn sum<I: Iterator<Item = Hours>>(iter: I) -> Hours {
        Hours(iter.map(|h| h.0).sum())
    }
}

/// Why a worker is disadvantaged, as the law lists it.
///
/// The first group is **Law 381/1991 art. 4 c.1**, the only list that counts
/// for a social cooperative's 30% rule: people with physical, mental or
/// sensory disabilities; former patients of psychiatric hospitals (including
/// judicial ones); people in psychiatric treatment; drug addicts; alcoholics;
/// minors of working age in family difficulty; prisoners and internees;
/// convicts and internees admitted to alternative measures or outside work.
///
/// The second group is the wider list a **social enterprise** doing work
/// integration may count (**D.Lgs. 112/2017 art. 2 c.4**): "disadvantaged"
/// and "severely disadvantaged" workers of **EU Reg. 651/2014 art. 2 points 4
/// and 99**, and beneficiaries of international protection and homeless
/// people. They are recorded (a cooperative may employ them and report them)
/// but do not count towards the Law 381 threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisadvantageCategory {
    /// Law 381 art. 4: physical, mental or sensory disability (INPS circ.
    /// 296/1992: invalidity above 45%, certified by the health authority).
    Disability,
    /// Law 381 art. 4: former patient of a psychiatric hospital, including a judicial one.
    FormerPsychiatricPatient,
    /// Law 381 art. 4: in psychiatric treatment (certified by the national health service).
    PsychiatricTreatment,
    /// Law 381 art. 4: drug addiction (certified by the national health service).
    DrugAddiction,
    /// Law 381 art. 4: alcoholism (certified by the national health service).
    Alcoholism,
    /// Law 381 art. 4: minor of working age in family difficulty (certified by social services).
    MinorInFamilyDifficulty,
    /// Law 381 art. 4: prisoner or internee (certified by the justice administration).
    Prisoner,
    /// Law 381 art. 4: convict or internee admitted to alternative measures or outside work.
    AlternativeMeasures,
    /// EU 651/2014 art. 2(4)(a): no regular paid employment in the previous 6 months.
    NoRegularJob6Months,
    /// EU 651/2014 art. 2(4)(b): aged between 15 and 24.
    Aged15To24,
    /// EU 651/2014 art. 2(4)(c): no upper-secondary or vocational qualification (ISCED 3).
    NoUpperSecondaryQualification,
    /// EU 651/2014 art. 2(4)(d): over the age of 50.
    Over50,
    /// EU 651/2014 art. 2(4)(e): living as a single adult with one or more dependants.
    SingleAdultWithDependants,
    /// EU 651/2014 art. 2(4)(f): in a sector or profession with a gender imbalance of at least 25%.
    UnderrepresentedGender,
    /// EU 651/2014 art. 2(4)(g): member of an ethnic minority who needs language, training or work experience.
    EthnicMinority,
    /// EU 651/2014 art. 2(99): severely disadvantaged — no regular paid job for 24 months (or 12 months and a point-4 condition).
    SeverelyDisadvantaged,
    /// D.Lgs. 112/2017 art. 2 c.4(b): beneficiary of international protection.
    InternationalProtection,
    /// D.Lgs. 112/2017 art. 2 c.4(b): homeless person in a social-inclusion path.
    Homeless,
}

impl DisadvantageCategory {
    pub const ALL: [DisadvantageCategory; 18] = [
        Self::Disability,
        Self::FormerPsychiatricPatient,
        Self::PsychiatricTreatment,
        Self::DrugAddiction,
        Self::Alcoholism,
        Self::MinorInFamilyDifficulty,
        Self::Prisoner,
        Self::AlternativeMeasures,
        Self::NoRegularJob6Months,
        Self::Aged15To24,
        Self::NoUpperSecondaryQualification,
        Self::Over50,
        Self::SingleAdultWithDependants,
        Self::UnderrepresentedGender,
        Self::EthnicMinority,
        Self::SeverelyDisadvantaged,
        Self::InternationalProtection,
        Self::Homeless,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Disability => "disability",
            Self::FormerPsychiatricPatient => "former_psychiatric_patient",
            Self::PsychiatricTreatment => "psychiatric_treatment",
            Self::DrugAddiction => "drug_addiction",
            Self::Alcoholism => "alcoholism",
            Self::MinorInFamilyDifficulty => "minor_in_family_difficulty",
            Self::Prisoner => "prisoner",
            Self::AlternativeMeasures => "alternative_measures",
            Self::NoRegularJob6Months => "no_regular_job_6_months",
            Self::Aged15To24 => "aged_15_24",
            Self::NoUpperSecondaryQualification => "no_upper_secondary_qualification",
            Self::Over50 => "over_50",
            Self::SingleAdultWithDependants => "single_adult_with_dependants",
            Self::UnderrepresentedGender => "underrepresented_gender",
            Self::EthnicMinority => "ethnic_minority",
            Self::SeverelyDisadvantaged => "severely_disadvantaged",
            Self::InternationalProtection => "international_protection",
            Self::Homeless => "homeless",
        }
    }

    /// Whether the category is in Law 381/1991 art. 4 c.1, the list that
    /// counts for a social cooperative's 30% rule.
    pub fn counts_under_law_381(self) -> bool {
        matches!(
            self,
            Self::Disability
                | Self::FormerPsychiatricPatient
                | Self::PsychiatricTreatment
                | Self::DrugAddiction
                | Self::Alcoholism
                | Self::MinorInFamilyDifficulty
                | Self::Prisoner
                | Self::AlternativeMeasures
        )
    }
}

impl fmt::Display for DisadvantageCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DisadvantageCategory {
    type Err = Message;
    fn from_str(text: &str) -> Result<Self, Message> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == text.trim())
            .ok_or_else(|| msg!("error-unknown-disadvantage-category", value = text))
    }
}

/// Which activity of a mixed cooperative a worker is staff of. Law 381/1991
/// art. 1 asks a mixed cooperative to keep the two activities' staff apart,
/// and only the Type B staff count for the 30% rule (interpello 42/2009).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Activity {
    #[serde(rename = "A")]
    A,
    #[serde(rename = "B")]
    B,
}

impl Activity {
    pub fn as_str(self) -> &'static str {
        match self {
            Activity::A => "A",
            Activity::B => "B",
        }
    }

    pub fn parse(text: &str) -> Result<Activity, Message> {
        match text.trim() {
            "A" | "a" => Ok(Activity::A),
            "B" | "b" => Ok(Activity::B),
            other => Err(msg!("error-unknown-choice", value = other, expected = "A, B")),
        }
    }
}

/// A disadvantaged worker's condition and the public document certifying it
/// (Law 381/1991 art. 4 c.1: the condition "must result from documentation
/// from the public administration"). `certified_until` is the document's
/// expiry; `None` is a permanent certification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Disadvantage {
    pub category: DisadvantageCategory,
    pub certificate: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default, with = "crate::time_format::iso_date::option")]
    pub certified_until: Option<Date>,
}

impl Disadvantage {
    pub fn certified_on(&self, date: Date) -> bool {
        self.certified_until.is_none_or(|until| date <= until)
    }
}

/// An employment contract: from `start` to `end` (both included; `None` is
/// open-ended), for `weekly_hours`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contract {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::time_format::iso_date")]
    pub start: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default, with = "crate::time_format::iso_date::option")]
    pub end: Option<Date>,
    pub weekly_hours: Hours,
}

impl Contract {
    pub fn in_force_on(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|end| date <= end)
    }
}

/// One worker of a cooperative as the 30% rule sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkerRecord {
    /// The cooperative's own code for the worker (no names: this is enough for the rule).
    pub code: String,
    /// A worker member (socio lavoratore) rather than an employee only.
    pub member: bool,
    pub disadvantage: Option<Disadvantage>,
    pub contract: Contract,
    pub activity: Activity,
}

impl WorkerRecord {
    /// Checks a worker's data: a code, a contract that ends after it starts,
    /// plausible weekly hours (at most 48, the EU Working Time Directive cap).
    pub fn validate(self) -> Result<WorkerRecord, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.code.trim().is_empty() || self.code.chars().count() > 60 {
            errors.add("worker_id", msg!("error-required-short"));
        }
        if let Some(end) = self.contract.end
            && end < self.contract.start
        {
            errors.add("contract_end", msg!("error-before-contract-start"));
        }
        if self.contract.weekly_hours > Hours::whole(48) || self.contract.weekly_hours <= Hours::ZERO {
            errors.add("weekly_hours", msg!("error-weekly-hours"));
        }
        errors.into_result(self)
    }

    pub fn in_force_on(&self, date: Date) -> bool {
        self.contract.in_force_on(date)
    }

    /// Counts as disadvantaged for a social cooperative on `date`: a Law 381
    /// category with a certification valid that day. A worker whose
    /// certificate has expired is still a worker, counted as ordinary.
    pub fn disadvantaged_under_law_381_on(&self, date: Date) -> bool {
        self.disadvantage
            .as_ref()
            .is_some_and(|d| d.category.counts_under_law_381() && d.certified_on(date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_month_cannot_hold_more_hours_than_its_days() {
        let february = super::super::YearMonth::parse("2025-02").unwrap();
        assert_eq!(hours_in_month(february, "672"), Ok(Hours::whole(672)));
        assert!(hours_in_month(february, "672.01").is_err());
        let march = super::super::YearMonth::parse("2025-03").unwrap();
        assert_eq!(hours_in_month(march, "160,5"), Ok(Hours::from_hundredths(16_050)));
        assert!(hours_in_month(march, "-3").is_err());
    }

    #[test]
    fn hours_parse_with_two_decimals_and_print_without_trailing_zeros() {
        assert_eq!(Hours::parse("37.5"), Ok(Hours::from_hundredths(3750)));
        assert_eq!(Hours::parse("12,25"), Ok(Hours::from_hundredths(1225)));
        assert_eq!(Hours::whole(38).to_string(), "38");
        assert_eq!(Hours::from_hundredths(3750).to_string(), "37.50");
        assert_eq!(Hours::whole(2).minutes(), 120);
        for bad in ["", "-1", "1.234", "x"] {
            assert!(Hours::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_category_code_parses_back_and_only_the_law_381_list_counts() {
        for category in DisadvantageCategory::ALL {
            assert_eq!(category.as_str().parse::<DisadvantageCategory>(), Ok(category));
        }
        let law_381 = DisadvantageCategory::ALL
            .iter()
            .filter(|c| c.counts_under_law_381())
            .count();
        assert_eq!(law_381, 8);
        assert!(!DisadvantageCategory::Over50.counts_under_law_381());
    }

    #[test]
    fn a_worker_whose_certificate_expired_counts_as_ordinary() {
        let worker = WorkerRecord {
            code: "W1".into(),
            member: true,
            disadvantage: Some(Disadvantage {
                category: DisadvantageCategory::PsychiatricTreatment,
                certificate: Some("ASL 5 Pisa 2023/118".into()),
                certified_until: Some(date!(2025 - 06 - 30)),
            }),
            contract: Contract {
                start: date!(2023 - 01 - 01),
                end: None,
                weekly_hours: Hours::whole(30),
            },
            activity: Activity::B,
        };
        assert!(worker.disadvantaged_under_law_381_on(date!(2025 - 06 - 30)));
        assert!(!worker.disadvantaged_under_law_381_on(date!(2025 - 07 - 01)));
        assert!(worker.in_force_on(date!(2025 - 07 - 01)));
    }

    #[test]
    fn a_contract_ending_before_it_starts_is_rejected_on_that_field() {
        let worker = WorkerRecord {
            code: "W2".into(),
            member: false,
            disadvantage: None,
            contract: Contract {
                start: date!(2024 - 05 - 01),
                end: Some(date!(2024 - 04 - 30)),
                weekly_hours: Hours::whole(60),
            },
            activity: Activity::B,
        };
        let errors = worker.validate().unwrap_err();
        assert!(errors.for_field("contract_end").is_some());
        assert!(errors.for_field("weekly_hours").is_some());
    }
}
