use super::*;
use proptest::prelude::*;

fn person(id: i64, workshop_user: bool, hours: i64, grades: &[(&str, u8)]) -> Person {
    Person {
        id,
        workshop_user,
        capacity_seconds: hours * 3600,
        grades: grades.iter().map(|(k, g)| ((*k).to_owned(), *g)).collect(),
    }
}

fn task(id: i64, kind: &str, grade: u8, seconds_per_unit: i64, units: i64, due_in_days: i64) -> Task {
    Task {
        id,
        kind: kind.into(),
        grade,
        seconds_per_unit,
        units,
        due_in_days,
        floor: true,
        workshop: true,
    }
}

#[test]
fn nobody_gets_a_task_more_than_one_grade_above_theirs() {
    let tasks = [task(1, "ironing", 4, 60, 100, 2)];
    let people = [person(10, false, 38, &[("ironing", 2)])];
    let plan = allocate(&tasks, &people, &Settings::default()).unwrap();
    assert!(plan.is_empty());
}

#[test]
fn stretch_work_at_grade_plus_one_is_capped_at_the_share() {
    // 10 hours available, 10% stretch: at most 1 hour (60 units of 60 s) at grade 3.
    let tasks = [task(1, "folding", 3, 60, 1_000, 2)];
    let people = [person(10, false, 10, &[("folding", 2)])];
    let plan = allocate(&tasks, &people, &Settings::default()).unwrap();
    assert_eq!(
        plan,
        vec![Assignment {
            task_id: 1,
            person_id: 10,
            units: 60
        }]
    );
}

#[test]
fn work_due_this_week_is_served_before_work_due_later() {
    let tasks = [task(1, "sorting", 1, 3600, 10, 15), task(2, "sorting", 1, 3600, 10, 3)];
    let people = [person(10, false, 10, &[("sorting", 1)])];
    let plan = allocate(&tasks, &people, &Settings::default()).unwrap();
    assert_eq!(
        plan,
        vec![Assignment {
            task_id: 2,
            person_id: 10,
            units: 10
        }]
    );
}

#[test]
fn every_available_workshop_user_gets_some_work_before_anyone_gets_more() {
    // 8 hours of labelling for three users with 20 hours each: each gets work.
    let tasks = [task(1, "labelling", 1, 60, 480, 3)];
    let people: Vec<Person> = (0..3).map(|i| person(10 + i, true, 20, &[("labelling", 1)])).collect();
    let plan = allocate(&tasks, &people, &Settings::default()).unwrap();
    let explanations = explain(&tasks, &people, &Settings::default(), &plan);
    assert!(explanations.iter().all(|e| e.included == Some(true)), "{plan:?}");
    assert_eq!(plan.iter().map(|a| a.units).sum::<i64>(), 480);
}

#[test]
fn a_task_only_for_the_floor_is_not_sent_to_a_workshop_user() {
    let mut floor_only = task(1, "ironing", 1, 60, 10, 1);
    floor_only.workshop = false;
    let people = [person(10, true, 20, &[("ironing", 5)])];
    assert!(
        allocate(&[floor_only], &people, &Settings::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_edited_allocation_that_breaks_a_constraint_is_reported() {
    let tasks = [task(1, "folding", 3, 60, 1_000, 2)];
    let people = [person(10, false, 10, &[("folding", 2)])];
    let edited = [Assignment {
        task_id: 1,
        person_id: 10,
        units: 700,
    }];
    let violations = check(&tasks, &people, &Settings::default(), &edited);
    assert!(violations.contains(&Violation::OverCapacity {
        person: 10,
        used: 42_000,
        capacity: 36_000
    }));
    assert!(violations.iter().any(|v| matches!(v, Violation::OverStretch { .. })));
    let unknown = [Assignment {
        task_id: 9,
        person_id: 10,
        units: 1,
    }];
    assert_eq!(
        check(&tasks, &people, &Settings::default(), &unknown),
        vec![Violation::UnknownTask(9)]
    );
}

#[test]
fn a_realistic_week_of_200_people_and_2000_units_is_allocated_within_every_constraint() {
    let (tasks, people) = generate_week(210, 120, 20, 7);
    assert!(tasks.iter().map(|t| t.units).sum::<i64>() >= 2_000);
    let settings = Settings::default();
    let plan = allocate(&tasks, &people, &settings).unwrap();
    assert_eq!(check(&tasks, &people, &settings, &plan), Vec::new());
    assert!(!plan.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// No allocation ever violates a constraint, and work is never left
    /// undone while someone able to do it has room for a whole unit.
    #[test]
    fn no_allocation_violates_a_constraint(
        people in 1usize..25, tasks in 1usize..25, units in 1i64..40, seed in any::<u64>(),
        stretch_share_bp in 0i64..3000,
    ) {
        let (tasks, people) = generate_week(people, tasks, units, seed);
        let settings = Settings { stretch_share_bp, ..Settings::default() };
        let plan = allocate(&tasks, &people, &settings).unwrap();
        prop_assert_eq!(check(&tasks, &people, &settings, &plan), Vec::new());
        for t in &tasks {
            let given: i64 = plan.iter().filter(|a| a.task_id == t.id).map(|a| a.units).sum();
            if given < t.units {
                for p in people.iter().filter(|p| fit(t, p) == Some(Fit::Normal)) {
                    let used: i64 = plan.iter().filter(|a| a.person_id == p.id)
                        .map(|a| a.units * tasks.iter().find(|x| x.id == a.task_id).map_or(0, |x| x.seconds_per_unit)).sum();
                    prop_assert!(p.capacity_seconds - used < t.seconds_per_unit, "task {} undone while person {} has room", t.id, p.id);
                }
            }
        }
    }
}
