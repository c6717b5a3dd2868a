//! The JSON instance and result formats (see docs/optimisation-format.md).
//! Text in, text out: reading and writing files is the caller's business.

use std::fmt::{self, Write as _};
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::infeasibility::{Infeasibility, NodeAmount};
use crate::instance::check_magnitude;
use crate::{Arc, Error, Instance, Outcome};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstance {
    nodes: Labelled<RawNode, NodeLabel>,
    arcs: Labelled<RawArc, ArcLabel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    id: i64,
    supply: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArc {
    from: i64,
    to: i64,
    capacity: i64,
    cost: i64,
    #[serde(default)]
    lower: i64,
}

/// Parses and validates an instance. Never panics; every problem is an
/// [`Error`] whose message names the node or arc at fault.
pub fn parse_instance(text: &str) -> Result<Instance, Error> {
    let raw: RawInstance = serde_json::from_str(text).map_err(|e| Error::Format { message: e.to_string() })?;
    let nodes = raw.nodes.0;
    let node_count = nodes.len();

    let mut supplies = vec![0i64; node_count];
    let mut seen = vec![false; node_count];
    for (position, node) in nodes.iter().enumerate() {
        let index = usize::try_from(node.id)
            .ok()
            .filter(|&i| i < node_count)
            .ok_or(Error::NodeIdOutOfRange {
                position,
                id: node.id,
                node_count,
            })?;
        if std::mem::replace(&mut seen[index], true) {
            return Err(Error::DuplicateNodeId { position, id: node.id });
        }
        check_magnitude(node.supply, || format!("node {}", node.id), "supply")?;
        supplies[index] = node.supply;
    }

    let node_id = |arc: usize, end: &'static str, id: i64| {
        u32::try_from(id)
            .ok()
            .filter(|&i| (i as usize) < node_count)
            .ok_or(Error::ArcEndpointNotANode {
                arc,
                end,
                id,
                node_count,
            })
    };
    let mut arcs = Vec::with_capacity(raw.arcs.0.len());
    for (index, arc) in raw.arcs.0.into_iter().enumerate() {
        let from = node_id(index, "from", arc.from)?;
        let to = node_id(index, "to", arc.to)?;
        for (field, value) in [("capacity", arc.capacity), ("lower", arc.lower)] {
            if value < 0 {
                return Err(Error::NegativeBound {
                    arc: index,
                    field,
                    value,
                });
            }
            check_magnitude(value, || format!("arc {index}"), field)?;
        }
        check_magnitude(arc.cost, || format!("arc {index}"), "cost")?;
        arcs.push(Arc {
            from,
            to,
            capacity: arc.capacity,
            cost: arc.cost,
            lower: arc.lower,
        });
    }
    let instance = Instance { supplies, arcs };
    instance.check_representable()?;
    Ok(instance)
}

/// Writes an instance in the documented format, one node or arc per line.
pub fn instance_to_json(instance: &Instance) -> String {
    let mut out = String::with_capacity(64 + 24 * instance.supplies.len() + 64 * instance.arcs.len());
    // Writing to a String cannot fail.
    let _ = write_instance(instance, &mut out);
    out
}

fn write_instance(instance: &Instance, out: &mut String) -> fmt::Result {
    out.push_str("{\"nodes\": [");
    for (id, supply) in instance.supplies.iter().enumerate() {
        let separator = if id == 0 { "\n" } else { ",\n" };
        write!(out, "{separator}  {{\"id\": {id}, \"supply\": {supply}}}")?;
    }
    out.push_str("\n],\n\"arcs\": [");
    for (index, arc) in instance.arcs.iter().enumerate() {
        let separator = if index == 0 { "\n" } else { ",\n" };
        write!(
            out,
            "{separator}  {{\"from\": {}, \"to\": {}, \"capacity\": {}, \"cost\": {}",
            arc.from, arc.to, arc.capacity, arc.cost
        )?;
        if arc.lower != 0 {
            write!(out, ", \"lower\": {}", arc.lower)?;
        }
        out.push('}');
    }
    out.push_str("\n]}\n");
    Ok(())
}

/// The result object as one line of JSON: `{"status": "optimal", "cost",
/// "solve_ms", "flows"}` or `{"status": "infeasible", "reason", "solve_ms",
/// "details"}`, keys in that order.
pub fn outcome_to_json(outcome: &Outcome, solve_ms: f64) -> String {
    #[derive(Serialize)]
    struct Optimal<'a> {
        status: &'static str,
        cost: i64,
        solve_ms: f64,
        flows: &'a [i64],
    }
    #[derive(Serialize)]
    struct Infeasible {
        status: &'static str,
        reason: String,
        solve_ms: f64,
        details: Value,
    }
    let json = match outcome {
        Outcome::Optimal(solution) => serde_json::to_string(&Optimal {
            status: "optimal",
            cost: solution.cost,
            solve_ms,
            flows: &solution.flows,
        }),
        Outcome::Infeasible(infeasibility) => serde_json::to_string(&Infeasible {
            status: "infeasible",
            reason: infeasibility.to_string(),
            solve_ms,
            details: infeasibility_details(infeasibility),
        }),
    };
    // Serialising integers, strings and finite or non-finite floats (the
    // latter become null) cannot fail.
    json.unwrap_or_default()
}

fn infeasibility_details(infeasibility: &Infeasibility) -> Value {
    let amounts = |list: &[NodeAmount]| -> Value {
        list.iter()
            .map(|n| json!({"node": n.node, "amount": n.amount}))
            .collect()
    };
    match infeasibility {
        Infeasibility::UnbalancedSupplies { offered, demanded } => json!({
            "kind": "unbalanced_supplies",
            // As strings: the totals may exceed what JSON numbers carry.
            "offered": offered.to_string(),
            "demanded": demanded.to_string(),
        }),
        Infeasibility::LowerBoundAboveCapacity { arcs } => json!({
            "kind": "lower_bound_above_capacity",
            "arcs": arcs.iter().map(|c| json!({"arc": c.arc, "lower": c.lower, "capacity": c.capacity})).collect::<Vec<_>>(),
        }),
        Infeasibility::InsufficientCapacity(shortfall) => json!({
            "kind": "insufficient_capacity",
            "shortfall": shortfall.total,
            "unmet": amounts(&shortfall.unmet),
            "unsent": amounts(&shortfall.unsent),
            "cut": {
                "nodes": shortfall.cut.nodes,
                "net_demand": shortfall.cut.net_demand,
                "entering_arcs": shortfall.cut.entering_arcs,
                "entering_capacity": shortfall.cut.entering_capacity,
                "forcing_arcs": shortfall.cut.forcing_arcs,
                "forced_out": shortfall.cut.forced_out,
            },
        }),
    }
}

/// A JSON array whose element errors are prefixed with the element's label
/// and index ("arc 12: missing field `cost`").
struct Labelled<T, L>(Vec<T>, PhantomData<L>);

trait Label {
    const NAME: &'static str;
}

struct NodeLabel;
impl Label for NodeLabel {
    const NAME: &'static str = "node entry";
}

struct ArcLabel;
impl Label for ArcLabel {
    const NAME: &'static str = "arc";
}

impl<'de, T: DeserializeOwned, L: Label> Deserialize<'de> for Labelled<T, L> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LabelledVisitor<T, L>(PhantomData<(T, L)>);

        impl<'de, T: DeserializeOwned, L: Label> Visitor<'de> for LabelledVisitor<T, L> {
            type Value = Labelled<T, L>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "an array of {} objects", L::NAME)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                loop {
                    match seq.next_element::<T>() {
                        Ok(Some(item)) => items.push(item),
                        Ok(None) => return Ok(Labelled(items, PhantomData)),
                        Err(error) => {
                            let message = error.to_string();
                            return Err(de::Error::custom(format_args!(
                                "{} {}: {}",
                                L::NAME,
                                items.len(),
                                without_position(&message)
                            )));
                        }
                    }
                }
            }
        }

        deserializer.deserialize_seq(LabelledVisitor(PhantomData))
    }
}

/// serde_json appends " at line L column C" to element errors and again to
/// the wrapped error; keep only the outer one.
fn without_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => &message[..at],
        _ => message,
    }
}
