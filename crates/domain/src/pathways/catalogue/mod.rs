//! The service catalogue: what the delivering organisations offer to
//! participants — internships with partner firms (supervised by a tutor),
//! training courses (forklift, Italian for foreigners, HACCP, workplace safety,
//! IT, soft skills), home educational services for minors, basic home care,
//! psychological support and orientation to local services (ALI, source
//! `002_…txt`, Table 8.5) — with capacity per round, cost, hours and who it is
//! for. Exchanged with other directories as Open Referral HSDS 3.0 ([`hsds`]).

pub mod hsds;
#[cfg(test)]
mod tests;

use super::assessment::EmployabilityArea;
use super::eligibility::Rule;
use super::household::word_enum;
use crate::Message;
use crate::ids::OrganisationId;
use crate::msg;
use crate::validation::{ValidationErrors, optional_text, required_text};
use serde::Serialize;

word_enum!(
    /// What kind of service an entry is; `other` takes the service's own name.
    ServiceKind {
        Internship => "internship",
        TrainingCourse => "training_course",
        HomeEducationMinors => "home_education_minors",
        BasicHomeCare => "basic_home_care",
        PsychologicalSupport => "psychological_support",
        Orientation => "orientation",
        Other => "other",
    }
);

/// An occupation code of the International Standard Classification of
/// Occupations 2008 (ILO): four digits, the first two a sub-major group that
/// exists (e.g. 8344 "lifting truck operators", 5120 "cooks").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Isco08(String);

/// The 43 sub-major groups of ISCO-08 (ILO, ISCO-08 vol. 1, table 2).
const ISCO08_SUB_MAJOR_GROUPS: [&str; 43] = [
    "01", "02", "03", "11", "12", "13", "14", "21", "22", "23", "24", "25", "26", "31", "32", "33", "34", "35", "41",
    "42", "43", "44", "51", "52", "53", "54", "61", "62", "63", "71", "72", "73", "74", "75", "81", "82", "83", "91",
    "92", "93", "94", "95", "96",
];

impl Isco08 {
    pub fn parse(text: &str) -> Result<Isco08, Message> {
        let code = text.trim();
        if code.len() != 4 || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(msg!("error-isco08-digits"));
        }
        if !ISCO08_SUB_MAJOR_GROUPS.contains(&&code[..2]) {
            return Err(msg!("error-isco08-group", code = code, group = &code[..2]));
        }
        Ok(Isco08(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A service code: short, stable, used in imports and by other modules
/// (`internship`, `forklift`, `italian`). Lower-case letters, digits, `_` and `-`.
pub fn parse_code(text: &str) -> Result<String, Message> {
    let code = text.trim().to_lowercase();
    let valid = !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if valid {
        Ok(code)
    } else {
        Err(msg!("error-service-code"))
    }
}

/// Hours as typed (`12`, `12.5`, `12,5`) into whole minutes.
pub fn parse_hours(text: &str) -> Result<i64, Message> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return Ok(0);
    }
    let hours: f64 = text
        .parse()
        .map_err(|_| msg!("error-not-hours", value = text.as_str()))?;
    if !(0.0..=100_000.0).contains(&hours) {
        return Err(msg!("error-hours-out-of-range", max = 100_000));
    }
    // Rounded to the minute; the input has at most a few decimals.
    Ok((hours * 60.0).round() as i64)
}

/// A service as entered.
#[derive(Debug, Clone, Default)]
pub struct ServiceDraft {
    pub code: String,
    pub name: String,
    pub kind: Option<ServiceKind>,
    /// The organisation offering it (a delivering cooperative, or the agency).
    pub organisation_id: Option<OrganisationId>,
    pub description: String,
    pub unit_cost: String,
    pub hours: String,
    pub language: Option<String>,
    pub location: Option<String>,
    /// Who the service is for, as a rule; blank: whoever the programme admits.
    pub eligibility: String,
    pub isco08: Option<String>,
    pub host_firm_id: Option<OrganisationId>,
    pub tutor_name: Option<String>,
    pub tutor_email: Option<String>,
    pub interest_tags: Vec<String>,
    pub improves_areas: Vec<String>,
    /// Capacity per round number; rounds not listed have no set capacity.
    pub capacities: Vec<(u32, i64)>,
}

/// A service that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidService {
    pub code: String,
    pub name: String,
    pub kind: ServiceKind,
    pub organisation_id: Option<OrganisationId>,
    pub description: String,
    pub unit_cost_cents: i64,
    pub minutes: i64,
    pub language: Option<String>,
    pub location: Option<String>,
    pub eligibility: Option<Rule>,
    pub isco08: Option<Isco08>,
    pub host_firm_id: Option<OrganisationId>,
    pub tutor_name: Option<String>,
    pub tutor_email: Option<String>,
    pub interest_tags: Vec<String>,
    pub improves_areas: Vec<EmployabilityArea>,
    pub capacities: Vec<(u32, i64)>,
}

/// Lower-cased, trimmed, without blanks or repeats, in the order given.
pub fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut cleaned: Vec<String> = Vec::new();
    for tag in tags.iter().flat_map(|t| t.split(',')) {
        let tag = tag.trim().to_lowercase();
        if !tag.is_empty() && !cleaned.contains(&tag) {
            cleaned.push(tag);
        }
    }
    cleaned
}

impl ServiceDraft {
    pub fn validate(self) -> Result<ValidService, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let code = parse_code(&self.code).unwrap_or_else(|m| {
            errors.add("code", m);
            String::new()
        });
        let name = required_text(&mut errors, "name", &self.name, 160);
        let kind = self.kind.unwrap_or_else(|| {
            errors.add("kind", msg!("error-choose-service-kind"));
            ServiceKind::Other
        });
        let description = self.description.trim().to_owned();
        if description.chars().count() > 4000 {
            errors.add("description", msg!("error-too-long", max = 4000));
        }
        let unit_cost_cents = super::programme::budget_cents(&self.unit_cost).unwrap_or_else(|m| {
            errors.add("unit_cost", m);
            0
        });
        let minutes = parse_hours(&self.hours).unwrap_or_else(|m| {
            errors.add("hours", m);
            0
        });
        let language = optional_text(&mut errors, "language", self.language.as_deref(), 40);
        let location = optional_text(&mut errors, "location", self.location.as_deref(), 200);
        let eligibility = match self.eligibility.trim() {
            "" => None,
            text => Rule::parse_json(text)
                .map_err(|problems| problems.into_iter().for_each(|p| errors.add("eligibility", p)))
                .ok(),
        };
        let isco08 = match optional_text(&mut errors, "isco08", self.isco08.as_deref(), 4) {
            Some(text) => Isco08::parse(&text).map_err(|m| errors.add("isco08", m)).ok(),
            None => None,
        };
        let tutor_name = optional_text(&mut errors, "tutor_name", self.tutor_name.as_deref(), 120);
        let tutor_email = optional_text(&mut errors, "tutor_email", self.tutor_email.as_deref(), 254);
        if tutor_email.as_deref().is_some_and(|e| !looks_like_email(e)) {
            errors.add("tutor_email", msg!("error-email"));
        }
        // An occupation, a host firm and a tutor describe a placement; on any
        // other kind of service they would be misleading.
        if kind != ServiceKind::Internship {
            for (field, present) in [
                ("isco08", isco08.is_some()),
                ("host_firm_id", self.host_firm_id.is_some()),
                ("tutor_name", tutor_name.is_some()),
            ] {
                if present {
                    errors.add(field, msg!("error-only-internships"));
                }
            }
        }
        let mut improves_areas = Vec::new();
        for area in clean_tags(&self.improves_areas) {
            match area.parse::<EmployabilityArea>() {
                Ok(area) => improves_areas.push(area),
                Err(message) => errors.add("improves_areas", message),
            }
        }
        let mut capacities = self.capacities;
        capacities.sort_unstable();
        if capacities.iter().any(|(_, c)| *c < 0) {
            errors.add("capacities", msg!("error-capacity-negative"));
        }
        if capacities.windows(2).any(|w| w[0].0 == w[1].0) {
            errors.add("capacities", msg!("error-capacity-per-round"));
        }
        errors.into_result(ValidService {
            code,
            name,
            kind,
            organisation_id: self.organisation_id,
            description,
            unit_cost_cents,
            minutes,
            language,
            location,
            eligibility,
            isco08,
            host_firm_id: self.host_firm_id,
            tutor_name,
            tutor_email,
            interest_tags: clean_tags(&self.interest_tags),
            improves_areas,
            capacities,
        })
    }
}

fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !text.contains(char::is_whitespace),
        None => false,
    }
}
