//! Why an instance has no feasible flow, in terms a planner can act on.
//!
//! When capacity is missing, the solver's flow is a maximum flow (see
//! `network_simplex`). Starting from the nodes whose demand is unmet and
//! walking residual arcs backwards gives the set of nodes that could still
//! receive more flow. No node with spare supply is in it, so every arc
//! entering the set is full and every arc leaving it is at its lower bound:
//! that cut is the bottleneck, and its numbers add up exactly to the
//! shortfall.

use std::fmt;

use crate::Instance;

/// Why no feasible flow exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Infeasibility {
    /// The supplies do not sum to zero.
    UnbalancedSupplies {
        /// Total of positive supplies.
        offered: i128,
        /// Total of negative supplies, as a positive number.
        demanded: i128,
    },
    /// Some arcs must carry more than their capacity allows.
    LowerBoundAboveCapacity { arcs: Vec<BoundConflict> },
    /// Some demand (or some flow forced by lower bounds) cannot be routed.
    InsufficientCapacity(Shortfall),
}

/// An arc whose lower bound exceeds its capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoundConflict {
    pub arc: usize,
    pub lower: i64,
    pub capacity: i64,
}

/// The demand that cannot be met and the cut that limits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// Total units that cannot be delivered.
    pub total: i64,
    /// Nodes that would receive less than they need, with the amount missing.
    pub unmet: Vec<NodeAmount>,
    /// Nodes that could not send all they must, with the amount left over.
    pub unsent: Vec<NodeAmount>,
    pub cut: Cut,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeAmount {
    pub node: u32,
    pub amount: i64,
}

/// A set of nodes that needs more flow than the arcs into it can carry.
///
/// `net_demand + forced_out - entering_capacity` equals the shortfall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The nodes, ascending.
    pub nodes: Vec<u32>,
    /// Demand minus supply of `nodes`.
    pub net_demand: i64,
    /// Arcs from outside into `nodes` (all full in the best flow).
    pub entering_arcs: Vec<usize>,
    pub entering_capacity: i64,
    /// Arcs from `nodes` to outside with a positive lower bound.
    pub forcing_arcs: Vec<usize>,
    /// Flow that those lower bounds force out of `nodes`.
    pub forced_out: i64,
}

/// Builds the explanation from a maximum flow (`flow` includes lower bounds)
/// and the per-node amounts it could not route.
pub(crate) fn explain_shortfall(instance: &Instance, flow: &[i64], unrouted: &[i64]) -> Shortfall {
    let node_count = instance.node_count();
    let adjacency = Adjacency::new(instance);

    let mut in_cut = vec![false; node_count];
    let mut queue: Vec<u32> = Vec::new();
    let mut unmet = Vec::new();
    let mut unsent = Vec::new();
    for (node, &amount) in unrouted.iter().enumerate() {
        if amount < 0 {
            unmet.push(NodeAmount {
                node: node as u32,
                amount: -amount,
            });
            in_cut[node] = true;
            queue.push(node as u32);
        } else if amount > 0 {
            unsent.push(NodeAmount {
                node: node as u32,
                amount,
            });
        }
    }
    // Backwards over residual arcs: x reaches y if x -> y has room, or if
    // y -> x carries more than its lower bound.
    let mut head = 0;
    while head < queue.len() {
        let node = queue[head] as usize;
        head += 1;
        for &arc in adjacency.incoming(node) {
            let a = &instance.arcs[arc as usize];
            if flow[arc as usize] < a.capacity && !in_cut[a.from as usize] {
                in_cut[a.from as usize] = true;
                queue.push(a.from);
            }
        }
        for &arc in adjacency.outgoing(node) {
            let a = &instance.arcs[arc as usize];
            if flow[arc as usize] > a.lower && !in_cut[a.to as usize] {
                in_cut[a.to as usize] = true;
                queue.push(a.to);
            }
        }
    }

    let mut nodes = queue;
    nodes.sort_unstable();
    let net_demand: i128 = nodes.iter().map(|&n| -i128::from(instance.supplies[n as usize])).sum();
    let mut cut = Cut {
        nodes,
        net_demand: saturate(net_demand),
        entering_arcs: Vec::new(),
        entering_capacity: 0,
        forcing_arcs: Vec::new(),
        forced_out: 0,
    };
    let (mut entering_capacity, mut forced_out) = (0i128, 0i128);
    for (index, arc) in instance.arcs.iter().enumerate() {
        let (from_inside, to_inside) = (in_cut[arc.from as usize], in_cut[arc.to as usize]);
        if to_inside && !from_inside {
            cut.entering_arcs.push(index);
            entering_capacity += i128::from(arc.capacity);
        } else if from_inside && !to_inside && arc.lower > 0 {
            cut.forcing_arcs.push(index);
            forced_out += i128::from(arc.lower);
        }
    }
    cut.entering_capacity = saturate(entering_capacity);
    cut.forced_out = saturate(forced_out);
    let total = unmet.iter().map(|n| i128::from(n.amount)).sum();
    Shortfall {
        total: saturate(total),
        unmet,
        unsent,
        cut,
    }
}

fn saturate(value: i128) -> i64 {
    value.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Incoming and outgoing arc lists per node, in compressed rows.
struct Adjacency {
    in_start: Vec<u32>,
    in_arcs: Vec<u32>,
    out_start: Vec<u32>,
    out_arcs: Vec<u32>,
}

impl Adjacency {
    fn new(instance: &Instance) -> Self {
        let n = instance.node_count();
        let (in_start, in_arcs) = group_arcs(n, instance.arcs.iter().map(|a| a.to));
        let (out_start, out_arcs) = group_arcs(n, instance.arcs.iter().map(|a| a.from));
        Self {
            in_start,
            in_arcs,
            out_start,
            out_arcs,
        }
    }

    fn incoming(&self, node: usize) -> &[u32] {
        &self.in_arcs[self.in_start[node] as usize..self.in_start[node + 1] as usize]
    }

    fn outgoing(&self, node: usize) -> &[u32] {
        &self.out_arcs[self.out_start[node] as usize..self.out_start[node + 1] as usize]
    }
}

fn group_arcs(node_count: usize, keys: impl Iterator<Item = u32> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; node_count + 1];
    for key in keys.clone() {
        start[key as usize + 1] += 1;
    }
    for i in 0..node_count {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut arcs = vec![0u32; start[node_count] as usize];
    for (arc, key) in keys.enumerate() {
        let slot = &mut next[key as usize];
        arcs[*slot as usize] = arc as u32;
        *slot += 1;
    }
    (start, arcs)
}

impl fmt::Display for Infeasibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnbalancedSupplies { offered, demanded } => write!(
                f,
                "the supplies do not balance: sources offer {offered} units but sinks demand {demanded}"
            ),
            Self::LowerBoundAboveCapacity { arcs } => {
                let described: Vec<String> = arcs
                    .iter()
                    .map(|c| format!("arc {} (at least {}, capacity {})", c.arc, c.lower, c.capacity))
                    .collect();
                write!(
                    f,
                    "lower bounds cannot be satisfied: {} must carry more than {} capacity allows",
                    list(&described),
                    if arcs.len() == 1 { "its" } else { "their" }
                )
            }
            Self::InsufficientCapacity(shortfall) => shortfall.fmt(f),
        }
    }
}

impl fmt::Display for Shortfall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unmet: Vec<String> = self
            .unmet
            .iter()
            .map(|n| format!("node {} ({} short)", n.node, n.amount))
            .collect();
        write!(f, "{} units of demand cannot be met at {}. ", self.total, list(&unmet))?;
        let cut = &self.cut;
        let nodes: Vec<String> = cut.nodes.iter().map(u32::to_string).collect();
        write!(
            f,
            "The {} node(s) that could still receive flow ({}) need {} units net",
            cut.nodes.len(),
            list(&nodes),
            cut.net_demand
        )?;
        if cut.forced_out > 0 {
            let forcing: Vec<String> = cut.forcing_arcs.iter().map(usize::to_string).collect();
            write!(
                f,
                " plus {} units that the lower bounds of arc(s) {} force out",
                cut.forced_out,
                list(&forcing)
            )?;
        }
        if cut.entering_arcs.is_empty() {
            write!(f, ", but no arc enters them")
        } else {
            let entering: Vec<String> = cut.entering_arcs.iter().map(usize::to_string).collect();
            write!(
                f,
                ", but the {} arc(s) entering them ({}) can carry at most {}",
                cut.entering_arcs.len(),
                list(&entering),
                cut.entering_capacity
            )
        }
    }
}

/// Joins at most ten items, naming how many more there are.
fn list(items: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = items.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}
