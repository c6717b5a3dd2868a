//! A slow, obviously correct min-cost-flow reference for tests, independent
//! of the crate's algorithms: lower bounds are substituted away, arcs with
//! negative cost start full (so the residual graph has no negative cycle),
//! and successive shortest paths found by Bellman-Ford move the supplies
//! from a super source to a super sink one augmentation at a time.

use filiera_optimisation::Instance;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    Optimal {
        cost: i128,
    },
    Unbalanced,
    BoundConflict,
    /// Units of demand that no flow can deliver.
    Short {
        units: i128,
    },
}

struct Edge {
    to: usize,
    residual: i128,
    cost: i128,
}

pub fn solve(instance: &Instance) -> Reference {
    let n = instance.supplies.len();
    if instance.supplies.iter().map(|&s| i128::from(s)).sum::<i128>() != 0 {
        return Reference::Unbalanced;
    }
    if instance.arcs.iter().any(|a| a.lower > a.capacity) {
        return Reference::BoundConflict;
    }
    let mut balance: Vec<i128> = instance.supplies.iter().map(|&s| i128::from(s)).collect();
    let mut fixed_cost = 0i128;
    let mut edges: Vec<Edge> = Vec::new();
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); n + 2];
    let mut add = |edges: &mut Vec<Edge>, from: usize, to: usize, capacity: i128, cost: i128| {
        adjacency[from].push(edges.len());
        edges.push(Edge {
            to,
            residual: capacity,
            cost,
        });
        adjacency[to].push(edges.len());
        edges.push(Edge {
            to: from,
            residual: 0,
            cost: -cost,
        });
    };
    for arc in &instance.arcs {
        let (u, v) = (arc.from as usize, arc.to as usize);
        let (lower, capacity, cost) = (i128::from(arc.lower), i128::from(arc.capacity), i128::from(arc.cost));
        balance[u] -= lower;
        balance[v] += lower;
        fixed_cost += lower * cost;
        let room = capacity - lower;
        if cost < 0 {
            // Start full: the residual arc is the reverse one, of positive cost.
            balance[u] -= room;
            balance[v] += room;
            fixed_cost += room * cost;
            add(&mut edges, v, u, room, -cost);
        } else {
            add(&mut edges, u, v, room, cost);
        }
    }
    let (source, sink) = (n, n + 1);
    let mut required = 0i128;
    for (node, &b) in balance.iter().enumerate() {
        if b > 0 {
            add(&mut edges, source, node, b, 0);
            required += b;
        } else if b < 0 {
            add(&mut edges, node, sink, -b, 0);
        }
    }

    let mut sent = 0i128;
    let mut cost = fixed_cost;
    loop {
        // Bellman-Ford from the super source.
        let mut distance = vec![None::<i128>; n + 2];
        let mut via = vec![usize::MAX; n + 2];
        distance[source] = Some(0);
        for _ in 0..n + 2 {
            let mut changed = false;
            for node in 0..n + 2 {
                let Some(d) = distance[node] else { continue };
                for &e in &adjacency[node] {
                    let edge = &edges[e];
                    if edge.residual > 0 {
                        let candidate = d + edge.cost;
                        if distance[edge.to].is_none_or(|old| candidate < old) {
                            distance[edge.to] = Some(candidate);
                            via[edge.to] = e;
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let Some(path_cost) = distance[sink] else { break };
        let mut amount = i128::MAX;
        let mut node = sink;
        while node != source {
            let e = via[node];
            amount = amount.min(edges[e].residual);
            node = edges[e ^ 1].to;
        }
        let mut node = sink;
        while node != source {
            let e = via[node];
            edges[e].residual -= amount;
            edges[e ^ 1].residual += amount;
            node = edges[e ^ 1].to;
        }
        sent += amount;
        cost += amount * path_cost;
    }
    if sent < required {
        Reference::Short { units: required - sent }
    } else {
        Reference::Optimal { cost }
    }
}
