//! filiera's one seeded pseudo-random generator (SplitMix64), for generated
//! optimisation instances and the synthetic national dataset
//! (`filiera-fixtures`). Written out here rather than taken from `rand` so a
//! seed gives the same numbers on every platform and whatever `rand` version
//! is in the lock file: benches and tests compare runs by seed.

#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// An independent stream for record `index` of the kind named by `salt`,
    /// so one record can be regenerated without drawing all before it.
    pub fn stream(seed: u64, salt: u64, index: u64) -> Self {
        let mut mixer = SplitMix64::new(seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        mixer.state ^= index.wrapping_mul(0xD1B5_4A32_D192_ED03);
        mixer.next_u64();
        mixer
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `0..bound` (0 when `bound` is 0). The multiply-shift mapping
    /// has a bias below 2^-32 for the bounds used here, which does not matter
    /// for generated data and keeps the stream of draws fixed.
    pub fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }

    /// A value in `low..=high` (`low` when the range is empty).
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1).max(1) as u64) as i64
    }

    /// A value in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with `probability`.
    pub fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    /// True with probability `per_mille / 1000`; an integer draw, so the
    /// outcome never depends on floating-point rounding.
    pub fn chance_per_mille(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// An index into `weights`, chosen with probability proportional to its weight.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut ticket = self.below(total.max(1));
        for (index, weight) in weights.iter().enumerate() {
            let weight = u64::from(*weight);
            if ticket < weight {
                return index;
            }
            ticket -= weight;
        }
        weights.len().saturating_sub(1)
    }

    /// One of `items` (not empty), weighted by the second element of each pair.
    pub fn pick<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut ticket = self.below(total.max(1));
        for (item, weight) in items {
            let weight = u64::from(*weight);
            if ticket < weight {
                return *item;
            }
            ticket -= weight;
        }
        items[items.len() - 1].0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_stream_and_another_seed_does_not() {
        let mut a = SplitMix64::new(42);
        let mut b = SplitMix64::new(42);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(SplitMix64::new(42).next_u64(), SplitMix64::new(43).next_u64());
    }

    #[test]
    fn bounded_draws_stay_within_their_bounds_and_cover_them() {
        let mut rng = SplitMix64::new(7);
        let mut seen = [false; 6];
        for _ in 0..1000 {
            let value = rng.between(2, 7);
            assert!((2..=7).contains(&value));
            seen[(value - 2) as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn weighted_choices_follow_their_weights() {
        let mut rng = SplitMix64::new(1);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[rng.weighted(&[1, 0, 2])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((9_000..11_000).contains(&counts[0]), "{counts:?}");
        assert_eq!(rng.pick(&[("never", 0), ("always", 5)]), "always");
    }

    #[test]
    fn a_record_stream_depends_on_seed_salt_and_index_only() {
        let draw = |seed, salt, index| SplitMix64::stream(seed, salt, index).next_u64();
        assert_eq!(draw(1, 2, 3), draw(1, 2, 3));
        assert_ne!(draw(1, 2, 3), draw(1, 2, 4));
        assert_ne!(draw(1, 2, 3), draw(1, 5, 3));
    }

    #[test]
    fn a_per_mille_chance_is_never_and_always_at_its_ends() {
        let mut rng = SplitMix64::new(9);
        assert!((0..1000).all(|_| !rng.chance_per_mille(0)));
        assert!((0..1000).all(|_| rng.chance_per_mille(1000)));
    }
}
