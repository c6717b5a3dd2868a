//! The JSON instance format: valid files round-trip, invalid ones give an
//! error that names the problem, and no input makes the parser panic.

use filiera_optimisation::{
    Error, Instance, Outcome, generate_matching_instance, instance_to_json, outcome_to_json, parse_instance, solve,
};
use proptest::prelude::*;

fn small_instance() -> Instance {
    let mut instance = Instance::with_supplies(vec![3, 0, -3]);
    instance.add_arc(0, 1, 3, 2);
    instance.add_bounded_arc(1, 2, (1, 3), -1);
    instance.add_arc(0, 2, 2, 4);
    instance
}

fn parse_error(text: &str) -> String {
    match parse_instance(text) {
        Err(error) => error.to_string(),
        Ok(instance) => panic!("accepted {text}: {instance:?}"),
    }
}

#[test]
fn an_instance_round_trips_through_json() {
    for instance in [small_instance(), generate_matching_instance(50, 8, 4)] {
        assert_eq!(parse_instance(&instance_to_json(&instance)).unwrap(), instance);
    }
}

#[test]
fn nodes_may_be_listed_in_any_order_and_lower_is_optional() {
    let text = r#"{"nodes": [{"id": 1, "supply": -2}, {"id": 0, "supply": 2}],
                   "arcs": [{"from": 0, "to": 1, "capacity": 5, "cost": 3}]}"#;
    let instance = parse_instance(text).unwrap();
    assert_eq!(instance.supplies, vec![2, -2]);
    assert_eq!(instance.arcs[0].lower, 0);
}

#[test]
fn an_arc_to_an_unknown_node_names_the_arc_and_the_valid_range() {
    let mut arcs: Vec<String> = (0..12)
        .map(|_| r#"{"from": 0, "to": 1, "capacity": 1, "cost": 1}"#.to_owned())
        .collect();
    arcs.push(r#"{"from": 0, "to": 99, "capacity": 1, "cost": 1}"#.to_owned());
    let nodes: Vec<String> = (0..50).map(|id| format!(r#"{{"id": {id}, "supply": 0}}"#)).collect();
    let text = format!(r#"{{"nodes": [{}], "arcs": [{}]}}"#, nodes.join(","), arcs.join(","));
    assert_eq!(parse_error(&text), "arc 12: `to` 99 is not a node id (0..=49)");
}

#[test]
fn a_wrongly_typed_field_names_the_arc() {
    let text = r#"{"nodes": [{"id": 0, "supply": 0}],
                   "arcs": [{"from": 0, "to": 0, "capacity": 1, "cost": 1},
                            {"from": 0, "to": 0, "capacity": "3", "cost": 1}]}"#;
    let message = parse_error(text);
    assert!(message.contains("arc 1: invalid type: string \"3\""), "{message}");
}

#[test]
fn unknown_fields_are_rejected() {
    let text = r#"{"nodes": [{"id": 0, "supply": 0, "name": "x"}], "arcs": []}"#;
    assert!(parse_error(text).contains("node entry 0: unknown field `name`"));
    let text = r#"{"nodes": [], "arcs": [], "comment": 1}"#;
    assert!(parse_error(text).contains("unknown field `comment`"));
}

#[test]
fn duplicate_and_out_of_range_node_ids_are_rejected() {
    let text = r#"{"nodes": [{"id": 0, "supply": 0}, {"id": 0, "supply": 0}], "arcs": []}"#;
    assert_eq!(parse_error(text), "node entry 1: id 0 is listed twice");
    let text = r#"{"nodes": [{"id": 0, "supply": 0}, {"id": 2, "supply": 0}], "arcs": []}"#;
    assert_eq!(
        parse_error(text),
        "node entry 1: id 2 is out of range (ids must be 0..=1)"
    );
}

#[test]
fn negative_capacities_and_lower_bounds_are_rejected() {
    let text = r#"{"nodes": [{"id": 0, "supply": 0}],
                   "arcs": [{"from": 0, "to": 0, "capacity": -1, "cost": 1}]}"#;
    assert_eq!(
        parse_error(text),
        "arc 0: `capacity` is -1, but it must not be negative"
    );
    let text = r#"{"nodes": [{"id": 0, "supply": 0}],
                   "arcs": [{"from": 0, "to": 0, "capacity": 1, "cost": 1, "lower": -2}]}"#;
    assert!(parse_error(text).contains("`lower` is -2"));
}

#[test]
fn numbers_beyond_the_exact_json_range_are_rejected() {
    let text = r#"{"nodes": [{"id": 0, "supply": 9007199254740992}], "arcs": []}"#;
    assert!(parse_error(text).contains("beyond the allowed magnitude"));
    let text = r#"{"nodes": [{"id": 0, "supply": 1e30}], "arcs": []}"#;
    assert!(matches!(parse_instance(text), Err(Error::Format { .. })));
}

#[test]
fn the_optimal_result_object_has_status_cost_and_flows_in_arc_order() {
    let instance = small_instance();
    let outcome = solve(&instance).unwrap();
    let Outcome::Optimal(solution) = &outcome else {
        panic!("expected optimal");
    };
    let text = outcome_to_json(&outcome, 1.5);
    assert!(text.starts_with(r#"{"status":"optimal","cost":"#), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["status"], "optimal");
    assert_eq!(json["cost"], solution.cost);
    assert_eq!(json["solve_ms"], 1.5);
    assert_eq!(json["flows"].as_array().unwrap().len(), instance.arcs.len());
}

#[test]
fn the_infeasible_result_object_has_a_reason_and_details() {
    let mut instance = Instance::with_supplies(vec![2, -2]);
    instance.add_arc(0, 1, 1, 1);
    let text = outcome_to_json(&solve(&instance).unwrap(), 0.1);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["status"], "infeasible");
    assert!(
        json["reason"]
            .as_str()
            .unwrap()
            .contains("1 units of demand cannot be met")
    );
    assert_eq!(json["details"]["kind"], "insufficient_capacity");
    assert_eq!(json["details"]["cut"]["entering_arcs"][0], 0);
}

/// Ways to break a valid instance text, each of which must be rejected.
fn broken(text: &str, choice: usize, position: usize) -> String {
    let instance_end = text.trim_end().len();
    match choice % 8 {
        // Any proper prefix of a JSON object is incomplete.
        0 => text[..position % instance_end].to_owned(),
        1 => text.replacen("\"capacity\": ", "\"capacity\": -", 1 + position % 3),
        2 => text.replacen("\"cost\": ", "\"cost\": \"", 1),
        3 => text.replacen("\"supply\": ", "\"supply\": 123456789012345678901234567890", 1),
        4 => text.replacen("\"id\": 1,", "\"id\": 0,", 1),
        5 => text.replacen("\"to\": ", "\"to\": 4000", 1),
        6 => text.replacen("\"from\": ", "\"from\": -", 1),
        _ => text.replacen("\"cost\"", "\"price\"", 1),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = parse_instance(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_instance(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn json_shaped_noise_is_rejected_without_panicking(
        text in r#"\{"nodes": \[(\{"id": -?[0-9]{1,20}, "supply": -?[0-9e.]{1,22}\},? ?){0,4}\], "arcs": \[(\{"from": -?[0-9]{1,12}, "to": [0-9]{1,12}, "capacity": -?[0-9]{1,25}, "cost": -?[0-9]{1,25}(, "lower": [0-9a-z"]{0,4})?\},?){0,4}\]\}"#
    ) {
        // Some of these are valid; all must be handled without panicking,
        // and whatever is accepted must be solvable without panicking.
        if let Ok(instance) = parse_instance(&text) {
            let _ = solve(&instance);
        }
    }

    #[test]
    fn mutations_of_a_valid_instance_are_rejected(
        people in 2usize..20,
        seed in any::<u64>(),
        choice in 0usize..8,
        position in any::<usize>(),
    ) {
        let text = instance_to_json(&generate_matching_instance(people, 3, seed));
        let mutated = broken(&text, choice, position);
        prop_assert!(parse_instance(&mutated).is_err(), "accepted mutation {}", choice);
    }
}
