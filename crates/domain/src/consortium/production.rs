//! Production orders and graded tasks: a Type B cooperative takes an order
//! and "minces" the process into simple tasks of graded complexity, "so that
//! even the most seriously ill user is able to perform the job" (`000_…txt`).

use super::Money;
use crate::message::Message;
use crate::msg;
use crate::validation::{ValidationErrors, required_text};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
use time::Date;

/// The complexity of a task, and a person's capability for a kind of task:
/// 1 = simplest, guided work; 5 = skilled work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Grade(u8);

impl Grade {
    pub fn new(grade: u8) -> Result<Grade, Message> {
        if (1..=5).contains(&grade) {
            Ok(Grade(grade))
        } else {
            Err(msg!("error-grade", grade = grade))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Grade {
    type Error = Message;
    fn try_from(grade: u8) -> Result<Grade, Message> {
        Grade::new(grade)
    }
}

impl From<Grade> for u8 {
    fn from(grade: Grade) -> u8 {
        grade.0
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Where a task can be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Venue {
    /// On the Type B cooperative's floor, by its workers.
    TypeBFloor,
    /// In a Type A guided workshop, by its users (work sent there is paid by
    /// an internal transfer at an agreed price).
    TypeAWorkshop,
    /// Either.
    Either,
}

impl Venue {
    pub const ALL: [Venue; 3] = [Venue::TypeBFloor, Venue::TypeAWorkshop, Venue::Either];

    pub fn as_str(self) -> &'static str {
        match self {
            Venue::TypeBFloor => "type_b_floor",
            Venue::TypeAWorkshop => "type_a_workshop",
            Venue::Either => "either",
        }
    }

    pub fn parse(text: &str) -> Result<Venue, Message> {
        Self::ALL.into_iter().find(|v| v.as_str() == text).ok_or_else(|| {
            msg!(
                "error-unknown-choice",
                value = text,
                expected = "type_b_floor, type_a_workshop, either"
            )
        })
    }

    pub fn allows_workshop(self) -> bool {
        matches!(self, Venue::TypeAWorkshop | Venue::Either)
    }

    pub fn allows_floor(self) -> bool {
        matches!(self, Venue::TypeBFloor | Venue::Either)
    }
}

/// Who the client is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    Public,
    Private,
}

impl ClientKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientKind::Public => "public",
            ClientKind::Private => "private",
        }
    }

    pub fn parse(text: &str) -> Result<ClientKind, Message> {
        match text {
            "public" => Ok(ClientKind::Public),
            "private" => Ok(ClientKind::Private),
            other => Err(msg!(
                "error-unknown-choice",
                value = other,
                expected = "public, private"
            )),
        }
    }
}

/// A client's order as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDraft {
    pub client: String,
    pub client_kind: ClientKind,
    pub product: String,
    pub quantity: i64,
    #[serde(with = "crate::time_format::iso_date")]
    pub due_on: Date,
    pub price: Money,
}

impl OrderDraft {
    pub fn validate(mut self, today: Date) -> Result<OrderDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        self.client = required_text(&mut errors, "client", &self.client, 200);
        self.product = required_text(&mut errors, "product", &self.product, 200);
        if self.quantity <= 0 {
            errors.add("quantity", msg!("error-at-least-one"));
        }
        if self.price < Money::ZERO {
            errors.add("price", msg!("error-negative"));
        }
        if self.due_on < today {
            errors.add("due_on", msg!("error-in-past"));
        }
        errors.into_result(self)
    }
}

/// One step of an order's process. A step with children is a phase; a leaf
/// is a task that people do, with its grade, kind, standard time and venue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDraft {
    /// The step's key inside the tree (stored ids, or `new-1`… for new steps).
    pub key: String,
    pub parent: Option<String>,
    pub name: String,
    pub task: Option<TaskSpec>,
}

/// What a leaf task needs for the allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskSpec {
    /// The kind of task (`labelling`, `folding`…): capability grades are per kind.
    pub kind: String,
    pub grade: Grade,
    /// Standard time per unit, in seconds.
    pub seconds_per_unit: i64,
    /// Units to produce for the order.
    pub units: i64,
    pub venue: Venue,
    /// Price per unit the Type B cooperative pays a Type A workshop.
    pub transfer_price: Money,
}

/// **A well-formed task tree**: unique keys, parents that exist, no cycles,
/// every leaf a task (with a kind, a positive standard time and units) and no
/// phase carrying task data. Errors name the step (`steps[2].name`).
pub fn validate_task_tree(steps: &[StepDraft]) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut keys = HashSet::new();
    for (i, step) in steps.iter().enumerate() {
        if !keys.insert(step.key.as_str()) {
            errors.add(&format!("steps[{i}].key"), msg!("error-step-key-taken"));
        }
        if step.name.trim().is_empty() {
            errors.add(&format!("steps[{i}].name"), msg!("error-required"));
        }
    }
    let parent_of: HashMap<&str, Option<&str>> = steps.iter().map(|s| (s.key.as_str(), s.parent.as_deref())).collect();
    let has_children: HashSet<&str> = steps.iter().filter_map(|s| s.parent.as_deref()).collect();
    for (i, step) in steps.iter().enumerate() {
        if let Some(parent) = step.parent.as_deref()
            && !parent_of.contains_key(parent)
        {
            errors.add(&format!("steps[{i}].parent"), msg!("error-not-a-step"));
        }
        let mut seen = HashSet::new();
        let mut current = Some(step.key.as_str());
        while let Some(key) = current {
            if !seen.insert(key) {
                errors.add(&format!("steps[{i}].parent"), msg!("error-makes-cycle"));
                break;
            }
            current = parent_of.get(key).copied().flatten();
        }
        let is_leaf = !has_children.contains(step.key.as_str());
        match (&step.task, is_leaf) {
            (None, true) => errors.add(&format!("steps[{i}].task"), msg!("error-task-needs-details")),
            (Some(_), false) => errors.add(&format!("steps[{i}].task"), msg!("error-phase-not-task")),
            (Some(task), true) => {
                if task.kind.trim().is_empty() {
                    errors.add(&format!("steps[{i}].kind"), msg!("error-required"));
                }
                if task.seconds_per_unit <= 0 {
                    errors.add(&format!("steps[{i}].seconds_per_unit"), msg!("error-positive"));
                }
                if task.units <= 0 {
                    errors.add(&format!("steps[{i}].units"), msg!("error-at-least-one"));
                }
                if task.transfer_price < Money::ZERO {
                    errors.add(&format!("steps[{i}].transfer_price"), msg!("error-negative"));
                }
            }
            (None, false) => {}
        }
    }
    errors.into_result(())
}

/// The internal transfer a Type B cooperative owes a Type A workshop for
/// `units` of a task done there: units × the agreed price per unit.
pub fn internal_transfer(units: i64, price_per_unit: Money) -> Money {
    Money::from_cents(units.saturating_mul(price_per_unit.cents()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn leaf(key: &str, parent: Option<&str>) -> StepDraft {
        StepDraft {
            key: key.into(),
            parent: parent.map(str::to_owned),
            name: key.into(),
            task: Some(TaskSpec {
                kind: "labelling".into(),
                grade: Grade::new(1).unwrap(),
                seconds_per_unit: 30,
                units: 2_000,
                venue: Venue::Either,
                transfer_price: Money::from_cents(12),
            }),
        }
    }

    #[test]
    fn a_laundry_order_split_into_a_phase_with_two_graded_tasks_is_well_formed() {
        let phase = StepDraft {
            key: "p".into(),
            parent: None,
            name: "Finishing".into(),
            task: None,
        };
        assert_eq!(
            validate_task_tree(&[phase, leaf("a", Some("p")), leaf("b", Some("p"))]),
            Ok(())
        );
    }

    #[test]
    fn a_phase_without_tasks_and_a_cycle_are_rejected() {
        let lonely = StepDraft {
            key: "p".into(),
            parent: None,
            name: "Empty".into(),
            task: None,
        };
        let errors = validate_task_tree(&[lonely]).unwrap_err();
        assert!(errors.for_field("steps[0].task").is_some());
        let a = StepDraft {
            key: "a".into(),
            parent: Some("b".into()),
            name: "a".into(),
            task: None,
        };
        let b = StepDraft {
            key: "b".into(),
            parent: Some("a".into()),
            name: "b".into(),
            task: None,
        };
        let errors = validate_task_tree(&[a, b]).unwrap_err();
        assert!(errors.for_field("steps[0].parent").is_some());
    }

    #[test]
    fn grades_are_one_to_five_and_an_order_due_in_the_past_is_rejected() {
        assert!(Grade::new(0).is_err() && Grade::new(6).is_err() && Grade::new(5).is_ok());
        let order = OrderDraft {
            client: "ASL Toscana Nord Ovest".into(),
            client_kind: ClientKind::Public,
            product: "Hospital linen".into(),
            quantity: 0,
            due_on: date!(2020 - 01 - 01),
            price: Money::euros(18_000),
        };
        let errors = order.validate(date!(2025 - 01 - 01)).unwrap_err();
        assert!(errors.for_field("quantity").is_some());
        assert!(errors.for_field("due_on").is_some());
    }

    #[test]
    fn four_hundred_units_at_12_cents_transfer_48_euros_to_the_workshop() {
        assert_eq!(internal_transfer(400, Money::from_cents(12)), Money::euros(48));
    }
}
