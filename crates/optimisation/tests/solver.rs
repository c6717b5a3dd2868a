//! Behaviour of the solver on small instances whose optimum can be worked
//! out by hand, on infeasible instances, and against an independent
//! reference on random instances.

mod support;

use filiera_optimisation::{
    Algorithm, Error, Infeasibility, Instance, Outcome, Solution, generate_matching_instance, solve, solve_with,
};
use proptest::prelude::*;
use support::reference::{self, Reference};

const ALGORITHMS: [Algorithm; 2] = [Algorithm::CostScaling, Algorithm::NetworkSimplex];

fn optimal(instance: &Instance, algorithm: Algorithm) -> Solution {
    match solve_with(instance, algorithm) {
        Ok(Outcome::Optimal(solution)) => solution,
        other => panic!("{algorithm:?}: expected an optimal solution, got {other:?}"),
    }
}

fn infeasibility(instance: &Instance, algorithm: Algorithm) -> Infeasibility {
    match solve_with(instance, algorithm) {
        Ok(Outcome::Infeasible(reason)) => reason,
        other => panic!("{algorithm:?}: expected infeasibility, got {other:?}"),
    }
}

/// Checks bounds, conservation and the reported cost; returns nothing so a
/// violation fails the calling test.
fn assert_valid_flow(instance: &Instance, solution: &Solution) {
    assert_eq!(solution.flows.len(), instance.arcs.len());
    let mut net_out = vec![0i128; instance.node_count()];
    let mut cost = 0i128;
    for (arc, &flow) in instance.arcs.iter().zip(&solution.flows) {
        assert!(
            arc.lower <= flow && flow <= arc.capacity,
            "flow {flow} outside [{}, {}]",
            arc.lower,
            arc.capacity
        );
        net_out[arc.from as usize] += i128::from(flow);
        net_out[arc.to as usize] -= i128::from(flow);
        cost += i128::from(flow) * i128::from(arc.cost);
    }
    for (node, (&out, &supply)) in net_out.iter().zip(&instance.supplies).enumerate() {
        assert_eq!(out, i128::from(supply), "conservation fails at node {node}");
    }
    assert_eq!(cost, i128::from(solution.cost));
}

#[test]
fn a_transportation_problem_with_two_sources_is_solved_at_minimum_cost() {
    // Sources 0 (4 units) and 1 (3 units); sinks 2 (needs 5) and 3 (needs 2).
    // Costs: 0->2: 1, 0->3: 5, 1->2: 4, 1->3: 2. Each source prefers a
    // different sink: 0 sends 4 to 2 (4), 1 sends 2 to 3 (4) and its last
    // unit to 2 (4): total 12. Any other plan moves a unit onto a dearer arc.
    let mut instance = Instance::with_supplies(vec![4, 3, -5, -2]);
    instance.add_arc(0, 2, 10, 1);
    instance.add_arc(0, 3, 10, 5);
    instance.add_arc(1, 2, 10, 4);
    instance.add_arc(1, 3, 10, 2);
    for algorithm in ALGORITHMS {
        let solution = optimal(&instance, algorithm);
        assert_valid_flow(&instance, &solution);
        assert_eq!(solution.cost, 12);
        assert_eq!(solution.flows, vec![4, 0, 1, 2]);
    }
}

#[test]
fn capacities_push_flow_onto_a_dearer_route() {
    // The cheap arc 0->1 carries only 2 of the 5 units; the rest go 0->2->1.
    let mut instance = Instance::with_supplies(vec![5, -5, 0]);
    instance.add_arc(0, 1, 2, 1);
    instance.add_arc(0, 2, 10, 2);
    instance.add_arc(2, 1, 10, 2);
    for algorithm in ALGORITHMS {
        let solution = optimal(&instance, algorithm);
        assert_valid_flow(&instance, &solution);
        assert_eq!(solution.flows, vec![2, 3, 3]);
        assert_eq!(solution.cost, 2 + 3 * 4);
    }
}

#[test]
fn a_negative_cost_cycle_is_filled_to_its_capacity() {
    // No supplies at all, but going round 0->1->2->0 earns 1 per unit, up to
    // the cycle's narrowest arc (3 units).
    let mut instance = Instance::with_supplies(vec![0, 0, 0]);
    instance.add_arc(0, 1, 5, -3);
    instance.add_arc(1, 2, 3, 1);
    instance.add_arc(2, 0, 4, 1);
    for algorithm in ALGORITHMS {
        let solution = optimal(&instance, algorithm);
        assert_valid_flow(&instance, &solution);
        assert_eq!(solution.flows, vec![3, 3, 3]);
        assert_eq!(solution.cost, -3);
    }
}

#[test]
fn a_lower_bound_forces_flow_through_an_expensive_arc() {
    // Two parallel routes from 0 to 1; the dear one must carry at least 2.
    let mut instance = Instance::with_supplies(vec![3, -3]);
    instance.add_arc(0, 1, 10, 1);
    instance.add_bounded_arc(0, 1, (2, 10), 7);
    for algorithm in ALGORITHMS {
        let solution = optimal(&instance, algorithm);
        assert_valid_flow(&instance, &solution);
        assert_eq!(solution.flows, vec![1, 2]);
        assert_eq!(solution.cost, 1 + 14);
    }
}

#[test]
fn a_self_loop_with_negative_cost_is_filled_and_one_with_positive_cost_left_empty() {
    let mut instance = Instance::with_supplies(vec![1, -1]);
    instance.add_arc(0, 1, 1, 0);
    instance.add_arc(0, 0, 4, -2);
    instance.add_arc(1, 1, 4, 2);
    for algorithm in ALGORITHMS {
        let solution = optimal(&instance, algorithm);
        assert_valid_flow(&instance, &solution);
        assert_eq!(solution.flows, vec![1, 4, 0]);
    }
}

#[test]
fn an_empty_instance_is_optimal_at_zero_cost() {
    for algorithm in ALGORITHMS {
        let solution = optimal(&Instance::default(), algorithm);
        assert_eq!(solution.cost, 0);
        assert!(solution.flows.is_empty());
    }
}

#[test]
fn an_instance_whose_supplies_do_not_sum_to_zero_is_reported_infeasible() {
    let mut instance = Instance::with_supplies(vec![5, -3]);
    instance.add_arc(0, 1, 10, 1);
    for algorithm in ALGORITHMS {
        let reason = infeasibility(&instance, algorithm);
        assert_eq!(
            reason,
            Infeasibility::UnbalancedSupplies {
                offered: 5,
                demanded: 3
            }
        );
        assert!(reason.to_string().contains("offer 5 units but sinks demand 3"));
    }
}

#[test]
fn a_lower_bound_above_capacity_is_reported_with_the_arc() {
    let mut instance = Instance::with_supplies(vec![0, 0]);
    instance.add_arc(0, 1, 1, 1);
    instance.add_bounded_arc(1, 0, (4, 3), 1);
    let reason = infeasibility(&instance, Algorithm::default());
    let Infeasibility::LowerBoundAboveCapacity { arcs } = &reason else {
        panic!("unexpected {reason:?}");
    };
    assert_eq!(arcs.len(), 1);
    assert_eq!((arcs[0].arc, arcs[0].lower, arcs[0].capacity), (1, 4, 3));
    assert!(reason.to_string().contains("arc 1 (at least 4, capacity 3)"));
}

#[test]
fn a_demand_behind_a_narrow_arc_is_reported_with_the_cut_that_limits_it() {
    // Node 0 supplies 6. Sink 3 needs 4 but is reachable only through node 2,
    // and the arc 1->2 carries at most 1 besides the direct 0->2 arc (1).
    // Sink 4 (needs 2) is easy to serve.
    let mut instance = Instance::with_supplies(vec![6, 0, 0, -4, -2]);
    instance.add_arc(0, 1, 10, 1); // 0
    instance.add_arc(1, 2, 1, 1); // 1
    instance.add_arc(0, 2, 1, 5); // 2
    instance.add_arc(2, 3, 10, 1); // 3
    instance.add_arc(0, 4, 10, 1); // 4
    for algorithm in ALGORITHMS {
        let Infeasibility::InsufficientCapacity(shortfall) = infeasibility(&instance, algorithm) else {
            panic!("expected a capacity shortfall");
        };
        assert_eq!(shortfall.total, 2);
        assert_eq!(shortfall.unmet.len(), 1);
        assert_eq!((shortfall.unmet[0].node, shortfall.unmet[0].amount), (3, 2));
        assert_eq!(shortfall.cut.nodes, vec![2, 3]);
        assert_eq!(shortfall.cut.entering_arcs, vec![1, 2]);
        assert_eq!(shortfall.cut.entering_capacity, 2);
        assert_eq!(shortfall.cut.net_demand, 4);
        let message = shortfall.to_string();
        assert!(message.contains("node 3 (2 short)"), "{message}");
        assert!(message.contains("arcs 1, 2") || message.contains("(1, 2)"), "{message}");
    }
}

#[test]
fn lower_bounds_that_cannot_be_satisfied_are_explained_by_the_flow_they_force_out() {
    // Arc 0 must carry 3 units out of node 1, but only 1 unit can reach it.
    let mut instance = Instance::with_supplies(vec![0, 0, 0]);
    instance.add_arc(0, 1, 1, 0);
    instance.add_bounded_arc(1, 2, (3, 5), 0);
    instance.add_arc(2, 0, 5, 0);
    let Infeasibility::InsufficientCapacity(shortfall) = infeasibility(&instance, Algorithm::default()) else {
        panic!("expected a capacity shortfall");
    };
    assert_eq!(shortfall.total, 2);
    assert_eq!(shortfall.cut.forced_out, 3);
    assert_eq!(shortfall.cut.forcing_arcs, vec![1]);
    assert!(shortfall.to_string().contains("lower bounds of arc(s) 1 force out"));
}

#[test]
fn an_arc_to_a_missing_node_is_an_error_not_a_panic() {
    let mut instance = Instance::with_supplies(vec![0, 0]);
    instance.add_arc(0, 7, 1, 1);
    let error = solve(&instance).unwrap_err();
    assert_eq!(error.to_string(), "arc 0: `to` 7 is not a node id (0..=1)");
}

#[test]
fn costs_too_large_for_cost_scaling_are_still_solved_exactly() {
    // Scaling 2^50 by the node count would overflow the scaled prices; the
    // network simplex still handles it.
    let big = 1i64 << 50;
    let mut instance = Instance::with_supplies(vec![2, 0, -2]);
    instance.add_arc(0, 1, 1, big);
    instance.add_arc(1, 2, 2, -big);
    instance.add_arc(0, 2, 2, 1);
    // One unit goes 0->1->2 (big - big = 0), the other 0->2 (1).
    let solution = optimal(&instance, Algorithm::CostScaling);
    assert_valid_flow(&instance, &solution);
    assert_eq!(solution.flows, vec![1, 1, 1]);
    assert_eq!(solution.cost, 1);
}

#[test]
fn a_total_cost_beyond_i64_is_an_error() {
    let big = filiera_optimisation::MAX_MAGNITUDE;
    let mut instance = Instance::with_supplies(vec![big, -big]);
    instance.add_arc(0, 1, big, 1 << 20);
    assert!(matches!(
        solve(&instance),
        Err(Error::CostOverflow { .. } | Error::CostRangeTooLarge { .. })
    ));
}

#[test]
fn both_algorithms_agree_on_a_generated_matching_instance() {
    let instance = generate_matching_instance(300, 40, 11);
    let fast = optimal(&instance, Algorithm::CostScaling);
    let simplex = optimal(&instance, Algorithm::NetworkSimplex);
    assert_valid_flow(&instance, &fast);
    assert_valid_flow(&instance, &simplex);
    assert_eq!(fast.cost, simplex.cost);
    match reference::solve(&instance) {
        Reference::Optimal { cost } => assert_eq!(cost, i128::from(fast.cost)),
        other => panic!("reference says {other:?}"),
    }
}

#[test]
fn solving_twice_gives_the_same_flows() {
    let instance = generate_matching_instance(500, 60, 3);
    assert_eq!(solve(&instance).unwrap(), solve(&instance).unwrap());
}

/// Small random instances: a few nodes, arcs with small capacities, costs of
/// both signs, occasional lower bounds; supplies balanced most of the time.
fn small_instance() -> impl Strategy<Value = Instance> {
    (2usize..7)
        .prop_flat_map(|n| {
            let arc = (
                0..n as u32,
                0..n as u32,
                0i64..6,
                -4i64..9,
                prop_oneof![4 => Just(0i64), 1 => 0i64..3],
            );
            (
                prop::collection::vec(-4i64..5, n),
                prop::collection::vec(arc, 0..14),
                prop::bool::weighted(0.9),
            )
        })
        .prop_map(|(mut supplies, arcs, balance)| {
            if balance {
                let total: i64 = supplies.iter().sum();
                supplies[0] -= total;
            }
            let mut instance = Instance::with_supplies(supplies);
            for (from, to, capacity, cost, lower) in arcs {
                instance.add_bounded_arc(from, to, (lower, capacity), cost);
            }
            instance
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn random_small_instances_match_the_reference(instance in small_instance()) {
        let expected = reference::solve(&instance);
        for algorithm in ALGORITHMS {
            let outcome = solve_with(&instance, algorithm).unwrap();
            match (&expected, &outcome) {
                (Reference::Optimal { cost }, Outcome::Optimal(solution)) => {
                    assert_valid_flow(&instance, solution);
                    prop_assert_eq!(*cost, i128::from(solution.cost));
                }
                (Reference::Unbalanced, Outcome::Infeasible(Infeasibility::UnbalancedSupplies { .. })) => {}
                (Reference::BoundConflict, Outcome::Infeasible(Infeasibility::LowerBoundAboveCapacity { .. })) => {}
                (Reference::Short { units }, Outcome::Infeasible(Infeasibility::InsufficientCapacity(shortfall))) => {
                    prop_assert_eq!(*units, i128::from(shortfall.total));
                    let cut = &shortfall.cut;
                    prop_assert_eq!(
                        cut.net_demand + cut.forced_out - cut.entering_capacity,
                        shortfall.total,
                        "the cut does not account for the shortfall"
                    );
                    for node in &shortfall.unmet {
                        prop_assert!(cut.nodes.contains(&node.node));
                    }
                    for node in &shortfall.unsent {
                        prop_assert!(!cut.nodes.contains(&node.node));
                    }
                }
                (expected, outcome) => {
                    prop_assert!(false, "{:?}: reference {:?}, solver {:?}", algorithm, expected, outcome);
                }
            }
        }
    }

    #[test]
    fn generated_instances_are_feasible_and_both_algorithms_agree(
        people in 1usize..120,
        places in 1usize..30,
        seed in any::<u64>(),
    ) {
        let instance = generate_matching_instance(people, places, seed);
        let fast = optimal(&instance, Algorithm::CostScaling);
        let simplex = optimal(&instance, Algorithm::NetworkSimplex);
        assert_valid_flow(&instance, &fast);
        prop_assert_eq!(fast.cost, simplex.cost);
    }
}

/// Transportation-shaped instances like the matching rounds (sources ->
/// places -> sink, plus direct "unmatched" arcs), with capacities above one
/// so arcs are often partly used: the residual graph's live/empty slot
/// bookkeeping is exercised in every state.
fn bipartite_instance() -> impl Strategy<Value = Instance> {
    (1usize..6, 1usize..5)
        .prop_flat_map(|(sources, places)| {
            (
                prop::collection::vec(1i64..4, sources),
                prop::collection::vec((0..sources as u32, 0..places as u32, 1i64..3, 0i64..20), 0..16),
                prop::collection::vec(0i64..4, places),
                prop::collection::vec(prop::option::weighted(0.7, 20i64..40), sources),
                Just(places),
            )
        })
        .prop_map(|(supplies, arcs, capacities, unmatched, places)| {
            let sources = supplies.len();
            let mut instance = Instance::with_supplies(supplies.clone());
            for _ in 0..places {
                instance.add_node(0);
            }
            let sink = instance.add_node(-supplies.iter().sum::<i64>());
            for (from, place, capacity, cost) in arcs {
                instance.add_arc(from, sources as u32 + place, capacity, cost);
            }
            for (place, capacity) in capacities.into_iter().enumerate() {
                instance.add_arc(sources as u32 + place as u32, sink, capacity, 0);
            }
            for (source, cost) in unmatched.into_iter().enumerate() {
                if let Some(cost) = cost {
                    instance.add_arc(source as u32, sink, supplies[source], cost);
                }
            }
            instance
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn transportation_instances_match_the_reference(instance in bipartite_instance()) {
        let expected = reference::solve(&instance);
        for algorithm in ALGORITHMS {
            match (&expected, solve_with(&instance, algorithm).unwrap()) {
                (Reference::Optimal { cost }, Outcome::Optimal(solution)) => {
                    assert_valid_flow(&instance, &solution);
                    prop_assert_eq!(*cost, i128::from(solution.cost));
                }
                (Reference::Short { units }, Outcome::Infeasible(Infeasibility::InsufficientCapacity(shortfall))) => {
                    prop_assert_eq!(*units, i128::from(shortfall.total));
                }
                (expected, outcome) => prop_assert!(false, "{:?}: reference {:?}, solver {:?}", algorithm, expected, outcome),
            }
        }
    }
}

/// Transportation instances whose costs (times 2^28) or capacities and
/// supplies (times 2^32) do not fit 32 bits once scaled, so cost scaling
/// stores its slots as `i64` rather than `i32`: both storage paths must give
/// the reference's optimum.
fn wide_transportation_instance() -> impl Strategy<Value = Instance> {
    (bipartite_instance(), prop::bool::ANY).prop_map(|(mut instance, wide_costs)| {
        if wide_costs {
            for arc in &mut instance.arcs {
                arc.cost <<= 28;
            }
        } else {
            for supply in &mut instance.supplies {
                *supply <<= 32;
            }
            for arc in &mut instance.arcs {
                arc.capacity <<= 32;
            }
        }
        instance
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn transportation_instances_beyond_32_bits_match_the_reference(instance in wide_transportation_instance()) {
        let expected = reference::solve(&instance);
        match (&expected, solve_with(&instance, Algorithm::CostScaling).unwrap()) {
            (Reference::Optimal { cost }, Outcome::Optimal(solution)) => {
                assert_valid_flow(&instance, &solution);
                prop_assert_eq!(*cost, i128::from(solution.cost));
            }
            (Reference::Short { units }, Outcome::Infeasible(Infeasibility::InsufficientCapacity(shortfall))) => {
                prop_assert_eq!(*units, i128::from(shortfall.total));
            }
            (expected, outcome) => prop_assert!(false, "reference {:?}, solver {:?}", expected, outcome),
        }
    }
}
