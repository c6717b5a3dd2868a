//! The weekly allocation of task-units to people, as a minimum-cost flow.
//!
//! A Type B cooperative's supervisor has tasks (a kind, a complexity grade, a
//! standard time per unit, units to produce, a due day, where they can be
//! done) and people (workers on the floor, users of Type A workshops) with
//! hours available and a capability grade per kind of task. The allocation
//! must respect every person's hours; never give anyone a task above their
//! grade, except a configurable share of their hours at exactly grade + 1 as
//! a stretch for growth; serve tasks due this week first; and maximise
//! inclusion — some work for every available workshop user.
//!
//! The network, in seconds of work: each task node supplies its work; it
//! flows to a person directly (grade at or above the task's) or through the
//! person's stretch node (grade + 1, capped at the stretch share), then to the
//! sink; or straight to the sink as unallocated work, at a penalty that is
//! highest for work due this week. A workshop user's first hours earn an
//! inclusion reward, so the optimum spreads work to every user before giving
//! anyone more (the first hour earns twice as much). Flows in seconds are rounded down to whole units, and the
//! units lost to rounding are topped up greedily, so the result is exact in
//! units and [`check`] holds for it by construction.

use crate::{Error, Instance, Outcome, solve};
use std::collections::BTreeMap;

/// A task of the week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: i64,
    pub kind: String,
    /// 1 (simplest, guided) to 5 (skilled).
    pub grade: u8,
    pub seconds_per_unit: i64,
    /// Units still to do.
    pub units: i64,
    /// Days from the week's first day to the due date (0–6: due this week;
    /// negative: late).
    pub due_in_days: i64,
    /// Can be done on the Type B floor.
    pub floor: bool,
    /// Can be done in a Type A guided workshop.
    pub workshop: bool,
}

/// A person available this week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    /// A user of a Type A workshop (otherwise a worker on the Type B floor).
    pub workshop_user: bool,
    /// Seconds of work available this week.
    pub capacity_seconds: i64,
    /// Capability grade per kind of task; a kind not listed cannot be given.
    pub grades: BTreeMap<String, u8>,
}

/// The allocation's knobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// The most of a person's hours that may go to tasks at their grade + 1,
    /// in basis points (1,000 = 10%).
    pub stretch_share_bp: i64,
    /// How much of a workshop user's week counts for inclusion (their first
    /// seconds of work are rewarded), capped by their availability.
    pub inclusion_seconds: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            stretch_share_bp: 1_000,
            inclusion_seconds: 4 * 3600,
        }
    }
}

/// Units of a task given to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Assignment {
    pub task_id: i64,
    pub person_id: i64,
    pub units: i64,
}

/// What a person may do of a task: `None` (not at all), normal work, or stretch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Normal,
    Stretch,
}

/// Whether `person` may do `task`, and as what: the venue must match, the
/// person must have a grade for the kind, and the task's grade must be at
/// most the person's grade (normal) or exactly one above (stretch).
pub fn fit(task: &Task, person: &Person) -> Option<Fit> {
    let venue_ok = if person.workshop_user {
        task.workshop
    } else {
        task.floor
    };
    let grade = *person.grades.get(&task.kind)?;
    if !venue_ok {
        None
    } else if task.grade <= grade {
        Some(Fit::Normal)
    } else if task.grade == grade + 1 {
        Some(Fit::Stretch)
    } else {
        None
    }
}

/// The stretch allowance of a person: their capacity × the stretch share, rounded down.
pub fn stretch_allowance(person: &Person, settings: &Settings) -> i64 {
    (i128::from(person.capacity_seconds.max(0)) * i128::from(settings.stretch_share_bp.clamp(0, 10_000)) / 10_000)
        as i64
}

/// A constraint an allocation breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("task {0} is not in this week's tasks")]
    UnknownTask(i64),
    #[error("person {0} is not available this week")]
    UnknownPerson(i64),
    #[error("the units given of task {task} to person {person} must be positive")]
    NonPositiveUnits { task: i64, person: i64 },
    #[error("task {task} is above the grade of person {person} (or not at their venue)")]
    AboveGrade { task: i64, person: i64 },
    #[error("person {person} is given {used} seconds of work but has {capacity}")]
    OverCapacity { person: i64, used: i64, capacity: i64 },
    #[error("person {person} is given {used} seconds of stretch work but may have {allowed}")]
    OverStretch { person: i64, used: i64, allowed: i64 },
    #[error("task {task} is given {given} units but has {units}")]
    OverAllocated { task: i64, given: i64, units: i64 },
}

/// Every constraint the assignments break (empty when the allocation is
/// acceptable): used to check an allocation the supervisor has edited.
pub fn check(tasks: &[Task], people: &[Person], settings: &Settings, assignments: &[Assignment]) -> Vec<Violation> {
    let tasks_by_id: BTreeMap<i64, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    let people_by_id: BTreeMap<i64, &Person> = people.iter().map(|p| (p.id, p)).collect();
    let mut violations = Vec::new();
    let mut used: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    let mut given: BTreeMap<i64, i64> = BTreeMap::new();
    for a in assignments {
        let (Some(task), Some(person)) = (tasks_by_id.get(&a.task_id), people_by_id.get(&a.person_id)) else {
            if !tasks_by_id.contains_key(&a.task_id) {
                violations.push(Violation::UnknownTask(a.task_id));
            } else {
                violations.push(Violation::UnknownPerson(a.person_id));
            }
            continue;
        };
        if a.units <= 0 {
            violations.push(Violation::NonPositiveUnits {
                task: a.task_id,
                person: a.person_id,
            });
            continue;
        }
        let seconds = a.units.saturating_mul(task.seconds_per_unit);
        let entry = used.entry(person.id).or_default();
        entry.0 = entry.0.saturating_add(seconds);
        match fit(task, person) {
            None => violations.push(Violation::AboveGrade {
                task: a.task_id,
                person: a.person_id,
            }),
            Some(Fit::Stretch) => entry.1 = entry.1.saturating_add(seconds),
            Some(Fit::Normal) => {}
        }
        *given.entry(task.id).or_default() += a.units;
    }
    for (person_id, (seconds, stretch)) in used {
        let person = people_by_id[&person_id];
        if seconds > person.capacity_seconds {
            violations.push(Violation::OverCapacity {
                person: person_id,
                used: seconds,
                capacity: person.capacity_seconds,
            });
        }
        let allowed = stretch_allowance(person, settings);
        if stretch > allowed {
            violations.push(Violation::OverStretch {
                person: person_id,
                used: stretch,
                allowed,
            });
        }
    }
    for (task_id, units) in given {
        let task = tasks_by_id[&task_id];
        if units > task.units {
            violations.push(Violation::OverAllocated {
                task: task_id,
                given: units,
                units: task.units,
            });
        }
    }
    violations
}

// Costs per second of work. Unallocated work due this week costs more than
// any reward can offset, so it is always served first when someone can do it.
const DUE_THIS_WEEK_PENALTY: i64 = 1_000;
const LATER_PENALTY: i64 = 100;
const INCLUSION_REWARD: i64 = 40;
const FIRST_HOUR: i64 = 3600;
const STRETCH_REWARD: i64 = 1;
/// Per grade of difference: keeps skilled people for skilled tasks.
const GRADE_GAP_COST: i64 = 2;

fn unallocated_penalty(task: &Task) -> i64 {
    if task.due_in_days <= 6 {
        // Earlier (or late) work weighs more.
        DUE_THIS_WEEK_PENALTY + 10 * (6 - task.due_in_days.max(-30))
    } else {
        LATER_PENALTY + (60 - task.due_in_days.min(60))
    }
}

/// Computes the week's allocation. Deterministic; never breaks a constraint
/// of [`check`]. An error only for numbers too large to solve exactly.
pub fn allocate(tasks: &[Task], people: &[Person], settings: &Settings) -> Result<Vec<Assignment>, Error> {
    let tasks: Vec<&Task> = tasks.iter().filter(|t| t.units > 0 && t.seconds_per_unit > 0).collect();
    let people: Vec<&Person> = people.iter().filter(|p| p.capacity_seconds > 0).collect();
    let mut instance = Instance::default();
    let total: i64 = tasks.iter().map(|t| t.units.saturating_mul(t.seconds_per_unit)).sum();
    let sink = instance.add_node(-total);
    let task_nodes: Vec<u32> = tasks
        .iter()
        .map(|t| instance.add_node(t.units * t.seconds_per_unit))
        .collect();
    let mut person_nodes = Vec::new();
    for person in &people {
        let node = instance.add_node(0);
        let stretch = instance.add_node(0);
        instance.add_arc(stretch, node, stretch_allowance(person, settings), 0);
        if person.workshop_user {
            // A concave reward: a user's first hour is worth most, so the
            // optimum gives every user some work before anyone a full week.
            let included = settings.inclusion_seconds.clamp(0, person.capacity_seconds);
            let first_hour = included.min(FIRST_HOUR);
            instance.add_arc(node, sink, first_hour, -2 * INCLUSION_REWARD);
            instance.add_arc(node, sink, included - first_hour, -INCLUSION_REWARD);
            instance.add_arc(node, sink, person.capacity_seconds - included, 0);
        } else {
            instance.add_arc(node, sink, person.capacity_seconds, 0);
        }
        person_nodes.push((node, stretch));
    }
    let mut pair_arcs = Vec::new();
    for (ti, task) in tasks.iter().enumerate() {
        let work = task.units * task.seconds_per_unit;
        instance.add_arc(task_nodes[ti], sink, work, unallocated_penalty(task));
        for (pi, person) in people.iter().enumerate() {
            let (node, stretch) = person_nodes[pi];
            let arc = match fit(task, person) {
                Some(Fit::Normal) => {
                    let gap = i64::from(person.grades[&task.kind].saturating_sub(task.grade));
                    instance.add_arc(task_nodes[ti], node, work, GRADE_GAP_COST * gap)
                }
                Some(Fit::Stretch) => instance.add_arc(task_nodes[ti], stretch, work, -STRETCH_REWARD),
                None => continue,
            };
            pair_arcs.push((ti, pi, arc));
        }
    }
    let flows = match solve(&instance)? {
        Outcome::Optimal(solution) => solution.flows,
        // Unallocated arcs make every instance feasible; keep an empty plan if not.
        Outcome::Infeasible(_) => vec![0; instance.arcs.len()],
    };
    let mut units: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    for (ti, pi, arc) in pair_arcs {
        let whole = flows[arc] / tasks[ti].seconds_per_unit;
        if whole > 0 {
            units.insert((ti, pi), whole);
        }
    }
    top_up(&tasks, &people, settings, &mut units);
    Ok(units
        .into_iter()
        .map(|((ti, pi), units)| Assignment {
            task_id: tasks[ti].id,
            person_id: people[pi].id,
            units,
        })
        .collect())
}

/// Gives the units lost to rounding to whoever still has room, most urgent
/// task first, normal fits before stretch.
fn top_up(tasks: &[&Task], people: &[&Person], settings: &Settings, units: &mut BTreeMap<(usize, usize), i64>) {
    let mut used = vec![(0i64, 0i64); people.len()];
    let mut left: Vec<i64> = tasks.iter().map(|t| t.units).collect();
    for (&(ti, pi), &n) in units.iter() {
        let seconds = n * tasks[ti].seconds_per_unit;
        used[pi].0 += seconds;
        if fit(tasks[ti], people[pi]) == Some(Fit::Stretch) {
            used[pi].1 += seconds;
        }
        left[ti] -= n;
    }
    let mut order: Vec<usize> = (0..tasks.len()).collect();
    order.sort_by_key(|&ti| (std::cmp::Reverse(unallocated_penalty(tasks[ti])), tasks[ti].id));
    for ti in order {
        let task = tasks[ti];
        for wanted in [Fit::Normal, Fit::Stretch] {
            for (pi, person) in people.iter().enumerate() {
                if left[ti] == 0 {
                    break;
                }
                if fit(task, person) != Some(wanted) {
                    continue;
                }
                let mut room = person.capacity_seconds - used[pi].0;
                if wanted == Fit::Stretch {
                    room = room.min(stretch_allowance(person, settings) - used[pi].1);
                }
                let n = (room / task.seconds_per_unit).min(left[ti]);
                if n > 0 {
                    *units.entry((ti, pi)).or_default() += n;
                    used[pi].0 += n * task.seconds_per_unit;
                    if wanted == Fit::Stretch {
                        used[pi].1 += n * task.seconds_per_unit;
                    }
                    left[ti] -= n;
                }
            }
        }
    }
}

/// Why a person got what they got, for the supervisor to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonExplanation {
    pub person_id: i64,
    pub capacity_seconds: i64,
    pub used_seconds: i64,
    pub stretch_seconds: i64,
    pub stretch_allowed_seconds: i64,
    /// Tasks this person could do at all (normal or stretch).
    pub eligible_tasks: usize,
    /// A workshop user who received work (inclusion), or `None` for workers.
    pub included: Option<bool>,
}

/// One explanation per person, in the order given.
pub fn explain(
    tasks: &[Task],
    people: &[Person],
    settings: &Settings,
    assignments: &[Assignment],
) -> Vec<PersonExplanation> {
    let tasks_by_id: BTreeMap<i64, &Task> = tasks.iter().map(|t| (t.id, t)).collect();
    people
        .iter()
        .map(|person| {
            let mut used = 0;
            let mut stretch = 0;
            for a in assignments.iter().filter(|a| a.person_id == person.id) {
                if let Some(task) = tasks_by_id.get(&a.task_id) {
                    let seconds = a.units * task.seconds_per_unit;
                    used += seconds;
                    if fit(task, person) == Some(Fit::Stretch) {
                        stretch += seconds;
                    }
                }
            }
            PersonExplanation {
                person_id: person.id,
                capacity_seconds: person.capacity_seconds,
                used_seconds: used,
                stretch_seconds: stretch,
                stretch_allowed_seconds: stretch_allowance(person, settings),
                eligible_tasks: tasks.iter().filter(|t| fit(t, person).is_some()).count(),
                included: person.workshop_user.then_some(used > 0),
            }
        })
        .collect()
}

/// A realistic week for tests and the benchmark: `people` people (a third
/// workshop users), `tasks` tasks of 6 kinds, with `units_per_task` units each
/// on average, from a seed.
pub fn generate_week(people: usize, tasks: usize, units_per_task: i64, seed: u64) -> (Vec<Task>, Vec<Person>) {
    const KINDS: [&str; 6] = ["labelling", "folding", "sorting", "ironing", "assembly", "packing"];
    let mut rng = crate::SplitMix64::new(seed);
    let tasks: Vec<Task> = (0..tasks)
        .map(|i| {
            let workshop = rng.chance(0.6);
            Task {
                id: i as i64 + 1,
                kind: KINDS[rng.below(KINDS.len() as u64) as usize].to_owned(),
                grade: rng.between(1, 5) as u8,
                seconds_per_unit: rng.between(20, 900),
                units: rng.between(1, 2 * units_per_task.max(1)),
                due_in_days: rng.between(0, 20),
                floor: !workshop || rng.chance(0.5),
                workshop,
            }
        })
        .collect();
    let people: Vec<Person> = (0..people)
        .map(|i| {
            let workshop_user = i % 3 == 0;
            let hours = if workshop_user {
                rng.between(8, 25)
            } else {
                rng.between(18, 38)
            };
            let mut grades = BTreeMap::new();
            for kind in KINDS {
                if rng.chance(0.7) {
                    let grade = if workshop_user {
                        rng.between(1, 3)
                    } else {
                        rng.between(2, 5)
                    };
                    grades.insert(kind.to_owned(), grade as u8);
                }
            }
            Person {
                id: 1_000 + i as i64,
                workshop_user,
                capacity_seconds: hours * 3600,
                grades,
            }
        })
        .collect();
    (tasks, people)
}

#[cfg(test)]
mod tests;
