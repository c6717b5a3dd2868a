//! The membership register of a cooperative (or of a consortium), and the
//! warnings the sector knows: human scale, volunteer share, consortium
//! composition.

use super::Money;
use crate::Message;
use crate::msg;
use crate::validation::{ValidationErrors, required_text};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Date;

/// The kinds of member of a social cooperative (Law 381/1991 art. 2 and 11;
/// Civil Code art. 2527 ff.): multi-stakeholder membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    /// Socio lavoratore: works in the cooperative.
    Worker,
    /// Socio fruitore: uses the cooperative's services (a user or their family).
    User,
    /// Socio volontario (Law 381 art. 2): works for free.
    Volunteer,
    /// Socio sovventore / finanziatore: brings capital.
    Financing,
    /// A legal person (Law 381 art. 11: public or private bodies that finance
    /// or support the cooperative; in a consortium, its member organisations).
    LegalPerson,
}

impl MemberKind {
    pub const ALL: [MemberKind; 5] = [
        MemberKind::Worker,
        MemberKind::User,
        MemberKind::Volunteer,
        MemberKind::Financing,
        MemberKind::LegalPerson,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberKind::Worker => "worker",
            MemberKind::User => "user",
            MemberKind::Volunteer => "volunteer",
            MemberKind::Financing => "financing",
            MemberKind::LegalPerson => "legal_person",
        }
    }
}

impl fmt::Display for MemberKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MemberKind {
    type Err = Message;
    fn from_str(text: &str) -> Result<Self, Message> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
            .ok_or_else(|| {
                msg!(
                    "error-unknown-choice",
                    value = text,
                    expected = "worker, user, volunteer, financing, legal_person"
                )
            })
    }
}

/// One entry of the membership register as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberRecord {
    pub name: String,
    pub kind: MemberKind,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::time_format::iso_date")]
    pub joined_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default, with = "crate::time_format::iso_date::option")]
    pub left_on: Option<Date>,
    /// Share capital subscribed.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub shares: Money,
}

impl MemberRecord {
    pub fn validate(mut self) -> Result<MemberRecord, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        self.name = required_text(&mut errors, "name", &self.name, 200);
        if let Some(left) = self.left_on
            && left < self.joined_on
        {
            errors.add("left_on", msg!("error-before-joined"));
        }
        if self.shares < Money::ZERO {
            errors.add("shares", msg!("error-negative"));
        }
        errors.into_result(self)
    }

    /// **Leaving the register** (Civil Code art. 2532 ff., withdrawal or
    /// exclusion): a member leaves once, on a day not before they joined; the
    /// entry stays in the register with its leaving date.
    pub fn leave(self, on: Date) -> Result<MemberRecord, ValidationErrors> {
        if let Some(left) = self.left_on {
            return Err(ValidationErrors::single(
                "left_on",
                msg!("error-member-already-left", left = left),
            ));
        }
        MemberRecord {
            left_on: Some(on),
            ..self
        }
        .validate()
    }

    pub fn member_on(&self, date: Date) -> bool {
        self.joined_on <= date && self.left_on.is_none_or(|left| date <= left)
    }
}

/// The default human-scale limit: "maximum recommended membership of 100 for
/// each social co-operative to aid the building of trust and social capital"
/// (`003_…txt`). Configurable per consortium.
pub const DEFAULT_HUMAN_SCALE_LIMIT: u64 = 100;

/// A warning about a register, named after the rule it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum MembershipWarning {
    /// [`human_scale_rule`]: 90% of the limit or more.
    ApproachingHumanScale { members: u64, limit: u64 },
    /// [`human_scale_rule`]: above the limit — time to incubate a spin-off.
    AboveHumanScale { members: u64, limit: u64 },
    /// [`volunteer_share_rule`].
    TooManyVolunteers { volunteers: u64, members: u64 },
    /// [`consortium_composition_rule`].
    ConsortiumNotMostlySocialCooperatives { social_cooperatives: u64, members: u64 },
}

impl MembershipWarning {
    pub fn code(&self) -> &'static str {
        match self {
            Self::ApproachingHumanScale { .. } => "approaching_human_scale",
            Self::AboveHumanScale { .. } => "above_human_scale",
            Self::TooManyVolunteers { .. } => "too_many_volunteers",
            Self::ConsortiumNotMostlySocialCooperatives { .. } => "consortium_not_mostly_social_cooperatives",
        }
    }
}

/// **Human scale** (`003_…txt`, the Italian social-cooperative model): a
/// cooperative should stay at most ~100 members so trust can be built; one
/// that grows past it should, by the "strawberry fields" principle, incubate
/// a new cooperative (a spin-off, which records who incubated it). Warns from
/// 90% of the limit.
pub fn human_scale_rule(members: u64, limit: u64) -> Option<MembershipWarning> {
    if members > limit {
        Some(MembershipWarning::AboveHumanScale { members, limit })
    } else if members * 10 >= limit * 9 && limit > 0 {
        Some(MembershipWarning::ApproachingHumanScale { members, limit })
    } else {
        None
    }
}

/// **Law 381/1991 art. 2 c.2**: volunteer members may not exceed half of all
/// members.
pub fn volunteer_share_rule(volunteers: u64, members: u64) -> Option<MembershipWarning> {
    (volunteers * 2 > members).then_some(MembershipWarning::TooManyVolunteers { volunteers, members })
}

/// **Law 381/1991 art. 8**: a consortium counts as a consortium of social
/// cooperatives when at least 70% of its members are social cooperatives.
pub fn consortium_composition_rule(social_cooperatives: u64, members: u64) -> Option<MembershipWarning> {
    (social_cooperatives * 10 < members * 7).then_some(MembershipWarning::ConsortiumNotMostlySocialCooperatives {
        social_cooperatives,
        members,
    })
}

/// Every warning for a cooperative's register on `date`.
pub fn cooperative_warnings(register: &[MemberRecord], date: Date, human_scale_limit: u64) -> Vec<MembershipWarning> {
    let active: Vec<&MemberRecord> = register.iter().filter(|m| m.member_on(date)).collect();
    let members = active.len() as u64;
    let volunteers = active.iter().filter(|m| m.kind == MemberKind::Volunteer).count() as u64;
    human_scale_rule(members, human_scale_limit)
        .into_iter()
        .chain(volunteer_share_rule(volunteers, members))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn member(kind: MemberKind) -> MemberRecord {
        MemberRecord {
            name: "Member".into(),
            kind,
            joined_on: date!(2020 - 01 - 01),
            left_on: None,
            shares: Money::euros(25),
        }
    }

    #[test]
    fn a_member_leaves_once_and_not_before_joining() {
        let record = MemberRecord {
            name: "Anna".into(),
            kind: MemberKind::Worker,
            joined_on: time::macros::date!(2020 - 03 - 01),
            left_on: None,
            shares: Money::euros(25),
        };
        assert!(
            record
                .clone()
                .leave(time::macros::date!(2020 - 02 - 28))
                .unwrap_err()
                .for_field("left_on")
                .is_some()
        );
        let left = record.leave(time::macros::date!(2024 - 06 - 30)).unwrap();
        assert!(
            left.member_on(time::macros::date!(2024 - 06 - 30)) && !left.member_on(time::macros::date!(2024 - 07 - 01))
        );
        assert!(left.leave(time::macros::date!(2025 - 01 - 01)).is_err());
    }

    #[test]
    fn a_cooperative_of_90_members_is_warned_it_approaches_human_scale() {
        assert_eq!(
            human_scale_rule(90, 100),
            Some(MembershipWarning::ApproachingHumanScale {
                members: 90,
                limit: 100
            })
        );
        assert_eq!(human_scale_rule(89, 100), None);
        assert_eq!(
            human_scale_rule(101, 100),
            Some(MembershipWarning::AboveHumanScale {
                members: 101,
                limit: 100
            })
        );
    }

    #[test]
    fn volunteers_may_be_half_of_the_members_but_not_more() {
        assert_eq!(volunteer_share_rule(5, 10), None);
        assert!(volunteer_share_rule(6, 10).is_some());
    }

    #[test]
    fn a_consortium_of_22_with_16_social_cooperatives_is_not_mostly_social_cooperatives() {
        // Harmony has 22 organisations; 70% of 22 is 15.4, so 16 are needed.
        assert_eq!(consortium_composition_rule(16, 22), None);
        assert!(consortium_composition_rule(15, 22).is_some());
    }

    #[test]
    fn members_who_left_do_not_count_towards_the_warnings() {
        let mut register: Vec<MemberRecord> = (0..4).map(|_| member(MemberKind::Volunteer)).collect();
        register.extend((0..4).map(|_| member(MemberKind::Worker)));
        assert!(cooperative_warnings(&register, date!(2024 - 01 - 01), 100).is_empty());
        register[4].left_on = Some(date!(2023 - 12 - 31));
        let warnings = cooperative_warnings(&register, date!(2024 - 01 - 01), 100);
        assert_eq!(
            warnings,
            vec![MembershipWarning::TooManyVolunteers {
                volunteers: 4,
                members: 7
            }]
        );
    }

    #[test]
    fn a_member_who_leaves_before_joining_is_rejected() {
        let mut record = member(MemberKind::Worker);
        record.left_on = Some(date!(2019 - 01 - 01));
        record.shares = Money::from_cents(-1);
        let errors = record.validate().unwrap_err();
        assert!(errors.for_field("left_on").is_some());
        assert!(errors.for_field("shares").is_some());
    }

    proptest! {
        #[test]
        fn the_volunteer_rule_is_exactly_more_than_half(volunteers in 0u64..1000, others in 0u64..1000) {
            let members = volunteers + others;
            prop_assert_eq!(volunteer_share_rule(volunteers, members).is_some(), volunteers > others);
        }
    }
}
