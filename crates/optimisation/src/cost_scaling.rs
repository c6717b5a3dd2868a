//! Cost-scaling push-relabel (Goldberg and Tarjan's ε-scaling with the
//! heuristics of Goldberg's CS2: push look-ahead and global price updates).
//!
//! Costs are multiplied by n + 1, so a flow that is 1-optimal for the scaled
//! costs is optimal. Each phase divides ε by [`ALPHA`], saturates every arc
//! of negative reduced cost and then pushes the resulting excesses to
//! deficits along admissible arcs (negative reduced cost), lowering prices
//! where no admissible arc is left. Once ε is below one original cost unit,
//! each phase ends with an attempt to prove the flow optimal outright (see
//! `residual::prove_optimal`), which usually saves the last few phases.
//!
//! This engine is the fast path for feasible instances. It gives up (returns
//! `None`) when it finds the instance infeasible, when numbers are too large
//! for its scaled arithmetic, or when a price falls further than a feasible
//! instance allows; the caller then uses the network simplex, which is exact
//! in all those cases and explains infeasibility.

use crate::network_simplex::Network;
use crate::residual::{PriceUpdater, ResidualGraph, SlotValue, prefetch};

/// ε is divided by this factor between phases. On the matching benchmarks
/// 10 beats 5, 6, 8, 9, 11 and 12 (fewer phases without making any much
/// longer).
const ALPHA: i64 = 10;
/// Scaled prices must stay below this magnitude (see `magnitudes_fit`).
const PRICE_LIMIT: i128 = 1 << 61;
/// A global price update runs after this many relabels per node.
const RELABELS_PER_NODE_BETWEEN_UPDATES: usize = 4;

/// The reason the engine stopped early; the caller falls back.
pub(crate) struct GiveUp;

struct CostScaling<T> {
    graph: ResidualGraph<T>,
    /// Costs are multiplied by this (n + 1).
    scale: i64,
    /// Per node, the lowest price a feasible instance allows in this phase.
    /// Kept apart from the node records: only relabels read it.
    price_floor: Vec<i64>,
    active: Vec<u32>,
    epsilon: i64,
    relabels_since_update: usize,
    updater: PriceUpdater,
}

/// Returns the flow on each arc of an optimal solution, or `None` if the
/// network simplex must decide.
pub(crate) fn solve(network: &Network) -> Option<Vec<i64>> {
    let node_count = network.supplies.len();
    let max_abs_cost = network.cost.iter().map(|c| c.abs()).max().unwrap_or(0);
    if !magnitudes_fit(node_count, max_abs_cost) {
        return None;
    }
    let scale = node_count as i64 + 1;
    let max_capacity = network.capacity.iter().copied().max().unwrap_or(0);
    // `magnitudes_fit` keeps this product far below i64::MAX.
    let max_scaled_cost = max_abs_cost * scale;
    if i32::fits(max_scaled_cost) && i32::fits(max_capacity) {
        solve_in::<i32>(network, scale, max_scaled_cost)
    } else {
        solve_in::<i64>(network, scale, max_scaled_cost)
    }
}

/// [`solve`] with slot costs and capacities stored as `T` (every scaled cost
/// and capacity must fit). The two instantiations run the same code.
fn solve_in<T: SlotValue>(network: &Network, scale: i64, max_scaled_cost: i64) -> Option<Vec<i64>> {
    let node_count = network.supplies.len();
    let graph = ResidualGraph::<T>::new(network, scale);
    let mut engine = CostScaling {
        scale,
        price_floor: vec![0; node_count],
        active: Vec::with_capacity(node_count),
        epsilon: 0,
        relabels_since_update: 0,
        updater: PriceUpdater::new(node_count),
        graph,
    };
    engine.run(max_scaled_cost).ok()?;
    // Self-loops are outside the residual graph: they only pay off when
    // full at a negative cost. Arcs without capacity are too (flow 0).
    let mut flows: Vec<i64> = network
        .capacity
        .iter()
        .zip(&network.cost)
        .map(|(&capacity, &cost)| if cost < 0 { capacity } else { 0 })
        .collect();
    engine.graph.write_flows(&mut flows);
    Some(flows)
}

/// Prices fall by at most about 2(α + 2)(n + 1)ε per phase and the ε values
/// sum to at most 2C(n + 1), so prices stay above -4(α + 2)(n + 1)²C.
fn magnitudes_fit(node_count: usize, max_abs_cost: i64) -> bool {
    let n = node_count as i128 + 1;
    let bound = 4 * (i128::from(ALPHA) + 2) * n * n * (i128::from(max_abs_cost) + 1);
    bound < PRICE_LIMIT
}

impl<T: SlotValue> CostScaling<T> {
    fn run(&mut self, max_scaled_cost: i64) -> Result<(), GiveUp> {
        self.epsilon = max_scaled_cost.max(1);
        loop {
            self.epsilon = (self.epsilon / ALPHA).max(1);
            self.refine()?;
            if self.epsilon == 1 {
                return Ok(());
            }
            // Below one unit of original cost, the flow is often optimal
            // already; proving it costs about one pass over the arcs.
            if self.epsilon <= 2 * self.scale && self.graph.prove_optimal(self.scale) {
                return Ok(());
            }
        }
    }

    fn refine(&mut self) -> Result<(), GiveUp> {
        let n = self.graph.nodes.len();
        let allowed_drop = 2 * (ALPHA + 2) * (n as i64 + 1) * self.epsilon;
        for (floor, node) in self.price_floor.iter_mut().zip(&self.graph.nodes) {
            *floor = node.price - allowed_drop;
        }
        self.saturate_negative_arcs();
        self.update_prices()?;
        self.active.clear();
        for node in (0..n).rev() {
            if self.graph.nodes[node].excess > 0 {
                self.active.push(node as u32);
            }
        }
        while let Some(node) = self.active.pop() {
            self.discharge(node as usize)?;
            if self.relabels_since_update > RELABELS_PER_NODE_BETWEEN_UPDATES * n {
                self.update_prices()?;
            }
        }
        Ok(())
    }

    /// Makes the flow 0-optimal by filling every residual arc with negative
    /// reduced cost; this turns supplies into excesses and deficits.
    fn saturate_negative_arcs(&mut self) {
        let g = &mut self.graph;
        for node in 0..g.nodes.len() {
            let node_price = g.nodes[node].price;
            let mut slot = g.nodes[node].first as usize;
            while slot < g.nodes[node].live_end as usize {
                let head = g.link[slot].head as usize;
                if g.link[slot].cost.into() + node_price - g.nodes[head].price < 0 {
                    let amount = g.room[slot].residual;
                    g.nodes[node].excess -= amount.into();
                    g.nodes[head].excess += amount.into();
                    // The slot leaves the live part; another takes its place.
                    g.push(node, slot, amount);
                } else {
                    slot += 1;
                }
            }
        }
    }

    fn discharge(&mut self, node: usize) -> Result<(), GiveUp> {
        while self.graph.nodes[node].excess > 0 {
            let mut slot = self.graph.nodes[node].current as usize;
            // Only live slots are scanned; a push that empties a slot brings
            // another live slot to the same position, so it is not skipped.
            while slot < self.graph.nodes[node].live_end as usize {
                if self.admissible(node, slot) {
                    let head = self.graph.link[slot].head as usize;
                    // A push reads these; they load while the look-ahead
                    // waits for the head's slots.
                    prefetch(&self.graph.room, slot);
                    prefetch(&self.graph.sister, slot);
                    if self.worth_pushing_to(head) && self.admissible(node, slot) {
                        self.push(node, slot, head);
                        if self.graph.nodes[node].excess == 0 {
                            break;
                        }
                        continue;
                    }
                }
                slot += 1;
            }
            let state = &mut self.graph.nodes[node];
            state.current = slot.min(state.live_end as usize) as u32;
            if state.excess > 0 {
                self.relabel(node)?;
            }
        }
        Ok(())
    }

    fn admissible(&self, node: usize, slot: usize) -> bool {
        let link = self.graph.link[slot];
        let nodes = &self.graph.nodes;
        link.cost.into() + nodes[node].price - nodes[link.head as usize].price < 0
    }

    fn push(&mut self, node: usize, slot: usize, head: usize) {
        let amount = self.graph.room[slot].residual.into().min(self.graph.nodes[node].excess);
        self.graph.push(node, slot, T::narrow(amount));
        let nodes = &mut self.graph.nodes;
        nodes[node].excess -= amount;
        let before = nodes[head].excess;
        nodes[head].excess = before + amount;
        if before <= 0 && before + amount > 0 {
            self.active.push(head as u32);
        }
    }

    /// Push look-ahead: flow pushed to a node with no deficit and no
    /// admissible arc would only come back, so such a node is relabelled
    /// first (the caller then re-checks the arc).
    fn worth_pushing_to(&mut self, node: usize) -> bool {
        let state = self.graph.nodes[node];
        if state.excess < 0 {
            return true;
        }
        // A relabel may follow; its floor check would otherwise wait for a
        // cache miss after the scans.
        prefetch(&self.price_floor, node);
        for slot in state.current as usize..state.live_end as usize {
            if self.admissible(node, slot) {
                self.graph.nodes[node].current = slot as u32;
                return true;
            }
        }
        // A failed relabel means the node has no residual arc out: pushing
        // is still right, the flow can return along the pushed arc.
        let _ = self.relabel(node);
        true
    }

    /// Lowers the price of `node` as far as ε-optimality allows, which makes
    /// its cheapest residual arc admissible.
    fn relabel(&mut self, node: usize) -> Result<(), GiveUp> {
        // Lowering by ε is the least a relabel does; an arc that becomes
        // admissible with that is good enough, so the scan stops there.
        let g = &self.graph;
        let guaranteed = g.nodes[node].price - self.epsilon;
        let mut best = i64::MIN;
        let mut best_slot = 0;
        for slot in g.live_slots(node) {
            let link = g.link[slot];
            let candidate = g.nodes[link.head as usize].price - link.cost.into();
            if candidate > guaranteed {
                best = guaranteed + self.epsilon;
                best_slot = slot;
                break;
            }
            if candidate > best {
                best = candidate;
                best_slot = slot;
            }
        }
        if best == i64::MIN {
            return Err(GiveUp);
        }
        let new_price = best - self.epsilon;
        if new_price < self.price_floor[node] {
            return Err(GiveUp);
        }
        let state = &mut self.graph.nodes[node];
        state.price = new_price;
        state.current = best_slot as u32;
        self.relabels_since_update += 1;
        Ok(())
    }

    fn update_prices(&mut self) -> Result<(), GiveUp> {
        self.relabels_since_update = 0;
        let feasible = self.updater.update(&mut self.graph, self.epsilon);
        for node in &mut self.graph.nodes {
            node.current = node.first;
        }
        let within_floor = self
            .graph
            .nodes
            .iter()
            .zip(&self.price_floor)
            .all(|(node, &floor)| node.price >= floor);
        if feasible && within_floor { Ok(()) } else { Err(GiveUp) }
    }
}
