//! Households and their members. A household has members with the attributes
//! funders and eligibility rules ask about, a residence, and the social worker
//! in charge. A participant is a member with a path.

use crate::Message;
use crate::msg;
use crate::validation::{ValidationErrors, optional_text, required_text};
use serde::{Deserialize, Serialize};
use time::Date;

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        // Serialised as the same words the database and forms use.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::Message;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::ALL.iter().copied().find(|v| v.as_str() == text).ok_or_else(|| {
                    let names: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    $crate::msg!("error-unknown-choice", value = text, expected = names.join(", "))
                })
            }
        }
    };
}
pub(crate) use word_enum;

word_enum!(
    /// How a member relates to the household's reference person.
    Relationship { Head => "head", Partner => "partner", Child => "child", Parent => "parent",
        Sibling => "sibling", OtherRelative => "other_relative", Other => "other" }
);

word_enum!(
    /// Sex as recorded by the agency and reported to funders (Tables 8.1 of ALI).
    Gender { M => "M", F => "F" }
);

word_enum!(
    /// Labour-market status at entry (ESF+ common indicators, Reg. (EU) 2021/1057 Annex I).
    EmploymentStatus { Employed => "employed", SelfEmployed => "self_employed", Unemployed => "unemployed",
        LongTermUnemployed => "long_term_unemployed", Inactive => "inactive", Student => "student",
        Retired => "retired" }
);

/// Education level as an ISCED 2011 level, 0 (early childhood) to 8 (doctoral).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IscedLevel(u8);

impl IscedLevel {
    pub fn parse(level: i64) -> Result<IscedLevel, Message> {
        u8::try_from(level)
            .ok()
            .filter(|l| *l <= 8)
            .map(IscedLevel)
            .ok_or_else(|| msg!("error-isced-level", level = level))
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// An Italian tax code (codice fiscale) of a person: 16 characters whose last
/// is a check character (D.M. 23/12/1976). Stored upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TaxCode(String);

impl TaxCode {
    pub fn parse(text: &str) -> Result<TaxCode, Message> {
        let code = text.trim().to_uppercase();
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 16 || !chars.iter().all(char::is_ascii_alphanumeric) {
            return Err(msg!("error-tax-code-length"));
        }
        if tax_code_check_char(&chars[..15]) != Some(chars[15]) {
            return Err(msg!("error-tax-code-check"));
        }
        Ok(TaxCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check character of the first 15 characters of a tax code.
pub fn tax_code_check_char(first15: &[char]) -> Option<char> {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
    ];
    let mut sum = 0u32;
    for (i, c) in first15.iter().enumerate() {
        let index = match c {
            '0'..='9' => *c as u32 - '0' as u32,
            'A'..='Z' => *c as u32 - 'A' as u32,
            _ => return None,
        };
        // Positions are counted from 1: odd positions use the odd table.
        sum += if i % 2 == 0 { ODD[index as usize] } else { index };
    }
    char::from_u32('A' as u32 + sum % 26)
}

/// Validates an ISO 3166-1 alpha-2 country code (format only: two letters).
pub fn country_code(field: &str, errors: &mut ValidationErrors, text: Option<&str>) -> Option<String> {
    let code = text.map(str::trim).filter(|t| !t.is_empty())?.to_uppercase();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Some(code)
    } else {
        errors.add(field, msg!("error-country-code"));
        None
    }
}

/// A household member as entered.
#[derive(Debug, Clone, Default)]
pub struct MemberDraft {
    pub first_name: String,
    pub last_name: String,
    pub tax_code: Option<String>,
    pub relationship: Option<Relationship>,
    pub birth_date: Option<Date>,
    pub gender: Option<Gender>,
    pub country_of_birth: Option<String>,
    pub citizenship: Option<String>,
    pub languages: Vec<String>,
    pub education_level: Option<i64>,
    pub employment_status: Option<EmploymentStatus>,
    pub minimum_income: Option<bool>,
    pub disability: Option<bool>,
    pub single_parent: Option<bool>,
    pub interests: Vec<String>,
    /// Homeless or affected by housing exclusion, as declared (ESF+ Annex I, 1.2); `None`: not declared.
    pub housing_exclusion: Option<bool>,
    /// Belongs to a minority, as declared (ESF+ Annex I, 1.2). Special-category
    /// data (GDPR art. 9): only ever declared by the person, never inferred.
    pub minority: Option<bool>,
}

/// A member that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMember {
    pub first_name: String,
    pub last_name: String,
    pub tax_code: Option<TaxCode>,
    pub relationship: Relationship,
    pub birth_date: Option<Date>,
    pub gender: Option<Gender>,
    pub country_of_birth: Option<String>,
    pub citizenship: Option<String>,
    pub languages: Vec<String>,
    pub education_level: Option<IscedLevel>,
    pub employment_status: Option<EmploymentStatus>,
    pub minimum_income: Option<bool>,
    pub disability: Option<bool>,
    pub single_parent: Option<bool>,
    pub interests: Vec<String>,
    /// Homeless or affected by housing exclusion, as declared (ESF+ Annex I, 1.2); `None`: not declared.
    pub housing_exclusion: Option<bool>,
    /// Belongs to a minority, as declared (ESF+ Annex I, 1.2). Special-category
    /// data (GDPR art. 9): only ever declared by the person, never inferred.
    pub minority: Option<bool>,
}

fn clean_list(items: Vec<String>) -> Vec<String> {
    let mut cleaned: Vec<String> = Vec::new();
    for item in items {
        let item = item.trim().to_lowercase();
        if !item.is_empty() && !cleaned.contains(&item) {
            cleaned.push(item);
        }
    }
    cleaned
}

impl MemberDraft {
    pub fn validate(self, today: Date) -> Result<ValidMember, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let first_name = required_text(&mut errors, "first_name", &self.first_name, 80);
        let last_name = required_text(&mut errors, "last_name", &self.last_name, 80);
        let tax_code = match optional_text(&mut errors, "tax_code", self.tax_code.as_deref(), 16) {
            Some(text) => TaxCode::parse(&text).map_err(|m| errors.add("tax_code", m)).ok(),
            None => None,
        };
        if let Some(birth) = self.birth_date
            && (birth > today || today.year() - birth.year() > 120)
        {
            errors.add("birth_date", msg!("error-birth-date"));
        }
        let country_of_birth = country_code("country_of_birth", &mut errors, self.country_of_birth.as_deref());
        let citizenship = country_code("citizenship", &mut errors, self.citizenship.as_deref());
        let education_level = self
            .education_level
            .map(|level| {
                IscedLevel::parse(level)
                    .map_err(|m| errors.add("education_level", m))
                    .ok()
            })
            .unwrap_or(None);
        errors.into_result(ValidMember {
            first_name,
            last_name,
            tax_code,
            relationship: self.relationship.unwrap_or(Relationship::Head),
            birth_date: self.birth_date,
            gender: self.gender,
            country_of_birth,
            citizenship,
            languages: clean_list(self.languages),
            education_level,
            employment_status: self.employment_status,
            minimum_income: self.minimum_income,
            disability: self.disability,
            single_parent: self.single_parent,
            interests: clean_list(self.interests),
            housing_exclusion: self.housing_exclusion,
            minority: self.minority,
        })
    }
}

/// Two records describe the same person when their tax codes match, or when
/// name and birth date match (ignoring case, accents aside, and spacing).
pub fn same_person_key(first_name: &str, last_name: &str, birth_date: Option<Date>) -> Option<String> {
    let normalise = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    birth_date.map(|date| format!("{}|{}|{}", normalise(last_name), normalise(first_name), date))
}

/// Age in whole years on a date.
pub fn age_on(birth: Date, on: Date) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month() as u8, on.day()) < (birth.month() as u8, birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn a_well_known_valid_tax_code_is_accepted_in_any_case() {
        assert_eq!(
            TaxCode::parse(" rssmra85t10a562s ").map(|c| c.0),
            Ok("RSSMRA85T10A562S".to_owned())
        );
    }

    #[test]
    fn a_tax_code_with_a_typo_is_refused() {
        assert!(TaxCode::parse("RSSMRA85T10A562T").is_err());
        assert!(TaxCode::parse("RSSMRA85T10A562").is_err());
    }

    #[test]
    fn a_member_born_in_the_future_is_refused_and_every_problem_is_listed() {
        let draft = MemberDraft {
            first_name: " ".into(),
            last_name: "Rossi".into(),
            birth_date: Some(date!(2030 - 01 - 01)),
            country_of_birth: Some("Italy".into()),
            education_level: Some(9),
            ..Default::default()
        };
        let errors = draft.validate(date!(2026 - 11 - 23)).unwrap_err();
        for field in ["first_name", "birth_date", "country_of_birth", "education_level"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn interests_and_languages_are_normalised() {
        let draft = MemberDraft {
            first_name: "Amina".into(),
            last_name: "El Idrissi".into(),
            interests: vec!["Cooking".into(), "cooking ".into(), "".into(), "Logistics".into()],
            country_of_birth: Some("ma".into()),
            ..Default::default()
        };
        let valid = draft.validate(date!(2026 - 11 - 23)).unwrap();
        assert_eq!(valid.interests, vec!["cooking".to_owned(), "logistics".to_owned()]);
        assert_eq!(valid.country_of_birth.as_deref(), Some("MA"));
    }

    #[test]
    fn age_counts_whole_years_up_to_the_birthday() {
        assert_eq!(age_on(date!(1980 - 06 - 15), date!(2026 - 06 - 14)), 45);
        assert_eq!(age_on(date!(1980 - 06 - 15), date!(2026 - 06 - 15)), 46);
    }

    #[test]
    fn the_same_person_key_ignores_case_and_spacing() {
        let a = same_person_key("Maria  Grazia", "ROSSI", Some(date!(1980 - 01 - 02)));
        let b = same_person_key("maria grazia", "Rossi ", Some(date!(1980 - 01 - 02)));
        assert_eq!(a, b);
        assert_eq!(same_person_key("Maria", "Rossi", None), None);
    }

    proptest! {
        #[test]
        fn every_tax_code_with_its_computed_check_character_is_valid(body in "[A-Z]{6}[0-9]{2}[A-EHLMPRST][0-9]{2}[A-Z][0-9]{3}") {
            let chars: Vec<char> = body.chars().collect();
            let check = tax_code_check_char(&chars).unwrap_or('?');
            let code = format!("{body}{check}");
            prop_assert!(TaxCode::parse(&code).is_ok());
            let wrong = char::from_u32('A' as u32 + ((check as u32 - 'A' as u32 + 1) % 26)).unwrap_or('A');
            let wrong_code = format!("{body}{wrong}");
            prop_assert!(TaxCode::parse(&wrong_code).is_err());
        }

        #[test]
        fn member_validation_never_panics(first in ".*", last in ".*", tax in proptest::option::of(".*"), level in proptest::option::of(any::<i64>())) {
            let draft = MemberDraft { first_name: first, last_name: last, tax_code: tax, education_level: level, ..Default::default() };
            let _ = draft.validate(time::macros::date!(2026 - 11 - 23));
        }
    }
}
