//! Realistic synthetic matching instances, for benchmarks and tests.
//!
//! People needing one to three interventions are matched to service places
//! (seats with a capacity) in a 60 km square with a few towns. Each person has
//! 20 to 50 candidate places, mostly nearby and more often in their fields of
//! interest, plus a few far away. A candidate's cost weighs interest misfit,
//! travel distance and the place's waiting time. Every person also has an
//! expensive "unmatched" arc to the sink, so every instance is feasible, and
//! total capacity is 85-100 % of total demand, so places are contested.
//!
//! Only `+ - * /` and `sqrt` are used on floats (all exactly rounded by IEEE
//! 754), so a seed gives the same instance on every platform.

use crate::Instance;
use crate::rng::SplitMix64;

/// Cost of leaving one needed intervention unmatched; above any candidate's.
pub const UNMATCHED_COST: i64 = 5_000;

const REGION_KM: f64 = 60.0;
const INTERESTS: u64 = 8;
const MISFIT_WEIGHT: f64 = 300.0;
const TRAVEL_WEIGHT_PER_KM: f64 = 12.0;
const WAITING_WEIGHT_PER_WEEK: f64 = 15.0;
const MAX_WAITING_WEEKS: u64 = 12;
const FAR_CANDIDATE_SHARE: f64 = 0.15;

/// Node numbering of a generated instance: people are `0..people`, places
/// `people..people + places`, and the sink is the last node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchingLayout {
    pub people: usize,
    pub places: usize,
}

impl MatchingLayout {
    pub fn place_node(&self, place: usize) -> u32 {
        (self.people + place) as u32
    }

    pub fn sink_node(&self) -> u32 {
        (self.people + self.places) as u32
    }
}

#[derive(Clone, Copy)]
struct Point {
    x: f64,
    y: f64,
}

impl Point {
    fn distance_km(self, other: Point) -> f64 {
        let (dx, dy) = (self.x - other.x, self.y - other.y);
        (dx * dx + dy * dy).sqrt()
    }
}

struct Place {
    at: Point,
    interest: u64,
    waiting_weeks: u64,
}

/// Generates a matching instance with the given numbers of people and places
/// (each at least 1), deterministic for `seed`. See [`MatchingLayout`] for the
/// node numbering.
pub fn generate_matching_instance(people: usize, places: usize, seed: u64) -> Instance {
    let people = people.max(1);
    let places = places.max(1);
    let mut rng = SplitMix64::new(seed);
    let towns: Vec<Point> = (0..(places / 400).clamp(3, 40))
        .map(|_| uniform_point(&mut rng))
        .collect();

    let place_list: Vec<Place> = (0..places)
        .map(|_| Place {
            at: settled_point(&mut rng, &towns),
            interest: rng.below(INTERESTS),
            waiting_weeks: rng.between(0, MAX_WAITING_WEEKS as i64) as u64,
        })
        .collect();
    let grid = Grid::new(&place_list);

    let layout = MatchingLayout { people, places };
    let mut instance = Instance::with_supplies(vec![0; people + places + 1]);
    let sink = layout.sink_node();
    let mut total_demand = 0i64;
    let mut pool = Vec::new();
    let mut chosen = Vec::new();
    for person in 0..people {
        let demand = match rng.below(100) {
            0..80 => 1,
            80..95 => 2,
            _ => 3,
        };
        total_demand += demand;
        instance.supplies[person] = demand;
        let home = settled_point(&mut rng, &towns);
        let primary = rng.below(INTERESTS);
        let secondary = (primary + 1 + rng.below(INTERESTS - 1)) % INTERESTS;
        let fit = |interest: u64| match interest {
            i if i == primary => 1.0,
            i if i == secondary => 0.6,
            _ => 0.15,
        };

        let wanted = (rng.between(20, 50) as usize).min(places);
        choose_candidates(&mut rng, &grid, home, wanted, &mut pool, &mut chosen, |p| {
            fit(place_list[p].interest)
        });
        for &place in &chosen {
            let p = &place_list[place];
            let cost = MISFIT_WEIGHT * (1.0 - fit(p.interest))
                + TRAVEL_WEIGHT_PER_KM * home.distance_km(p.at)
                + WAITING_WEIGHT_PER_WEEK * p.waiting_weeks as f64;
            instance.add_arc(person as u32, layout.place_node(place), 1, cost.round() as i64);
        }
        instance.add_arc(person as u32, sink, demand, UNMATCHED_COST);
    }

    // 85-100 % of demand, spread unevenly over places (at least one seat).
    let target_capacity = total_demand as f64 * (0.85 + 0.15 * rng.unit());
    let mean_capacity = target_capacity / places as f64;
    for place in 0..places {
        let capacity = (mean_capacity * (0.3 + 1.4 * rng.unit())).round().max(1.0) as i64;
        instance.add_arc(layout.place_node(place), sink, capacity, 0);
    }
    instance.supplies[sink as usize] = -total_demand;
    instance
}

fn uniform_point(rng: &mut SplitMix64) -> Point {
    Point {
        x: REGION_KM * rng.unit(),
        y: REGION_KM * rng.unit(),
    }
}

/// Seven in ten near a town (a bell-shaped spread from summed uniforms),
/// the rest anywhere.
fn settled_point(rng: &mut SplitMix64, towns: &[Point]) -> Point {
    if !rng.chance(0.7) {
        return uniform_point(rng);
    }
    let town = towns[rng.below(towns.len() as u64) as usize];
    let spread = |rng: &mut SplitMix64| (rng.unit() + rng.unit() + rng.unit() - 1.5) * 6.0;
    Point {
        x: (town.x + spread(rng)).clamp(0.0, REGION_KM),
        y: (town.y + spread(rng)).clamp(0.0, REGION_KM),
    }
}

/// Places bucketed in square cells so nearby places are found without
/// scanning all of them.
struct Grid {
    side: usize,
    cell_start: Vec<usize>,
    places: Vec<usize>,
}

impl Grid {
    fn new(places: &[Place]) -> Self {
        let side = ((places.len() as f64 / 6.0).sqrt() as usize).max(1);
        let mut cell_start = vec![0; side * side + 1];
        let cells: Vec<usize> = places.iter().map(|p| Self::cell_of(side, p.at)).collect();
        for &cell in &cells {
            cell_start[cell + 1] += 1;
        }
        for i in 0..side * side {
            cell_start[i + 1] += cell_start[i];
        }
        let mut next = cell_start.clone();
        let mut ordered = vec![0; places.len()];
        for (place, &cell) in cells.iter().enumerate() {
            ordered[next[cell]] = place;
            next[cell] += 1;
        }
        Self {
            side,
            cell_start,
            places: ordered,
        }
    }

    fn cell_of(side: usize, at: Point) -> usize {
        let coordinate = |v: f64| ((v / REGION_KM * side as f64) as usize).min(side - 1);
        coordinate(at.y) * side + coordinate(at.x)
    }

    /// Appends the places of the cells at Chebyshev distance `ring` from the
    /// cell of `at`.
    fn ring(&self, at: Point, ring: usize, out: &mut Vec<usize>) {
        let home = Self::cell_of(self.side, at);
        let (hx, hy) = ((home % self.side) as isize, (home / self.side) as isize);
        let r = ring as isize;
        for y in hy - r..=hy + r {
            for x in hx - r..=hx + r {
                let on_ring = (y - hy).abs() == r || (x - hx).abs() == r;
                let inside = (0..self.side as isize).contains(&x) && (0..self.side as isize).contains(&y);
                if on_ring && inside {
                    let cell = y as usize * self.side + x as usize;
                    out.extend_from_slice(&self.places[self.cell_start[cell]..self.cell_start[cell + 1]]);
                }
            }
        }
    }
}

/// Picks `wanted` distinct places into `chosen`: most from the neighbourhood
/// (accepted with probability `fit`), some from anywhere.
fn choose_candidates(
    rng: &mut SplitMix64,
    grid: &Grid,
    home: Point,
    wanted: usize,
    pool: &mut Vec<usize>,
    chosen: &mut Vec<usize>,
    fit: impl Fn(usize) -> f64,
) {
    chosen.clear();
    pool.clear();
    let place_count = grid.places.len();
    let far = ((wanted as f64 * FAR_CANDIDATE_SHARE) as usize).min(wanted);
    let near = wanted - far;

    let mut ring = 0;
    while pool.len() < 3 * near && ring < grid.side {
        grid.ring(home, ring, pool);
        ring += 1;
    }
    // Partial shuffle of the neighbourhood; misfits are often skipped.
    let mut considered = 0;
    while chosen.len() < near && considered < pool.len() {
        let pick = considered + rng.below((pool.len() - considered) as u64) as usize;
        pool.swap(considered, pick);
        let place = pool[considered];
        considered += 1;
        if rng.chance(fit(place)) || pool.len() - considered < near - chosen.len() {
            chosen.push(place);
        }
    }
    while chosen.len() < wanted {
        let place = rng.below(place_count as u64) as usize;
        if !chosen.contains(&place) {
            chosen.push(place);
        }
    }
    chosen.sort_unstable();
}
