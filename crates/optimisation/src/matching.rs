//! The matching model: for a whole round at once, which household members
//! get which service places (course seats, internship positions, support
//! slots), best for all of them together.
//!
//! Hard constraints decide which (candidate, place) pairs exist at all:
//! the caller's eligibility verdict, a shared language, a schedule the
//! candidate is free for, one seat per service per person, place capacity
//! and at most `max_interventions` per person. Among what is allowed, the
//! proposal minimises a cost made of named, weighted components (see
//! [`MatchingWeights`]), so every assignment can be explained by its
//! components and every unmet need by its binding constraint.
//!
//! The round becomes a min-cost flow: candidate -> (candidate, service) ->
//! place -> cooperative -> sink, plus an "unmatched" arc from each candidate
//! to the sink. Fairness across cooperatives is a convex cost on the
//! cooperative -> sink arcs (each extra assignment to the same cooperative
//! costs more than the previous one), which a min-cost flow handles exactly.
//! Pure and deterministic: same input, same proposal.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod explain;
mod network;

use explain::Context;
use network::{allowed_pairs, build_network};

use crate::{Outcome, solve};

/// Assessment scores run from 0 (serious difficulty) to this (no difficulty).
pub const MAX_SCORE: u8 = 10;
/// The largest weight accepted, so that no cost can overflow.
pub const MAX_WEIGHT: i64 = 1_000_000;
/// Waiting time counts up to this many weeks.
pub const MAX_WAITING_WEEKS: u32 = 104;

/// How much each component of the cost counts, in points. A programme
/// stores its own weights; the defaults suit a typical round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatchingWeights {
    /// Points for a place entirely outside the candidate's interests
    /// (scaled down by the share of the place's tags they are interested in).
    pub interest_fit: i64,
    /// Points saved when a place improves only areas where the candidate
    /// scores 0 (scaled by how low they score in the areas it improves).
    pub employability_gap: i64,
    /// Points per hour of travel for a candidate with no autonomy of
    /// movement (score 0); full autonomy divides it by `MAX_SCORE + 1`.
    pub travel_per_hour: i64,
    /// Points saved per week the candidate has been waiting.
    pub waiting_per_week: i64,
    /// Extra points for each further assignment to the same cooperative in
    /// the round: the k-th assignment to a cooperative costs (k - 1) times
    /// this, which spreads the load across cooperatives.
    pub cooperative_fairness: i64,
    /// Points for each needed intervention left unmatched. Keep it above any
    /// assignment's cost, or the proposal will prefer leaving needs unmet.
    pub unmatched: i64,
    /// Travel speed used to turn distances into minutes.
    pub metres_per_minute: i64,
}

impl Default for MatchingWeights {
    fn default() -> Self {
        Self {
            interest_fit: 300,
            employability_gap: 200,
            travel_per_hour: 240,
            waiting_per_week: 5,
            cooperative_fairness: 2,
            unmatched: 10_000,
            metres_per_minute: 250,
        }
    }
}

/// A point on the caller's local metric grid (metres).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    pub x_m: i64,
    pub y_m: i64,
}

/// Weekly time slots as a bit set: bit `3 * day + part`, with days 0 (Monday)
/// to 6 and parts 0 (morning), 1 (afternoon), 2 (evening).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Schedule(pub u32);

impl Schedule {
    pub const ALWAYS: Schedule = Schedule((1 << 21) - 1);

    /// The schedule with one slot; `None` if the day or part is out of range.
    pub fn slot(day: u32, part: u32) -> Option<Schedule> {
        (day < 7 && part < 3).then(|| Schedule(1 << (3 * day + part)))
    }

    pub fn with(self, other: Schedule) -> Schedule {
        Schedule(self.0 | other.0)
    }

    /// Whether every slot of `self` is also in `available`.
    pub fn fits_within(self, available: Schedule) -> bool {
        self.0 & !available.0 == 0
    }
}

/// A household member with intervention needs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Candidate {
    /// At most this many interventions at the same time.
    pub max_interventions: u32,
    /// Interventions already running (they count against the maximum).
    pub current_interventions: u32,
    /// Interest tags (e.g. "catering", "logistics").
    pub interests: Vec<String>,
    /// Employability score per assessment area (0..=MAX_SCORE); an area
    /// missing here is treated as no difficulty.
    pub employability: BTreeMap<String, u8>,
    /// The "autonomy of movement" score (0..=MAX_SCORE).
    pub autonomy_of_movement: u8,
    pub location: Location,
    /// Languages the candidate can follow a service in.
    pub languages: Vec<String>,
    pub available: Schedule,
    pub waiting_weeks: u32,
}

/// One service's seats for the round.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Place {
    /// The service in the catalogue; a candidate gets at most one place per
    /// service in a round.
    pub service: String,
    /// E.g. "course", "internship", "support".
    pub kind: String,
    /// Seats available this round.
    pub capacity: u32,
    pub interest_tags: Vec<String>,
    /// Assessment areas the service improves.
    pub improves: Vec<String>,
    pub location: Location,
    /// The language it is delivered in; `None` when none is needed.
    pub language: Option<String>,
    /// The slots it takes every week.
    pub schedule: Schedule,
    /// Indices of the candidates the caller found eligible (funding-stream
    /// rules, referral, age...).
    pub eligible: Vec<usize>,
    /// The cooperative offering it.
    pub cooperative: String,
}

/// The named components of an assignment's cost, in points (negative ones
/// are bonuses). Their sum is the assignment's cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CostComponents {
    pub interest_fit: i64,
    pub employability_gap: i64,
    pub travel: i64,
    pub waiting: i64,
    pub cooperative_fairness: i64,
}

impl CostComponents {
    pub fn total(&self) -> i64 {
        self.interest_fit + self.employability_gap + self.travel + self.waiting + self.cooperative_fairness
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub candidate: usize,
    pub place: usize,
    pub travel_minutes: i64,
    pub components: CostComponents,
}

/// Why a candidate's need is (partly) unmet: the first constraint, in the
/// order below, that leaves nothing to offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BindingConstraint {
    /// Another intervention would exceed the candidate's maximum.
    MaxInterventions { max: u32, current: u32 },
    /// No place found the candidate eligible.
    NotEligible,
    /// Eligible places exist, but none is delivered in a language they speak.
    Language { eligible: usize, languages: Vec<String> },
    /// Places in their languages exist, but none fits their schedule.
    Schedule { in_language: usize },
    /// Every suitable place (or its service) is already assigned to them.
    AlreadyAssigned { suitable: usize },
    /// Every other suitable place is full.
    AllFull { suitable: usize },
    /// Suitable places have room, but each would cost more than leaving the
    /// need unmet: the weights make `unmatched` too low.
    CheaperUnmatched { open: usize },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    pub candidate: usize,
    /// Needed interventions left without a place.
    pub missing: u32,
    pub reason: BindingConstraint,
}

/// The proposal for a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingProposal {
    /// Ordered by candidate, then place.
    pub assignments: Vec<Assignment>,
    /// Ordered by candidate.
    pub unmatched: Vec<Unmatched>,
    /// Sum of the assignments' costs plus `unmatched` per missing need.
    pub total_cost: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatchingError {
    #[error("weight `{name}` is {value}; weights must be within 0..={MAX_WEIGHT}")]
    Weight { name: &'static str, value: i64 },
    #[error("`metres_per_minute` must be at least 1")]
    Speed,
    #[error("place {place} lists candidate {candidate} as eligible, but there are {candidates} candidates")]
    UnknownCandidate {
        place: usize,
        candidate: usize,
        candidates: usize,
    },
    #[error("candidate {candidate}: a coordinate is beyond ±10^9 metres")]
    CandidateLocation { candidate: usize },
    #[error("place {place}: a coordinate is beyond ±10^9 metres")]
    PlaceLocation { place: usize },
    #[error("the round is too large for the solver: {0}")]
    Solver(#[from] crate::Error),
    #[error("the matching network was found infeasible, which should not happen: {0}")]
    Unexpected(String),
}

/// Coordinates are limited so squared distances fit comfortably in i64.
const MAX_COORDINATE: i64 = 1_000_000_000;

/// Proposes the assignment of `candidates` to `places` that minimises the
/// total weighted cost under the hard constraints.
pub fn propose_matching(
    candidates: &[Candidate],
    places: &[Place],
    weights: &MatchingWeights,
) -> Result<MatchingProposal, MatchingError> {
    validate(candidates, places, weights)?;
    let pairs = allowed_pairs(candidates, places);
    let network = build_network(candidates, places, weights, &pairs);
    let solution = match solve(&network.instance)? {
        Outcome::Optimal(solution) => solution,
        // Every candidate has an unmatched arc to the sink with room for all
        // its supply, so this would be a bug; it is reported, not a panic.
        Outcome::Infeasible(reason) => return Err(MatchingError::Unexpected(format!("{reason:?}"))),
    };

    let mut assignments: Vec<Assignment> = Vec::new();
    for (pair, &arc) in pairs.iter().zip(&network.pair_arcs) {
        if solution.flows[arc] > 0 {
            let (candidate, place) = (&candidates[pair.candidate], &places[pair.place]);
            assignments.push(Assignment {
                candidate: pair.candidate,
                place: pair.place,
                travel_minutes: travel_minutes(candidate, place, weights),
                components: pair_components(candidate, place, weights),
            });
        }
    }
    assignments.sort_by_key(|a| (a.candidate, a.place));
    // The convex fairness cost is shared out in assignment order: the k-th
    // assignment to a cooperative carries (k - 1) times the weight.
    let mut per_cooperative: BTreeMap<&str, i64> = BTreeMap::new();
    for assignment in &mut assignments {
        let rank = per_cooperative
            .entry(&places[assignment.place].cooperative)
            .or_insert(0);
        assignment.components.cooperative_fairness = *rank * weights.cooperative_fairness;
        *rank += 1;
    }

    let mut assigned_count = vec![0u32; candidates.len()];
    let mut load = vec![0usize; places.len()];
    for assignment in &assignments {
        assigned_count[assignment.candidate] += 1;
        load[assignment.place] += 1;
    }
    let mut eligible_places: Vec<Vec<usize>> = vec![Vec::new(); candidates.len()];
    for (index, place) in places.iter().enumerate() {
        if place.capacity > 0 {
            for &candidate in &place.eligible {
                eligible_places[candidate].push(index);
            }
        }
    }
    let mut unmatched = Vec::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let missing = free_slots(candidate) - assigned_count[index];
        // A candidate at their maximum is listed (with nothing missing) so
        // the manager sees why they got nothing this round.
        if missing > 0 || free_slots(candidate) == 0 {
            let mut eligible = std::mem::take(&mut eligible_places[index]);
            eligible.dedup();
            let context = Context {
                index,
                candidate,
                places,
                eligible: &eligible,
                assignments: &assignments,
                load: &load,
            };
            unmatched.push(Unmatched {
                candidate: index,
                missing,
                reason: context.binding_constraint(),
            });
        }
    }
    let total_cost = assignments.iter().map(|a| a.components.total()).sum::<i64>()
        + unmatched
            .iter()
            .map(|u| i64::from(u.missing) * weights.unmatched)
            .sum::<i64>();
    debug_assert_eq!(total_cost, solution.cost);
    Ok(MatchingProposal {
        assignments,
        unmatched,
        total_cost,
    })
}

impl MatchingWeights {
    /// Every weight within 0..=1,000,000, and a travel speed of at least one
    /// metre per minute.
    pub fn check(&self) -> Result<(), MatchingError> {
        let weights = self;
        let named = [
            ("interest_fit", weights.interest_fit),
            ("employability_gap", weights.employability_gap),
            ("travel_per_hour", weights.travel_per_hour),
            ("waiting_per_week", weights.waiting_per_week),
            ("cooperative_fairness", weights.cooperative_fairness),
            ("unmatched", weights.unmatched),
            ("metres_per_minute", weights.metres_per_minute),
        ];
        for (name, value) in named {
            if !(0..=MAX_WEIGHT).contains(&value) {
                return Err(MatchingError::Weight { name, value });
            }
        }
        if weights.metres_per_minute < 1 {
            return Err(MatchingError::Speed);
        }
        Ok(())
    }
}

fn validate(candidates: &[Candidate], places: &[Place], weights: &MatchingWeights) -> Result<(), MatchingError> {
    weights.check()?;
    let far = |l: Location| l.x_m.abs() > MAX_COORDINATE || l.y_m.abs() > MAX_COORDINATE;
    if let Some(candidate) = candidates.iter().position(|c| far(c.location)) {
        return Err(MatchingError::CandidateLocation { candidate });
    }
    if let Some(place) = places.iter().position(|p| far(p.location)) {
        return Err(MatchingError::PlaceLocation { place });
    }
    for (place, p) in places.iter().enumerate() {
        if let Some(&candidate) = p.eligible.iter().find(|&&c| c >= candidates.len()) {
            return Err(MatchingError::UnknownCandidate {
                place,
                candidate,
                candidates: candidates.len(),
            });
        }
    }
    Ok(())
}

/// How many more interventions the candidate may start.
pub(crate) fn free_slots(candidate: &Candidate) -> u32 {
    candidate
        .max_interventions
        .saturating_sub(candidate.current_interventions)
}

pub(crate) fn speaks(candidate: &Candidate, place: &Place) -> bool {
    place
        .language
        .as_ref()
        .is_none_or(|language| candidate.languages.contains(language))
}

pub(crate) fn travel_minutes(candidate: &Candidate, place: &Place, weights: &MatchingWeights) -> i64 {
    let dx = i128::from(candidate.location.x_m - place.location.x_m);
    let dy = i128::from(candidate.location.y_m - place.location.y_m);
    let metres = (dx * dx + dy * dy).isqrt() as i64;
    // Whole minutes, rounded up: a short trip still takes a minute.
    (metres + weights.metres_per_minute - 1) / weights.metres_per_minute
}

/// The cost components of giving `place` to `candidate`, except fairness,
/// which depends on the whole round (it is 0 here). Lets a manager see what
/// an edit to the proposal would cost.
pub fn pair_components(candidate: &Candidate, place: &Place, weights: &MatchingWeights) -> CostComponents {
    let max = i64::from(MAX_SCORE);
    let interest_fit = if place.interest_tags.is_empty() {
        0
    } else {
        let shared = place
            .interest_tags
            .iter()
            .filter(|tag| candidate.interests.contains(tag))
            .count() as i64;
        let tags = place.interest_tags.len() as i64;
        weights.interest_fit * (tags - shared) / tags
    };
    let employability_gap = if place.improves.is_empty() {
        0
    } else {
        let need: i64 = place
            .improves
            .iter()
            .map(|area| {
                let score = candidate.employability.get(area).copied().unwrap_or(MAX_SCORE);
                max - i64::from(score.min(MAX_SCORE))
            })
            .sum();
        -(weights.employability_gap * need / (max * place.improves.len() as i64))
    };
    let autonomy = i64::from(candidate.autonomy_of_movement.min(MAX_SCORE));
    let travel =
        weights.travel_per_hour * travel_minutes(candidate, place, weights) * (max + 1 - autonomy) / (60 * (max + 1));
    let waiting = -weights.waiting_per_week * i64::from(candidate.waiting_weeks.min(MAX_WAITING_WEEKS));
    CostComponents {
        interest_fit,
        employability_gap,
        travel,
        waiting,
        cooperative_fairness: 0,
    }
}
