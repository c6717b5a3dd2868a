//! The min-cost-flow instance: nodes with supplies, arcs with bounds and costs.

use crate::Error;

/// The largest magnitude allowed for any supply, capacity, lower bound or
/// cost: 2^53 - 1, the largest integer that every JSON reader (including
/// JavaScript's) represents exactly, so instances round-trip between tools.
pub const MAX_MAGNITUDE: i64 = (1 << 53) - 1;

/// A directed arc carrying between `lower` and `capacity` units of flow, each
/// unit costing `cost` (which may be negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Arc {
    pub from: u32,
    pub to: u32,
    pub capacity: i64,
    pub cost: i64,
    pub lower: i64,
}

/// A min-cost-flow instance. Node `i` has supply `supplies[i]`: positive for
/// a source, negative for a sink, zero for a transit node. Supplies of a
/// feasible instance sum to zero.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Instance {
    pub supplies: Vec<i64>,
    pub arcs: Vec<Arc>,
}

impl Instance {
    /// An instance with the given node supplies and no arcs.
    pub fn with_supplies(supplies: Vec<i64>) -> Self {
        Self {
            supplies,
            arcs: Vec::new(),
        }
    }

    pub fn node_count(&self) -> usize {
        self.supplies.len()
    }

    /// Adds a node and returns its id.
    pub fn add_node(&mut self, supply: i64) -> u32 {
        let id = self.supplies.len() as u32;
        self.supplies.push(supply);
        id
    }

    /// Adds an arc without a lower bound and returns its index.
    pub fn add_arc(&mut self, from: u32, to: u32, capacity: i64, cost: i64) -> usize {
        self.add_bounded_arc(from, to, (0, capacity), cost)
    }

    /// Adds an arc that must carry between `bounds.0` and `bounds.1` units.
    pub fn add_bounded_arc(&mut self, from: u32, to: u32, bounds: (i64, i64), cost: i64) -> usize {
        self.arcs.push(Arc {
            from,
            to,
            lower: bounds.0,
            capacity: bounds.1,
            cost,
        });
        self.arcs.len() - 1
    }

    /// Checks what the solver needs to represent the instance exactly:
    /// endpoints are nodes, magnitudes are within [`MAX_MAGNITUDE`], and the
    /// network fits 32-bit indices. Feasibility is *not* checked here.
    pub fn check_representable(&self) -> Result<(), Error> {
        let node_count = self.supplies.len();
        // One extra node (the simplex root) and one extra arc per node must
        // also fit in u32.
        if node_count >= (u32::MAX / 2) as usize || self.arcs.len() >= (u32::MAX as usize) - node_count - 1 {
            return Err(Error::TooLarge {
                nodes: node_count,
                arcs: self.arcs.len(),
            });
        }
        for (node, &supply) in self.supplies.iter().enumerate() {
            check_magnitude(supply, || format!("node {node}"), "supply")?;
        }
        // Fast path: one pass of plain comparisons; the slower search below
        // only runs to name the offending arc.
        let node_limit = node_count as u64;
        let fine = self.arcs.iter().all(|arc| {
            u64::from(arc.from.max(arc.to)) < node_limit
                && arc
                    .capacity
                    .unsigned_abs()
                    .max(arc.cost.unsigned_abs())
                    .max(arc.lower.unsigned_abs())
                    <= MAX_MAGNITUDE as u64
        });
        if fine {
            return Ok(());
        }
        for (index, arc) in self.arcs.iter().enumerate() {
            for (end, id) in [("from", arc.from), ("to", arc.to)] {
                if id as usize >= node_count {
                    return Err(Error::ArcEndpointNotANode {
                        arc: index,
                        end,
                        id: i64::from(id),
                        node_count,
                    });
                }
            }
            let location = || format!("arc {index}");
            check_magnitude(arc.capacity, location, "capacity")?;
            check_magnitude(arc.cost, location, "cost")?;
            check_magnitude(arc.lower, location, "lower")?;
        }
        Ok(())
    }
}

pub(crate) fn check_magnitude(value: i64, location: impl FnOnce() -> String, field: &'static str) -> Result<(), Error> {
    if value.unsigned_abs() > MAX_MAGNITUDE as u64 {
        return Err(Error::ValueTooLarge {
            location: location(),
            field,
            value,
        });
    }
    Ok(())
}
