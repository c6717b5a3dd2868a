//! A cooperative's week as the allocation model sees it: its open tasks, its
//! workers on the floor and the consortium's workshop users, with their
//! capability grades. Shared by the pages and the API so both compute the
//! same allocation.

use crate::error::{WebError, WebResult};
use crate::state::AppState;
use filiera_domain::Message;
use filiera_domain::consortium::production::Venue;
use filiera_domain::ids::{TaskId, WorkerId};
use filiera_domain::msg;
use filiera_optimisation::allocation::{Assignment, Person, Settings, Task, Violation};
use filiera_storage::consortium::production::{self, AllocationLine, OpenTask, PersonRef};
use filiera_storage::consortium::{self, MemberCooperative, registers};
use std::collections::BTreeMap;
use time::Date;

/// Workers are positive ids in the model, workshop users negative.
pub fn model_id(person: PersonRef) -> i64 {
    match person {
        PersonRef::Worker(id) => id.get(),
        PersonRef::User(id) => -id,
    }
}

pub fn person_of(model_id: i64) -> PersonRef {
    if model_id < 0 {
        PersonRef::User(-model_id)
    } else {
        PersonRef::Worker(WorkerId(model_id))
    }
}

/// A person with the label the supervisor knows them by.
pub struct Available {
    pub person: Person,
    pub label: String,
    pub workshop: Option<String>,
}

pub struct Week {
    pub start: Date,
    pub open: Vec<OpenTask>,
    pub tasks: Vec<Task>,
    pub people: Vec<Available>,
    pub settings: Settings,
}

impl Week {
    pub fn people(&self) -> Vec<Person> {
        self.people.iter().map(|a| a.person.clone()).collect()
    }

    pub fn assignments(lines: &[AllocationLine]) -> Vec<Assignment> {
        lines
            .iter()
            .map(|l| Assignment {
                task_id: l.task_id.get(),
                person_id: model_id(l.person),
                units: l.units,
            })
            .collect()
    }

    pub fn lines(assignments: &[Assignment]) -> Vec<AllocationLine> {
        assignments
            .iter()
            .map(|a| AllocationLine {
                task_id: TaskId(a.task_id),
                person: person_of(a.person_id),
                units: a.units,
            })
            .collect()
    }
}

/// Loads the week starting `start` for a Type B (or mixed) cooperative.
pub async fn load(state: &AppState, cooperative: &MemberCooperative, start: Date) -> WebResult<Week> {
    let store = &state.store;
    let settings = consortium::settings(store, cooperative.consortium_id).await?;
    let grades = production::capabilities(store).await?;
    let open = production::open_tasks(store, cooperative.id).await?;
    let tasks = open
        .iter()
        .filter_map(|t| {
            let spec = t.step.task.as_ref()?;
            Some(Task {
                id: t.step.id.get(),
                kind: spec.kind.clone(),
                grade: spec.grade.get(),
                seconds_per_unit: spec.seconds_per_unit,
                units: t.remaining,
                due_in_days: (t.order.due_on - start).whole_days(),
                floor: spec.venue != Venue::TypeAWorkshop,
                workshop: spec.venue != Venue::TypeBFloor,
            })
        })
        .collect();
    let mut people = Vec::new();
    // Dates in input are bounded (filiera_domain::bounds), but a week is still
    // never allowed to run off the calendar.
    let week_end = start.checked_add(time::Duration::days(6)).unwrap_or(start);
    for worker in registers::workers_of(store, cooperative.id).await? {
        if !worker.record.in_force_on(start) && !worker.record.in_force_on(week_end) {
            continue;
        }
        let person = PersonRef::Worker(worker.id);
        people.push(Available {
            person: Person {
                id: model_id(person),
                workshop_user: false,
                capacity_seconds: worker.record.contract.weekly_hours.hundredths() * 36,
                grades: grades.get(&person).cloned().unwrap_or_default(),
            },
            label: worker.record.code.clone(),
            workshop: None,
        });
    }
    let members = consortium::consortium(store, cooperative.consortium_id).await?.members;
    for workshop in members
        .iter()
        .filter(|m| m.kind != filiera_domain::organisation::CooperativeType::B)
    {
        for user in registers::users_of(store, workshop.id).await? {
            if user.weekly_hours.hundredths() == 0 || !user.active_on(start) || user.hired_on.is_some() {
                continue;
            }
            let person = PersonRef::User(user.id);
            people.push(Available {
                person: Person {
                    id: model_id(person),
                    workshop_user: true,
                    capacity_seconds: user.weekly_hours.hundredths() * 36,
                    grades: grades.get(&person).cloned().unwrap_or_else(BTreeMap::new),
                },
                label: user.code.clone(),
                workshop: Some(workshop.name.clone()),
            });
        }
    }
    Ok(Week {
        start,
        open,
        tasks,
        people,
        settings: Settings {
            stretch_share_bp: settings.stretch_share_bp,
            ..Settings::default()
        },
    })
}

/// The Monday of the week containing `date`.
pub fn monday_of(date: Date) -> Date {
    date.checked_sub(time::Duration::days(i64::from(
        date.weekday().number_days_from_monday(),
    )))
    .unwrap_or(date)
}

/// Computes an allocation for the week with the optimisation crate.
pub fn compute(week: &Week) -> WebResult<Vec<AllocationLine>> {
    let plan = filiera_optimisation::allocation::allocate(&week.tasks, &week.people(), &week.settings)
        .map_err(|e| WebError::Internal(format!("allocation: {e}")))?;
    Ok(Week::lines(&plan))
}

/// Checks edited lines against every constraint; violations become field errors.
pub fn check(week: &Week, lines: &[AllocationLine]) -> WebResult<()> {
    let violations =
        filiera_optimisation::allocation::check(&week.tasks, &week.people(), &week.settings, &Week::assignments(lines));
    if violations.is_empty() {
        return Ok(());
    }
    let mut errors = filiera_domain::ValidationErrors::new();
    for violation in violations {
        errors.add("lines", violation_message(&violation));
    }
    Err(WebError::Invalid(errors))
}

/// A broken constraint of an edited allocation, for the supervisor.
fn violation_message(violation: &Violation) -> Message {
    match *violation {
        Violation::UnknownTask(task) => msg!("error-allocation-unknown-task", task = task),
        Violation::UnknownPerson(person) => msg!("error-allocation-unknown-person", person = person),
        Violation::NonPositiveUnits { task, person } => {
            msg!("error-allocation-units", task = task, person = person)
        }
        Violation::AboveGrade { task, person } => msg!("error-allocation-grade", task = task, person = person),
        Violation::OverCapacity { person, used, capacity } => {
            msg!(
                "error-allocation-capacity",
                person = person,
                used = used,
                capacity = capacity
            )
        }
        Violation::OverStretch { person, used, allowed } => {
            msg!(
                "error-allocation-stretch",
                person = person,
                used = used,
                allowed = allowed
            )
        }
        Violation::OverAllocated { task, given, units } => {
            msg!("error-allocation-over", task = task, given = given, units = units)
        }
    }
}
