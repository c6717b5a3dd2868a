//! The public entry point: validate, remove lower bounds, pick an engine, and
//! translate the result back to the caller's arcs.

use crate::cost_scaling;
use crate::infeasibility::{self, BoundConflict, Infeasibility};
use crate::network_simplex::{self, Network, SimplexResult};
use crate::{Error, Instance};

/// An optimal flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// Total cost, the sum of `flow * cost` over all arcs.
    pub cost: i64,
    /// Flow on every arc, in the order of [`Instance::arcs`].
    pub flows: Vec<i64>,
}

/// What solving a well-formed instance gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Optimal(Solution),
    Infeasible(Infeasibility),
}

impl Outcome {
    pub fn optimal(&self) -> Option<&Solution> {
        match self {
            Self::Optimal(solution) => Some(solution),
            Self::Infeasible(_) => None,
        }
    }
}

// Potentials stay within 2 * big M and reduced costs within 5 * big M, so
// this keeps every intermediate value far from i64 overflow.
const MAX_BIG_M: i128 = 1 << 60;
const MAX_TOTAL_FLOW: i128 = 1 << 62;

/// The algorithm that computes the flow. Both are exact; they may return
/// different optimal flows when several exist, never different costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// Cost-scaling push-relabel, falling back to the network simplex for
    /// infeasible instances (to explain them) and extreme magnitudes.
    #[default]
    CostScaling,
    /// Primal network simplex only.
    NetworkSimplex,
}

/// Finds a minimum-cost flow, or explains why none exists.
///
/// Deterministic: the same instance always gives the same flows. Returns an
/// error only when the instance is malformed (an arc endpoint that is not a
/// node) or its numbers are too large to solve exactly.
pub fn solve(instance: &Instance) -> Result<Outcome, Error> {
    solve_with(instance, Algorithm::default())
}

/// [`solve`] with a chosen algorithm.
pub fn solve_with(instance: &Instance, algorithm: Algorithm) -> Result<Outcome, Error> {
    instance.check_representable()?;

    let (offered, demanded) = instance
        .supplies
        .iter()
        .fold((0i128, 0i128), |(offered, demanded), &supply| {
            if supply > 0 {
                (offered + i128::from(supply), demanded)
            } else {
                (offered, demanded - i128::from(supply))
            }
        });
    if offered != demanded {
        return Ok(Outcome::Infeasible(Infeasibility::UnbalancedSupplies {
            offered,
            demanded,
        }));
    }

    let conflicts: Vec<BoundConflict> = instance
        .arcs
        .iter()
        .enumerate()
        .filter(|(_, arc)| arc.lower > arc.capacity)
        .map(|(arc, a)| BoundConflict {
            arc,
            lower: a.lower,
            capacity: a.capacity,
        })
        .collect();
    if !conflicts.is_empty() {
        return Ok(Outcome::Infeasible(Infeasibility::LowerBoundAboveCapacity {
            arcs: conflicts,
        }));
    }

    let network = without_lower_bounds(instance)?;
    let fast = match algorithm {
        Algorithm::CostScaling => cost_scaling::solve(&network),
        Algorithm::NetworkSimplex => None,
    };
    let result = match fast {
        Some(flow) => SimplexResult {
            flow,
            unrouted: Vec::new(),
        },
        None => network_simplex::solve(network),
    };

    let flows: Vec<i64> = result
        .flow
        .iter()
        .zip(&instance.arcs)
        .map(|(&flow, arc)| flow + arc.lower)
        .collect();
    if result.unrouted.iter().any(|&amount| amount != 0) {
        let shortfall = infeasibility::explain_shortfall(instance, &flows, &result.unrouted);
        return Ok(Outcome::Infeasible(Infeasibility::InsufficientCapacity(shortfall)));
    }
    let cost: i128 = flows
        .iter()
        .zip(&instance.arcs)
        .map(|(&flow, arc)| i128::from(flow) * i128::from(arc.cost))
        .sum();
    let cost = i64::try_from(cost).map_err(|_| Error::CostOverflow { cost })?;
    Ok(Outcome::Optimal(Solution { cost, flows }))
}

/// Substitutes `flow = lower + x` with `0 <= x <= capacity - lower`, moving
/// the forced flow into the supplies.
fn without_lower_bounds(instance: &Instance) -> Result<Network, Error> {
    let node_count = instance.node_count();
    let arc_count = instance.arcs.len();
    let mut supplies: Vec<i128> = instance.supplies.iter().map(|&s| i128::from(s)).collect();
    let mut source = Vec::with_capacity(arc_count + node_count);
    let mut target = Vec::with_capacity(arc_count + node_count);
    let mut capacity = Vec::with_capacity(arc_count + node_count);
    let mut cost = Vec::with_capacity(arc_count + node_count);
    let mut max_abs_cost = 0i64;
    for arc in &instance.arcs {
        source.push(arc.from);
        target.push(arc.to);
        capacity.push(arc.capacity - arc.lower);
        cost.push(arc.cost);
        max_abs_cost = max_abs_cost.max(arc.cost.abs());
        if arc.lower != 0 {
            supplies[arc.from as usize] -= i128::from(arc.lower);
            supplies[arc.to as usize] += i128::from(arc.lower);
        }
    }

    let big_m = (i128::from(max_abs_cost) + 1) * (node_count as i128 + 1);
    if big_m > MAX_BIG_M {
        return Err(Error::CostRangeTooLarge {
            max_abs_cost,
            nodes: node_count,
        });
    }
    let total_flow: i128 = supplies.iter().map(|s| s.abs()).sum();
    if total_flow > MAX_TOTAL_FLOW {
        return Err(Error::FlowRangeTooLarge);
    }
    Ok(Network {
        // Each fits: its magnitude is at most the checked total.
        supplies: supplies.into_iter().map(|s| s as i64).collect(),
        source,
        target,
        capacity,
        cost,
        big_m: big_m as i64,
    })
}
