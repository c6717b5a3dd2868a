//! The filière: a user's path from a Type A workshop (training, a borsa
//! lavoro that grows with autonomy) to employment in a Type B cooperative
//! "with a salary equal or comparable with the salary of ordinary workers".

use crate::Message;
use crate::msg;
use crate::validation::ValidationErrors;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::Date;

/// A level of autonomy in the workshop, 1 (fully guided) to 5 (ready for
/// employment), recorded with dated progressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct AutonomyLevel(u8);

impl AutonomyLevel {
    pub const MIN: AutonomyLevel = AutonomyLevel(1);
    pub const MAX: AutonomyLevel = AutonomyLevel(5);

    pub fn new(level: u8) -> Result<Self, Message> {
        if (1..=5).contains(&level) {
            Ok(AutonomyLevel(level))
        } else {
            Err(msg!("error-autonomy-level", level = level))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for AutonomyLevel {
    type Error = Message;
    fn try_from(level: u8) -> Result<Self, Message> {
        Self::new(level)
    }
}

impl From<AutonomyLevel> for u8 {
    fn from(level: AutonomyLevel) -> u8 {
        level.0
    }
}

impl fmt::Display for AutonomyLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A dated change of level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progression {
    #[serde(with = "crate::time_format::iso_date")]
    pub on: Date,
    pub level: AutonomyLevel,
}

/// The level on `date`: the latest progression on or before it.
pub fn level_on(progressions: &[Progression], date: Date) -> Option<AutonomyLevel> {
    progressions
        .iter()
        .filter(|p| p.on <= date)
        .max_by_key(|p| p.on)
        .map(|p| p.level)
}

/// A user's path: when they entered the workshop and, if they moved on, when
/// they were hired by a Type B cooperative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Path {
    #[serde(with = "crate::time_format::iso_date")]
    pub entered: Date,
    #[serde(with = "crate::time_format::iso_date::option")]
    pub hired: Option<Date>,
}

/// How many users moved on in a period and how long their path took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovedOnStatistics {
    pub moved_on: u64,
    /// Median path length in days (the mean of the two middle paths when even).
    pub median_days: Option<i64>,
    /// How many paths took under 6 months, 6–12 months, 12–24 months, 24 months or more.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<u64>))]
    pub distribution: [u64; 4],
}

/// The bands of [`MovedOnStatistics::distribution`], in days.
pub const DURATION_BANDS: [(i64, i64); 4] = [(0, 183), (183, 365), (365, 730), (730, i64::MAX)];

/// **Moved on in a period**: users hired by a Type B cooperative between
/// `from` and `to` (both included), with the median and the distribution of
/// the time from entering the workshop to being hired.
pub fn moved_on_statistics(paths: &[Path], from: Date, to: Date) -> MovedOnStatistics {
    let mut days: Vec<i64> = paths
        .iter()
        .filter_map(|p| {
            p.hired
                .filter(|h| *h >= from && *h <= to)
                .map(|h| (h - p.entered).whole_days().max(0))
        })
        .collect();
    days.sort_unstable();
    let median_days = match days.len() {
        0 => None,
        n if n % 2 == 1 => Some(days[n / 2]),
        n => Some((days[n / 2 - 1] + days[n / 2]) / 2),
    };
    let mut distribution = [0u64; 4];
    for d in &days {
        if let Some(band) = DURATION_BANDS.iter().position(|(lo, hi)| *d >= *lo && *d < *hi) {
            distribution[band] += 1;
        }
    }
    MovedOnStatistics {
        moved_on: days.len() as u64,
        median_days,
        distribution,
    }
}

/// **A dated progression** on the path: recorded on or after the day the user
/// entered the workshop and before they were hired (after hiring the path is
/// over).
pub fn check_progression(path: Option<Path>, on: Date) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if let Some(path) = path {
        if on < path.entered {
            errors.add("on", msg!("error-before-workshop-entry", entered = path.entered));
        }
        if let Some(hired) = path.hired {
            errors.add("on", msg!("error-path-ended-by-hire", hired = hired));
        }
    }
    errors.into_result(())
}

/// **Moving on to a Type B cooperative**: the end of the filière, "employment
/// in a Type B cooperative" (`000_…txt`) — only a Type B or mixed
/// cooperative integrates disadvantaged workers (Law 381/1991 art. 1 c.1 b),
/// hiring happens once, and not before the user entered the workshop.
pub fn check_hire(
    path: Option<Path>,
    hiring: crate::organisation::CooperativeType,
    on: Date,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if !hiring.integrates_disadvantaged_workers() {
        errors.add("hired_by", msg!("error-must-be-type-b"));
    }
    if let Some(path) = path {
        if let Some(hired) = path.hired {
            errors.add("hired_on", msg!("error-already-hired", hired = hired));
        } else if on < path.entered {
            errors.add("hired_on", msg!("error-before-workshop-entry", entered = path.entered));
        }
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn progressions_and_hiring_stay_within_the_path() {
        use crate::organisation::CooperativeType;
        let open = Some(Path {
            entered: date!(2023 - 01 - 10),
            hired: None,
        });
        assert!(check_progression(open, date!(2023 - 06 - 01)).is_ok());
        assert!(
            check_progression(open, date!(2022 - 12 - 31))
                .unwrap_err()
                .for_field("on")
                .is_some()
        );
        assert!(check_hire(open, CooperativeType::B, date!(2024 - 03 - 01)).is_ok());
        assert!(check_hire(open, CooperativeType::Mixed, date!(2024 - 03 - 01)).is_ok());
        let type_a = check_hire(open, CooperativeType::A, date!(2024 - 03 - 01)).unwrap_err();
        assert!(type_a.for_field("hired_by").is_some());
        assert!(
            check_hire(open, CooperativeType::B, date!(2022 - 03 - 01))
                .unwrap_err()
                .for_field("hired_on")
                .is_some()
        );
        let hired = Some(Path {
            entered: date!(2023 - 01 - 10),
            hired: Some(date!(2024 - 03 - 01)),
        });
        assert!(check_hire(hired, CooperativeType::B, date!(2024 - 05 - 01)).is_err());
        assert!(check_progression(hired, date!(2024 - 05 - 01)).is_err());
    }

    #[test]
    fn the_level_on_a_date_is_the_latest_progression_before_it() {
        let progressions = [
            Progression {
                on: date!(2024 - 01 - 10),
                level: AutonomyLevel::new(1).unwrap(),
            },
            Progression {
                on: date!(2024 - 06 - 01),
                level: AutonomyLevel::new(3).unwrap(),
            },
        ];
        assert_eq!(level_on(&progressions, date!(2024 - 01 - 01)), None);
        assert_eq!(level_on(&progressions, date!(2024 - 05 - 31)).map(|l| l.get()), Some(1));
        assert_eq!(level_on(&progressions, date!(2024 - 06 - 01)).map(|l| l.get()), Some(3));
        assert!(AutonomyLevel::new(6).is_err());
    }

    #[test]
    fn three_users_hired_after_4_10_and_30_months_have_a_median_of_10_months() {
        let paths = [
            Path {
                entered: date!(2022 - 01 - 01),
                hired: Some(date!(2024 - 07 - 01)),
            },
            Path {
                entered: date!(2023 - 09 - 01),
                hired: Some(date!(2024 - 07 - 01)),
            },
            Path {
                entered: date!(2024 - 03 - 01),
                hired: Some(date!(2024 - 07 - 01)),
            },
            Path {
                entered: date!(2024 - 01 - 01),
                hired: None,
            },
            Path {
                entered: date!(2020 - 01 - 01),
                hired: Some(date!(2021 - 01 - 01)),
            },
        ];
        let stats = moved_on_statistics(&paths, date!(2024 - 01 - 01), date!(2024 - 12 - 31));
        assert_eq!(stats.moved_on, 3);
        assert_eq!(stats.median_days, Some(304));
        assert_eq!(stats.distribution, [1, 1, 0, 1]);
    }

    proptest! {
        #[test]
        fn the_distribution_counts_every_user_who_moved_on(durations in proptest::collection::vec(0i64..2000, 0..50)) {
            let hired = date!(2025 - 06 - 30);
            let paths: Vec<Path> = durations.iter().map(|d| Path { entered: hired - time::Duration::days(*d), hired: Some(hired) }).collect();
            let stats = moved_on_statistics(&paths, date!(2025 - 01 - 01), date!(2025 - 12 - 31));
            prop_assert_eq!(stats.distribution.iter().sum::<u64>(), durations.len() as u64);
            if let Some(median) = stats.median_days {
                prop_assert!(durations.iter().filter(|d| **d <= median).count() * 2 >= durations.len());
            }
        }
    }
}
