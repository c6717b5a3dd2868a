//! The residual graph used by cost scaling, its global price update and its
//! optimality proof.
//!
//! Every arc u -> v becomes two slots: a forward slot in u's range (residual
//! capacity = capacity - flow, cost c) and a backward slot in v's range
//! (residual = flow, cost -c), each knowing the other as its sister.
//! Per-slot data is kept in a few arrays of small records grouped by use
//! (head with cost, residual with capacity), so each scan streams through
//! compact memory; costs and capacities are 32-bit when they fit.
//!
//! Each node's range is kept partitioned: slots with residual capacity
//! ("live") first, then the empty ones. A matching instance's place has
//! hundreds of entering arcs of which only the few carrying flow can be used
//! backwards; without the partition every push and relabel at a place
//! scanned all of them (most of the solve time). Keeping the partition costs
//! two slot swaps when a push empties one slot and refills its sister.
//!
//! A node's price, excess and slot bookkeeping sit together in one 32-byte
//! [`Node`] record, two to a cache line: the push-relabel loop is bound by
//! memory latency, and a visit to a node (checking an arc into it, pushing
//! to it, discharging it) then waits for one line instead of one per field.
//!
//! The global price update follows the residual arcs into a node: the
//! sisters of its empty slots and of its partly used ones. Each node counts
//! its partly used slots, so when it has none (a person with only unit
//! candidate arcs) the update skips the live slots without reading them.

use std::collections::VecDeque;
use std::ops::{AddAssign, Neg, SubAssign};

use crate::network_simplex::Network;

/// The integer type of per-slot costs and capacities. Matching instances
/// fit `i32` even after cost scaling, and halving those arrays cuts the
/// memory traffic of pushes, slot swaps and price updates; `i64` serves the
/// rest. Arithmetic on prices and excesses stays in `i64`.
pub(crate) trait SlotValue:
    Copy + Default + PartialEq + Into<i64> + AddAssign + SubAssign + Neg<Output = Self>
{
    /// Whether `value` is representable.
    fn fits(value: i64) -> bool;
    /// Converts a value known to fit.
    fn narrow(value: i64) -> Self;
}

impl SlotValue for i32 {
    fn fits(value: i64) -> bool {
        i32::try_from(value).is_ok()
    }

    fn narrow(value: i64) -> Self {
        debug_assert!(Self::fits(value));
        value as i32
    }
}

impl SlotValue for i64 {
    fn fits(_: i64) -> bool {
        true
    }

    fn narrow(value: i64) -> Self {
        value
    }
}

/// The tag of a backward slot (forward slots are tagged with their arc).
const BACKWARD: u32 = u32::MAX;

/// A slot's head node and scaled cost.
#[derive(Clone, Copy, Default)]
pub(crate) struct Link<T> {
    pub head: u32,
    pub cost: T,
}

/// A slot's residual capacity and the capacity of its arc.
#[derive(Clone, Copy, Default)]
pub(crate) struct Room<T> {
    pub residual: T,
    pub capacity: T,
}

/// A node's state (see the module documentation for why it is one record).
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
pub(crate) struct Node {
    /// Scaled price.
    pub price: i64,
    /// Inflow minus outflow plus supply.
    pub excess: i64,
    /// The node's slots are `first..` the next node's `first` (or the slot
    /// count for the last node).
    pub first: u32,
    /// Slots with residual capacity are `first..live_end`.
    pub live_end: u32,
    /// The first slot that may still be admissible (kept by cost scaling).
    pub current: u32,
    /// How many of the node's slots are partly used (0 < residual <
    /// capacity).
    partly_used: u32,
}

pub(crate) struct ResidualGraph<T> {
    /// Per node, its state; the price and excess start at 0 and the supply.
    pub nodes: Vec<Node>,
    /// Per slot, its head and scaled cost, side by side: every scan of a
    /// node's slots (admissibility, relabel, price update) reads both.
    pub link: Vec<Link<T>>,
    pub sister: Vec<u32>,
    /// Per slot, its residual capacity and the capacity of its arc. The
    /// capacity is shared by both slots of a pair, so the sister's residual
    /// (`capacity - residual`) and cost (`-cost`) are known without touching
    /// the sister: backward searches stay local.
    pub room: Vec<Room<T>>,
    /// Per slot, its input arc if it is a forward slot, else [`BACKWARD`].
    arc: Vec<u32>,
}

impl<T: SlotValue> ResidualGraph<T> {
    /// Builds the graph of the zero flow, with costs multiplied by `scale`.
    /// Self-loops and arcs without capacity get no slots (the caller decides
    /// their flow), so every slot has a positive capacity. Every scaled cost
    /// and capacity must fit `T`.
    pub fn new(network: &Network, scale: i64) -> Self {
        let n = network.supplies.len();
        let has_slots = |arc: usize| network.source[arc] != network.target[arc] && network.capacity[arc] > 0;
        let mut first = vec![0u32; n + 1];
        for (arc, (&u, &v)) in network.source.iter().zip(&network.target).enumerate() {
            if has_slots(arc) {
                first[u as usize + 1] += 1;
                first[v as usize + 1] += 1;
            }
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        // Forward slots (live) fill each range from the front, backward ones
        // (empty) from the back.
        let mut next_live: Vec<u32> = first[..n].to_vec();
        let mut next_dead: Vec<u32> = first[1..].to_vec();

        let slot_count = first[n] as usize;
        let mut graph = Self {
            link: vec![Link::default(); slot_count],
            sister: vec![0; slot_count],
            room: vec![Room::default(); slot_count],
            arc: vec![BACKWARD; slot_count],
            nodes: Vec::new(),
        };
        for (arc, (&u, &v)) in network.source.iter().zip(&network.target).enumerate() {
            if !has_slots(arc) {
                continue;
            }
            let capacity = network.capacity[arc];
            next_live[u as usize] += 1;
            let forward = next_live[u as usize] - 1;
            next_dead[v as usize] -= 1;
            let backward = next_dead[v as usize];
            let (f, b) = (forward as usize, backward as usize);
            let capacity = T::narrow(capacity);
            let cost = T::narrow(network.cost[arc] * scale);
            graph.link[f] = Link { head: v, cost };
            graph.sister[f] = backward;
            graph.room[f] = Room {
                residual: capacity,
                capacity,
            };
            graph.arc[f] = arc as u32;
            graph.room[b] = Room {
                residual: T::default(),
                capacity,
            };
            graph.link[b] = Link { head: u, cost: -cost };
            graph.sister[b] = forward;
        }
        graph.nodes = (0..n)
            .map(|node| Node {
                price: 0,
                excess: network.supplies[node],
                first: first[node],
                live_end: next_live[node],
                current: first[node],
                partly_used: 0,
            })
            .collect();
        graph
    }

    /// The flow on every input arc that has slots (self-loops are left as
    /// `flows` has them).
    pub fn write_flows(&self, flows: &mut [i64]) {
        for (slot, &arc) in self.arc.iter().enumerate() {
            if arc != BACKWARD {
                flows[arc as usize] = self.room[slot].capacity.into() - self.room[slot].residual.into();
            }
        }
    }

    pub fn live_slots(&self, node: usize) -> std::ops::Range<usize> {
        self.nodes[node].first as usize..self.nodes[node].live_end as usize
    }

    /// One past the last slot of `node`.
    fn slot_end(&self, node: usize) -> usize {
        self.nodes
            .get(node + 1)
            .map_or(self.link.len(), |next| next.first as usize)
    }

    /// The slots of `node` whose sisters are the residual arcs into `node`:
    /// its partly used slots, then its empty ones.
    fn entering_slots(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        let maybe_partly_used = if self.nodes[node].partly_used > 0 {
            self.live_slots(node)
        } else {
            0..0
        };
        maybe_partly_used
            .filter(|&slot| self.room[slot].residual != self.room[slot].capacity)
            .chain(self.nodes[node].live_end as usize..self.slot_end(node))
    }

    /// Moves `amount` (> 0, at most the residual) along `slot` of `tail`,
    /// keeping both ends' partitions. If `slot` empties, the position it
    /// held now holds another live slot of `tail` (or is past the live end).
    pub fn push(&mut self, tail: usize, slot: usize, amount: T) {
        let head = self.link[slot].head as usize;
        let Room { residual, capacity } = self.room[slot];
        let mut left = residual;
        left -= amount;
        let empty = T::default();
        // The slot is partly used before the push if its sister is not
        // empty, after it if it is not empty; the sister is partly used at
        // exactly the same times.
        let change = i32::from(left != empty) - i32::from(residual != capacity);
        if change != 0 {
            let nodes = &mut self.nodes;
            nodes[tail].partly_used = nodes[tail].partly_used.wrapping_add_signed(change);
            nodes[head].partly_used = nodes[head].partly_used.wrapping_add_signed(change);
        }
        let sister = self.sister[slot] as usize;
        if residual == capacity {
            let position = self.nodes[head].live_end as usize;
            self.nodes[head].live_end += 1;
            self.swap(sister, position);
        }
        self.room[self.sister[slot] as usize].residual += amount;
        self.room[slot].residual = left;
        if left == empty {
            self.nodes[tail].live_end -= 1;
            self.swap(slot, self.nodes[tail].live_end as usize);
        }
    }

    /// Exchanges two slots of the same node (never sisters of each other:
    /// self-loops have no slots) and repoints their sisters.
    fn swap(&mut self, a: usize, b: usize) {
        if a == b {
            return;
        }
        self.link.swap(a, b);
        self.sister.swap(a, b);
        self.room.swap(a, b);
        self.arc.swap(a, b);
        let (sister_a, sister_b) = (self.sister[a] as usize, self.sister[b] as usize);
        self.sister[sister_a] = a as u32;
        self.sister[sister_b] = b as u32;
    }

    /// Tries to find integer potentials under which no residual arc has a
    /// negative reduced cost in the original costs. If they exist the flow
    /// is optimal. Starts from the scaled prices (rounded) and repairs them;
    /// returns false if the repair's budget runs out.
    pub fn prove_optimal(&self, scale: i64) -> bool {
        let mut potential: Vec<i64> = self.nodes.iter().map(|node| node.price.div_euclid(scale)).collect();
        self.repair(&mut potential, |cost| cost / scale)
    }

    /// Lowers `potential` Bellman-Ford style (FIFO queue) until every
    /// residual slot satisfies `potential[head] <= potential[tail] +
    /// length(cost)`. The budget, about one pass over the slots, keeps a
    /// failed attempt (a negative cycle, or a flow far from the goal) cheap;
    /// returns false when it runs out.
    fn repair(&self, potential: &mut [i64], length: impl Fn(i64) -> i64) -> bool {
        let n = potential.len();
        let mut queued = vec![true; n];
        let mut queue: VecDeque<u32> = (0..n as u32).collect();
        let mut budget = self.link.len() as i64 + n as i64;
        while let Some(node) = queue.pop_front() {
            let node = node as usize;
            queued[node] = false;
            let range = self.live_slots(node);
            budget -= range.len() as i64 + 1;
            if budget < 0 {
                return false;
            }
            let node_potential = potential[node];
            for slot in range {
                let Link { head, cost } = self.link[slot];
                let head = head as usize;
                let limit = node_potential + length(cost.into());
                if potential[head] > limit {
                    potential[head] = limit;
                    if !queued[head] {
                        queued[head] = true;
                        queue.push_back(head as u32);
                    }
                }
            }
        }
        true
    }
}

/// Asks the processor to start loading `data[index]` into the cache. Only a
/// hint: nothing happens for an index out of range or on other processors.
#[inline(always)]
pub(crate) fn prefetch<T>(data: &[T], index: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(item) = data.get(index) {
        use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: the address is that of a live element, and a prefetch
        // changes nothing the program can observe.
        unsafe { _mm_prefetch((item as *const T).cast::<i8>(), _MM_HINT_T0) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (data, index);
}

/// Goldberg's global price update: prices drop by ε times each node's
/// ε-distance to the nearest deficit, so that excesses find admissible paths.
pub(crate) struct PriceUpdater {
    /// The node prices, copied densely: the search reads them at random, and
    /// a quarter of the memory of the node records mostly fits the cache.
    price: Vec<i64>,
    distance: Vec<u32>,
    scanned: Vec<bool>,
    buckets: Vec<Vec<u32>>,
}

const UNREACHED: u32 = u32::MAX;

impl PriceUpdater {
    pub fn new(node_count: usize) -> Self {
        Self {
            price: vec![0; node_count],
            distance: vec![UNREACHED; node_count],
            scanned: vec![false; node_count],
            buckets: Vec::new(),
        }
    }

    /// Returns false if some excess provably cannot reach any deficit.
    ///
    /// The search runs backwards from the deficits over residual arcs, an
    /// arc of reduced cost r counting `max(0, r / ε + 1)` steps, and stops
    /// once every excess is reached; unreached nodes count as that far.
    pub fn update<T: SlotValue>(&mut self, graph: &mut ResidualGraph<T>, epsilon: i64) -> bool {
        let n = graph.nodes.len();
        let bucket_limit = 2 * n as u64 + 2;
        let mut to_find: i128 = graph
            .nodes
            .iter()
            .filter(|node| node.excess > 0)
            .map(|node| i128::from(node.excess))
            .sum();
        if to_find == 0 {
            return true;
        }
        for (price, node) in self.price.iter_mut().zip(&graph.nodes) {
            *price = node.price;
        }
        self.distance.fill(UNREACHED);
        self.scanned.fill(false);
        for bucket in &mut self.buckets {
            bucket.clear();
        }
        if self.buckets.is_empty() {
            self.buckets.push(Vec::new());
        }
        for (node, state) in graph.nodes.iter().enumerate() {
            if state.excess < 0 {
                self.distance[node] = 0;
                self.buckets[0].push(node as u32);
            }
        }

        let mut truncated = false;
        let mut level = 0usize;
        let stop_level = loop {
            let Some(node) = self.buckets.get_mut(level).and_then(Vec::pop) else {
                level += 1;
                if level >= self.buckets.len() {
                    if truncated {
                        break level;
                    }
                    return false;
                }
                continue;
            };
            let node = node as usize;
            if self.scanned[node] || self.distance[node] as usize != level {
                continue;
            }
            // The next node's slots are far away in memory; fetching them
            // during this node's scan hides most of the wait.
            if let Some(&next) = self.buckets[level].last() {
                prefetch(&graph.link, graph.nodes[next as usize].live_end as usize);
            }
            self.scanned[node] = true;
            let excess = graph.nodes[node].excess;
            if excess > 0 {
                to_find -= i128::from(excess);
                if to_find <= 0 {
                    break level;
                }
            }
            let node_price = self.price[node];
            for slot in graph.entering_slots(node) {
                // The residual arc tail -> node is this slot's sister.
                let Link { head: tail, cost } = graph.link[slot];
                let tail = tail as usize;
                // Scanned nodes sit at or below this level, so one array
                // read rules them out along with nodes already as close.
                let known = self.distance[tail];
                if known as usize <= level {
                    continue;
                }
                let reduced = self.price[tail] - cost.into() - node_price;
                // Integer division is slow; most arcs are settled by a
                // comparison (the product stays below 2^61, see
                // `cost_scaling::magnitudes_fit`).
                let length = if reduced < 0 {
                    0
                } else if reduced < epsilon {
                    1
                } else if known != UNREACHED && reduced >= i64::from(known - level as u32 - 1) * epsilon {
                    continue;
                } else {
                    (reduced / epsilon) as u64 + 1
                };
                let candidate = level as u64 + length;
                if candidate >= bucket_limit {
                    truncated = true;
                } else if (candidate as u32) < known {
                    let candidate = candidate as usize;
                    self.distance[tail] = candidate as u32;
                    if candidate >= self.buckets.len() {
                        self.buckets.resize_with(candidate + 1, Vec::new);
                    }
                    self.buckets[candidate].push(tail as u32);
                }
            }
        };

        let stop_drop = stop_level as i64 * epsilon;
        for (node, state) in graph.nodes.iter_mut().enumerate() {
            state.price -= if self.scanned[node] {
                i64::from(self.distance[node]) * epsilon
            } else {
                stop_drop
            };
        }
        true
    }
}
