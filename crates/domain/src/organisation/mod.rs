//! The registry of organisations: public agencies, consortia, social
//! cooperatives, firms and funders, with the rules that keep an entry coherent.

use crate::Message;
use crate::ids::OrganisationId;
use crate::msg;
use crate::validation::{ValidationErrors, optional_text, required_text};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Date;

/// What kind of actor an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// A public social service (e.g. a Tuscan Società della Salute).
    PublicAgency,
    /// A second-tier cooperative whose members are cooperatives.
    Consortium,
    /// A social cooperative under Law 381/1991 (Type A, B or mixed).
    Cooperative,
    /// A partner firm: internship host, client, corporate volunteer.
    Firm,
    /// A ministry, EU fund, foundation or bank that pays for programmes.
    Funder,
}

/// The type of a social cooperative.
///
/// Law 381/1991 art. 1: Type A delivers social, health and educational services;
/// Type B carries out other activities (agricultural, industrial, commercial,
/// services) for the work integration of disadvantaged people. A mixed
/// cooperative does both and must keep their staff and accounts separate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CooperativeType {
    #[serde(rename = "A")]
    A,
    #[serde(rename = "B")]
    B,
    #[serde(rename = "mixed")]
    Mixed,
}

macro_rules! text_enum {
    ($ty:ty, $what:literal, { $($variant:path => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $($variant => $text),+ }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $ty {
            type Err = Message;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($variant),)+
                    _ => Err(msg!(
                        "error-unknown-choice",
                        value = text,
                        expected = [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

text_enum!(OrganisationKind, "organisation kind", {
    OrganisationKind::PublicAgency => "public_agency",
    OrganisationKind::Consortium => "consortium",
    OrganisationKind::Cooperative => "cooperative",
    OrganisationKind::Firm => "firm",
    OrganisationKind::Funder => "funder",
});

text_enum!(CooperativeType, "cooperative type", {
    CooperativeType::A => "A",
    CooperativeType::B => "B",
    CooperativeType::Mixed => "mixed",
});

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 5] = [
        OrganisationKind::PublicAgency,
        OrganisationKind::Consortium,
        OrganisationKind::Cooperative,
        OrganisationKind::Firm,
        OrganisationKind::Funder,
    ];

    /// Only social cooperatives and their consortia are entered in the regional
    /// register of social cooperatives (Law 381/1991 art. 9).
    pub fn has_law381_registration(self) -> bool {
        matches!(self, OrganisationKind::Cooperative | OrganisationKind::Consortium)
    }
}

impl CooperativeType {
    pub const ALL: [CooperativeType; 3] = [CooperativeType::A, CooperativeType::B, CooperativeType::Mixed];

    /// Type B and mixed cooperatives must employ at least 30% disadvantaged
    /// workers (Law 381/1991 art. 4 c.2).
    pub fn integrates_disadvantaged_workers(self) -> bool {
        matches!(self, CooperativeType::B | CooperativeType::Mixed)
    }
}

/// Entry in the regional register of social cooperatives (albo regionale,
/// Law 381/1991 art. 9): the region that keeps it, the entry number, the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Law381Registration {
    pub region: String,
    pub number: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::time_format::iso_date")]
    pub registered_on: Date,
}

/// An organisation's registry data as entered, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationDraft {
    pub name: String,
    pub kind: Option<OrganisationKind>,
    pub cooperative_type: Option<CooperativeType>,
    pub sectors: Vec<String>,
    pub vat_number: Option<String>,
    pub municipality: Option<String>,
    pub email: Option<String>,
    pub law381_region: Option<String>,
    pub law381_number: Option<String>,
    pub law381_registered_on: Option<Date>,
    pub consortium_id: Option<OrganisationId>,
}

/// Registry data that satisfies every rule below: the only form storage accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub cooperative_type: Option<CooperativeType>,
    pub sectors: Vec<String>,
    pub vat_number: Option<String>,
    pub municipality: Option<String>,
    pub email: Option<String>,
    pub law381: Option<Law381Registration>,
    pub consortium_id: Option<OrganisationId>,
}

impl OrganisationDraft {
    /// Checks the draft against the registry's rules, reporting every problem.
    pub fn validate(mut self) -> Result<ValidOrganisation, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = required_text(&mut errors, "name", &self.name, 200);
        let kind = match self.kind {
            Some(kind) => kind,
            None => {
                errors.add("kind", msg!("error-organisation-kind"));
                OrganisationKind::Firm
            }
        };
        match (kind, self.cooperative_type) {
            (OrganisationKind::Cooperative, None) => {
                errors.add("cooperative_type", msg!("error-cooperative-type-required"))
            }
            (OrganisationKind::Cooperative, Some(_)) | (_, None) => {}
            (_, Some(_)) => errors.add("cooperative_type", msg!("error-only-cooperatives-typed")),
        }
        let sectors = validate_sectors(&mut errors, std::mem::take(&mut self.sectors));
        let vat_number = optional_text(&mut errors, "vat_number", self.vat_number.as_deref(), 11);
        if let Some(vat) = &vat_number
            && !is_valid_partita_iva(vat)
        {
            errors.add("vat_number", msg!("error-vat-number"));
        }
        let municipality = optional_text(&mut errors, "municipality", self.municipality.as_deref(), 120);
        let email = optional_text(&mut errors, "email", self.email.as_deref(), 254);
        if let Some(email) = &email
            && !crate::user::looks_like_email(email)
        {
            errors.add("email", msg!("error-email"));
        }
        let law381 = validate_law381(&mut errors, kind, &self);
        if self.consortium_id.is_some() && kind != OrganisationKind::Cooperative {
            errors.add("consortium_id", msg!("error-only-cooperatives-join"));
        }
        errors.into_result(ValidOrganisation {
            name,
            kind,
            cooperative_type: self.cooperative_type,
            sectors,
            vat_number,
            municipality,
            email,
            law381,
            consortium_id: self.consortium_id,
        })
    }
}

fn validate_sectors(errors: &mut ValidationErrors, sectors: Vec<String>) -> Vec<String> {
    let mut cleaned: Vec<String> = Vec::new();
    for sector in sectors {
        let sector = sector.trim().to_owned();
        if sector.is_empty() || cleaned.contains(&sector) {
            continue;
        }
        if sector.chars().count() > 60 || sector.contains(',') {
            errors.add("sectors", msg!("error-sector-name"));
            break;
        }
        cleaned.push(sector);
    }
    cleaned
}

fn validate_law381(
    errors: &mut ValidationErrors,
    kind: OrganisationKind,
    draft: &OrganisationDraft,
) -> Option<Law381Registration> {
    let region = optional_text(errors, "law381_region", draft.law381_region.as_deref(), 60);
    let number = optional_text(errors, "law381_number", draft.law381_number.as_deref(), 40);
    let given = region.is_some() || number.is_some() || draft.law381_registered_on.is_some();
    if !given {
        return None;
    }
    if !kind.has_law381_registration() {
        errors.add("law381_number", msg!("error-only-381-register"));
        return None;
    }
    match (region, number, draft.law381_registered_on) {
        (Some(region), Some(number), Some(registered_on)) => Some(Law381Registration {
            region,
            number,
            registered_on,
        }),
        (region, number, date) => {
            if region.is_none() {
                errors.add("law381_region", msg!("error-registration-region"));
            }
            if number.is_none() {
                errors.add("law381_number", msg!("error-registration-number"));
            }
            if date.is_none() {
                errors.add("law381_registered_on", msg!("error-registration-date"));
            }
            None
        }
    }
}

/// Checks an Italian VAT number (partita IVA): 11 digits, the last a check digit
/// computed with the Luhn-style algorithm of D.P.R. 633/1972 art. 35.
pub fn is_valid_partita_iva(text: &str) -> bool {
    let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 11 || text.chars().count() != 11 {
        return false;
    }
    let sum: u32 = digits[..10]
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                d
            } else {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            }
        })
        .sum();
    (10 - sum % 10) % 10 == digits[10]
}

#[cfg(test)]
mod tests;
