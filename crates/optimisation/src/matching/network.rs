//! The round as a min-cost-flow network: candidate -> (candidate, service)
//! -> place -> cooperative -> sink, plus each candidate's "unmatched" arc.

use std::collections::BTreeMap;

use super::{Candidate, MatchingWeights, Place, free_slots, pair_components, speaks};
use crate::Instance;

/// A (candidate, place) pair that passes every per-pair hard constraint.
pub(super) struct Pair {
    pub candidate: usize,
    pub place: usize,
}

pub(super) fn allowed_pairs(candidates: &[Candidate], places: &[Place]) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for (place_index, place) in places.iter().enumerate() {
        let mut eligible = place.eligible.clone();
        eligible.sort_unstable();
        eligible.dedup();
        for candidate_index in eligible {
            let candidate = &candidates[candidate_index];
            if free_slots(candidate) > 0
                && place.capacity > 0
                && speaks(candidate, place)
                && place.schedule.fits_within(candidate.available)
            {
                pairs.push(Pair {
                    candidate: candidate_index,
                    place: place_index,
                });
            }
        }
    }
    pairs.sort_by_key(|p| (p.candidate, p.place));
    pairs
}

pub(super) struct MatchingNetwork {
    pub instance: Instance,
    /// Per allowed pair, its candidate -> place (or service -> place) arc.
    pub pair_arcs: Vec<usize>,
}

pub(super) fn build_network(
    candidates: &[Candidate],
    places: &[Place],
    weights: &MatchingWeights,
    pairs: &[Pair],
) -> MatchingNetwork {
    let mut instance = Instance::default();
    let candidate_nodes: Vec<u32> = candidates
        .iter()
        .map(|c| instance.add_node(i64::from(free_slots(c))))
        .collect();
    let place_nodes: Vec<u32> = places.iter().map(|_| instance.add_node(0)).collect();
    let mut cooperatives: BTreeMap<&str, (u32, i64)> = BTreeMap::new();
    for place in places {
        let entry = cooperatives.entry(&place.cooperative).or_insert((0, 0));
        entry.1 += i64::from(place.capacity);
    }
    for entry in cooperatives.values_mut() {
        entry.0 = instance.add_node(0);
    }
    let sink = instance.add_node(0);

    // One seat per service per person: a candidate with several allowed
    // places of the same service reaches them through one unit-capacity arc.
    let mut service_nodes: BTreeMap<(usize, &str), u32> = BTreeMap::new();
    let mut places_per_service: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for pair in pairs {
        *places_per_service
            .entry((pair.candidate, places[pair.place].service.as_str()))
            .or_insert(0) += 1;
    }
    let mut pair_arcs = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let (candidate, place) = (&candidates[pair.candidate], &places[pair.place]);
        let key = (pair.candidate, place.service.as_str());
        let from = if places_per_service[&key] > 1 {
            *service_nodes.entry(key).or_insert_with(|| {
                let node = instance.add_node(0);
                instance.add_arc(candidate_nodes[pair.candidate], node, 1, 0);
                node
            })
        } else {
            candidate_nodes[pair.candidate]
        };
        let cost = pair_components(candidate, place, weights).total();
        pair_arcs.push(instance.add_arc(from, place_nodes[pair.place], 1, cost));
    }
    for (index, place) in places.iter().enumerate() {
        let (cooperative, _) = cooperatives[place.cooperative.as_str()];
        instance.add_arc(place_nodes[index], cooperative, i64::from(place.capacity), 0);
    }
    // No cooperative can receive more than the candidates can route: this
    // bounds the number of unit arcs below by the number of allowed pairs.
    let mut pairs_per_candidate = vec![0i64; candidates.len()];
    for pair in pairs {
        pairs_per_candidate[pair.candidate] += 1;
    }
    let routable: i64 = candidates
        .iter()
        .zip(&pairs_per_candidate)
        .map(|(c, &pairs)| i64::from(free_slots(c)).min(pairs))
        .sum();
    for &(node, seats) in cooperatives.values() {
        if weights.cooperative_fairness == 0 {
            instance.add_arc(node, sink, seats, 0);
        } else {
            // Convex cost: the k-th unit through this cooperative costs
            // (k - 1) times the weight, so flow spreads before it piles up.
            for k in 0..seats.min(routable) {
                instance.add_arc(node, sink, 1, k * weights.cooperative_fairness);
            }
        }
    }
    let mut demand = 0;
    for (index, candidate) in candidates.iter().enumerate() {
        let supply = i64::from(free_slots(candidate));
        if supply > 0 {
            instance.add_arc(candidate_nodes[index], sink, supply, weights.unmatched);
            demand += supply;
        }
    }
    instance.supplies[sink as usize] = -demand;
    MatchingNetwork { instance, pair_arcs }
}
