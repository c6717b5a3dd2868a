//! The matching instance generator: deterministic, well formed, feasible and
//! shaped as documented.

use filiera_optimisation::{MatchingLayout, Outcome, UNMATCHED_COST, generate_matching_instance, solve};

#[test]
fn the_same_seed_gives_the_same_instance_and_another_seed_a_different_one() {
    let first = generate_matching_instance(200, 30, 9);
    assert_eq!(first, generate_matching_instance(200, 30, 9));
    assert_ne!(first, generate_matching_instance(200, 30, 10));
}

#[test]
fn every_person_has_twenty_to_fifty_candidates_and_an_unmatched_arc() {
    let (people, places) = (400, 100);
    let instance = generate_matching_instance(people, places, 1);
    let layout = MatchingLayout { people, places };
    let sink = layout.sink_node();
    let mut candidates = vec![0usize; people];
    let mut unmatched = vec![0usize; people];
    for arc in &instance.arcs {
        let from = arc.from as usize;
        if from < people {
            if arc.to == sink {
                unmatched[from] += 1;
                assert_eq!(arc.cost, UNMATCHED_COST);
                assert_eq!(arc.capacity, instance.supplies[from]);
            } else {
                candidates[from] += 1;
                assert!(arc.cost >= 0 && arc.cost < UNMATCHED_COST);
            }
        } else {
            assert_eq!(arc.to, sink, "places only lead to the sink");
        }
    }
    assert!(candidates.iter().all(|&c| (20..=50).contains(&c)));
    assert!(unmatched.iter().all(|&u| u == 1));
}

#[test]
fn demand_is_one_to_three_per_person_and_capacity_is_contested() {
    let (people, places) = (2000, 200);
    let instance = generate_matching_instance(people, places, 5);
    let demand: i64 = instance.supplies[..people].iter().sum();
    assert!(instance.supplies[..people].iter().all(|&d| (1..=3).contains(&d)));
    assert!(instance.supplies[..people].iter().filter(|&&d| d > 1).count() > people / 20);
    assert_eq!(instance.supplies.iter().sum::<i64>(), 0);
    let capacity: i64 = instance
        .arcs
        .iter()
        .filter(|a| a.from as usize >= people)
        .map(|a| a.capacity)
        .sum();
    let share = capacity as f64 / demand as f64;
    assert!((0.8..=1.05).contains(&share), "capacity share {share}");
}

#[test]
fn generated_instances_are_feasible_and_leave_some_people_unmatched() {
    let (people, places) = (1000, 100);
    let instance = generate_matching_instance(people, places, 2);
    let Ok(Outcome::Optimal(solution)) = solve(&instance) else {
        panic!("a generated instance must be feasible");
    };
    let sink = MatchingLayout { people, places }.sink_node();
    let unmatched: i64 = instance
        .arcs
        .iter()
        .zip(&solution.flows)
        .filter(|(a, _)| (a.from as usize) < people && a.to == sink)
        .map(|(_, &f)| f)
        .sum();
    assert!(unmatched > 0, "capacity below demand leaves someone unmatched");
}
