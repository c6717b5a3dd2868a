//! When an intervention's cost is reported: as its hours are delivered.
//!
//! A cooperative is reimbursed for what it delivered in the quarter, not for
//! what it planned. The planned cost of an intervention accrues in proportion to
//! the minutes registered against its planned minutes, and never beyond the
//! planned cost: hours delivered past the plan cost the programme nothing more.
//! Cumulative accrual is rounded down to the cent, and a quarter's share is the
//! difference of two cumulative amounts, so the quarters always add up to the
//! planned cost exactly once the plan is delivered.

/// The part of `cost_cents` accrued once `delivered_minutes` have been
/// registered. An intervention without planned minutes (a flat-rate service)
/// accrues in full at its first registered minute.
pub fn accrued_cost(cost_cents: i64, planned_minutes: i64, delivered_minutes: i64) -> i64 {
    let cost = cost_cents.max(0);
    let delivered = delivered_minutes.max(0);
    if planned_minutes <= 0 {
        return if delivered > 0 { cost } else { 0 };
    }
    let delivered = delivered.min(planned_minutes);
    let accrued = i128::from(cost) * i128::from(delivered) / i128::from(planned_minutes);
    i64::try_from(accrued).unwrap_or(cost)
}

/// The cost falling in one period, given the minutes registered before it and in it.
pub fn cost_in_period(cost_cents: i64, planned_minutes: i64, minutes_before: i64, minutes_in: i64) -> i64 {
    let before = minutes_before.max(0);
    let until = before.saturating_add(minutes_in.max(0));
    accrued_cost(cost_cents, planned_minutes, until) - accrued_cost(cost_cents, planned_minutes, before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cost_follows_the_hours_and_stops_at_the_plan() {
        // 40 hours of Italian course at €800.
        assert_eq!(cost_in_period(80_000, 2_400, 0, 600), 20_000);
        assert_eq!(cost_in_period(80_000, 2_400, 600, 1_800), 60_000);
        assert_eq!(
            cost_in_period(80_000, 2_400, 2_400, 300),
            0,
            "beyond the plan costs nothing"
        );
        assert_eq!(cost_in_period(50_000, 0, 0, 60), 50_000, "a flat rate accrues at once");
        assert_eq!(cost_in_period(50_000, 0, 60, 60), 0);
        assert_eq!(cost_in_period(50_000, 0, 0, 0), 0);
    }

    proptest! {
        #[test]
        fn quarters_add_up_to_the_planned_cost(
            cost in 0i64..10_000_000,
            planned in 0i64..100_000,
            periods in proptest::collection::vec(0i64..5_000, 1..12),
        ) {
            let mut before = 0;
            let mut total = 0;
            for minutes in &periods {
                let share = cost_in_period(cost, planned, before, *minutes);
                prop_assert!(share >= 0);
                total += share;
                before += minutes;
            }
            prop_assert_eq!(total, accrued_cost(cost, planned, before));
            prop_assert!(total <= cost);
            if before >= planned && before > 0 {
                prop_assert_eq!(total, cost);
            }
        }
    }
}
