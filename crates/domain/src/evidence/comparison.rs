//! Participants against the comparison group: the employment rate at 6 and
//! 12 months after leaving, and the difference with a 95% confidence interval.
//!
//! The comparison group is the eligible people who were not selected (source
//! `002_…txt`, §"Methodology": the evaluators wanted exactly this and had no
//! data). Selection was not random, so the difference describes the two groups;
//! it does not measure the programme's effect. Every report says so.
//!
//! The interval is Newcombe's hybrid score interval for a difference of two
//! independent proportions (Newcombe 1998, Statistics in Medicine 17:873–890,
//! method 10), built from Wilson score intervals: unlike the textbook Wald
//! interval it stays inside [-1, 1] and behaves with the small groups and the
//! rates near 0 or 1 that social programmes have.

use serde::Serialize;

/// The 97.5th percentile of the standard normal distribution (two-sided 95%).
pub const Z_95: f64 = 1.959_963_984_540_054;

/// The statement every outcome report carries.
pub const NOT_RANDOMISED: &str = "The comparison group is made of eligible people who were not selected; \
selection was not random, so the difference describes the two groups and is not an estimate of the programme's effect.";

/// How many of a group were employed, out of those whose status is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rate {
    pub employed: u64,
    pub known: u64,
}

impl Rate {
    pub fn proportion(self) -> Option<f64> {
        (self.known > 0).then(|| self.employed as f64 / self.known as f64)
    }

    /// Wilson's score interval at the given z.
    pub fn wilson(self, z: f64) -> Option<(f64, f64)> {
        let p = self.proportion()?;
        let n = self.known as f64;
        let z2 = z * z;
        let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
        let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
        Some(((centre - half).max(0.0), (centre + half).min(1.0)))
    }
}

/// The difference of employment rates (participants minus comparison group).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Difference {
    pub estimate: f64,
    pub lower: f64,
    pub upper: f64,
}

/// Newcombe's hybrid score interval for p1 − p2; `None` when a group has no one.
pub fn difference(participants: Rate, comparison: Rate) -> Option<Difference> {
    let (p1, p2) = (participants.proportion()?, comparison.proportion()?);
    let (l1, u1) = participants.wilson(Z_95)?;
    let (l2, u2) = comparison.wilson(Z_95)?;
    let estimate = p1 - p2;
    let lower = estimate - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let upper = estimate + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    Some(Difference {
        estimate,
        lower: lower.max(-1.0),
        upper: upper.min(1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-4
    }

    #[test]
    fn matches_newcombes_published_example() {
        // Newcombe (1998), table II, example (a): 56/70 vs 48/80 → 0.2000 (0.0524, 0.3339).
        let d = difference(
            Rate {
                employed: 56,
                known: 70,
            },
            Rate {
                employed: 48,
                known: 80,
            },
        )
        .unwrap();
        assert!(close(d.estimate, 0.2), "{d:?}");
        assert!(close(d.lower, 0.0524), "{d:?}");
        assert!(close(d.upper, 0.3339), "{d:?}");
        // Example (d): 10/10 vs 0/20 → 1.0 (0.6791, 1.0000).
        let d = difference(
            Rate {
                employed: 10,
                known: 10,
            },
            Rate { employed: 0, known: 20 },
        )
        .unwrap();
        assert!(close(d.lower, 0.6791) && close(d.upper, 1.0), "{d:?}");
    }

    #[test]
    fn wilson_matches_a_known_interval() {
        // 81/263: Wilson 95% interval (0.2553, 0.3662) (Newcombe 1998b, example).
        let (l, u) = Rate {
            employed: 81,
            known: 263,
        }
        .wilson(Z_95)
        .unwrap();
        assert!(close(l, 0.2553) && close(u, 0.3662), "{l} {u}");
    }

    #[test]
    fn an_empty_group_has_no_difference() {
        assert!(difference(Rate { employed: 0, known: 0 }, Rate { employed: 1, known: 4 }).is_none());
    }

    proptest! {
        #[test]
        fn the_interval_holds_the_estimate_and_stays_in_range(
            n1 in 1u64..500, k1 in 0u64..500, n2 in 1u64..500, k2 in 0u64..500
        ) {
            let a = Rate { employed: k1 % (n1 + 1), known: n1 };
            let b = Rate { employed: k2 % (n2 + 1), known: n2 };
            let d = difference(a, b).unwrap();
            prop_assert!(-1.0 <= d.lower && d.lower <= d.estimate + 1e-12);
            prop_assert!(d.estimate <= d.upper + 1e-12 && d.upper <= 1.0);
            // Swapping the groups mirrors the interval.
            let m = difference(b, a).unwrap();
            prop_assert!((m.lower + d.upper).abs() < 1e-9 && (m.upper + d.lower).abs() < 1e-9);
        }
    }
}
