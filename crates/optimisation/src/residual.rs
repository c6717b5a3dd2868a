//! The residual graph used by cost scaling, its global price update and its
//! optimality proof.
//!
//! Every arc u -> v becomes two slots: a forward slot in u's range (residual
//! capacity = capacity - flow, cost c) and a backward slot in v's range
//! (residual = flow, cost -c), each knowing the other as its sister. A node's
//! range lists its forward slots first: flow usually leaves a node the way
//! the arcs point, so scans find a useful slot sooner. Struct-of-arrays keeps
//! the common "is there residual capacity?" test to one compact array.

use std::collections::VecDeque;

use crate::network_simplex::Network;

/// Marks an arc from a node to itself, which has no slot.
pub(crate) const SELF_LOOP: u32 = u32::MAX;

pub(crate) struct ResidualGraph {
    /// Slots of node v are `first[v]..first[v + 1]`.
    pub first: Vec<u32>,
    pub head: Vec<u32>,
    pub sister: Vec<u32>,
    /// Scaled cost.
    pub cost: Vec<i64>,
    pub residual: Vec<i64>,
    /// The capacity of the slot's arc, shared by both slots of a pair, so
    /// the sister's residual (`capacity - residual`) and cost (`-cost`) are
    /// known without touching the sister: backward searches stay local.
    pub capacity: Vec<i64>,
    /// Per input arc, its forward slot (or [`SELF_LOOP`]).
    pub forward_slot: Vec<u32>,
}

impl ResidualGraph {
    /// Builds the graph of the zero flow, with costs multiplied by `scale`.
    pub fn new(network: &Network, scale: i64) -> Self {
        let n = network.supplies.len();
        let mut out_degree = vec![0u32; n];
        let mut first = vec![0u32; n + 1];
        for (&u, &v) in network.source.iter().zip(&network.target) {
            if u != v {
                out_degree[u as usize] += 1;
                first[u as usize + 1] += 1;
                first[v as usize + 1] += 1;
            }
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut next_forward: Vec<u32> = first[..n].to_vec();
        let mut next_backward: Vec<u32> = (0..n).map(|v| first[v] + out_degree[v]).collect();
        drop(out_degree);

        let slot_count = first[n] as usize;
        let mut graph = Self {
            head: vec![0; slot_count],
            sister: vec![0; slot_count],
            cost: vec![0; slot_count],
            residual: vec![0; slot_count],
            capacity: vec![0; slot_count],
            forward_slot: Vec::with_capacity(network.source.len()),
            first,
        };
        for (arc, (&u, &v)) in network.source.iter().zip(&network.target).enumerate() {
            if u == v {
                graph.forward_slot.push(SELF_LOOP);
                continue;
            }
            let forward = next_forward[u as usize];
            let backward = next_backward[v as usize];
            next_forward[u as usize] += 1;
            next_backward[v as usize] += 1;
            let (f, b) = (forward as usize, backward as usize);
            let cost = network.cost[arc] * scale;
            graph.head[f] = v;
            graph.sister[f] = backward;
            graph.cost[f] = cost;
            graph.residual[f] = network.capacity[arc];
            graph.capacity[f] = network.capacity[arc];
            graph.capacity[b] = network.capacity[arc];
            graph.head[b] = u;
            graph.sister[b] = forward;
            graph.cost[b] = -cost;
            graph.forward_slot.push(forward);
        }
        graph
    }

    fn slots(&self, node: usize) -> std::ops::Range<usize> {
        self.first[node] as usize..self.first[node + 1] as usize
    }

    /// Tries to find integer potentials under which no residual arc has a
    /// negative reduced cost in the original costs. If they exist the flow
    /// is optimal. Starts from the scaled prices (rounded) and repairs them
    /// Bellman-Ford style within a budget of a few passes over the arcs;
    /// returns false if that is not enough (or a negative cycle exists).
    pub fn prove_optimal(&self, price: &[i64], scale: i64) -> bool {
        let n = price.len();
        let mut potential: Vec<i64> = price.iter().map(|p| p.div_euclid(scale)).collect();
        let mut queued = vec![true; n];
        let mut queue: VecDeque<u32> = (0..n as u32).collect();
        let mut budget = 3 * self.head.len() as i64 + n as i64;
        while let Some(node) = queue.pop_front() {
            let node = node as usize;
            queued[node] = false;
            let range = self.slots(node);
            budget -= range.len() as i64 + 1;
            if budget < 0 {
                return false;
            }
            let node_potential = potential[node];
            for slot in range {
                if self.residual[slot] > 0 {
                    let head = self.head[slot] as usize;
                    let limit = node_potential + self.cost[slot] / scale;
                    if potential[head] > limit {
                        potential[head] = limit;
                        if !queued[head] {
                            queued[head] = true;
                            queue.push_back(head as u32);
                        }
                    }
                }
            }
        }
        true
    }
}

/// Goldberg's global price update: prices drop by ε times each node's
/// ε-distance to the nearest deficit, so that excesses find admissible paths.
pub(crate) struct PriceUpdater {
    distance: Vec<u32>,
    scanned: Vec<bool>,
    buckets: Vec<Vec<u32>>,
}

const UNREACHED: u32 = u32::MAX;

impl PriceUpdater {
    pub fn new(node_count: usize) -> Self {
        Self {
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
    pub fn update(&mut self, graph: &ResidualGraph, excess: &[i64], price: &mut [i64], epsilon: i64) -> bool {
        let n = price.len();
        let bucket_limit = 2 * n as u64 + 2;
        let mut to_find: i128 = excess.iter().filter(|&&e| e > 0).map(|&e| i128::from(e)).sum();
        if to_find == 0 {
            return true;
        }
        self.distance.fill(UNREACHED);
        self.scanned.fill(false);
        for bucket in &mut self.buckets {
            bucket.clear();
        }
        if self.buckets.is_empty() {
            self.buckets.push(Vec::new());
        }
        for (node, &e) in excess.iter().enumerate() {
            if e < 0 {
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
            self.scanned[node] = true;
            if excess[node] > 0 {
                to_find -= i128::from(excess[node]);
                if to_find <= 0 {
                    break level;
                }
            }
            let node_price = price[node];
            for slot in graph.slots(node) {
                let tail = graph.head[slot] as usize;
                // The residual arc tail -> node is this slot's sister.
                if graph.residual[slot] == graph.capacity[slot] || self.scanned[tail] {
                    continue;
                }
                let reduced = price[tail] - graph.cost[slot] - node_price;
                let length = if reduced < 0 { 0 } else { (reduced / epsilon) as u64 + 1 };
                let candidate = level as u64 + length;
                if candidate >= bucket_limit {
                    truncated = true;
                } else if (candidate as u32) < self.distance[tail] {
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
        for (node, price) in price.iter_mut().enumerate() {
            *price -= if self.scanned[node] {
                i64::from(self.distance[node]) * epsilon
            } else {
                stop_drop
            };
        }
        true
    }
}
