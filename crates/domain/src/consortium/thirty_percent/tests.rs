use super::*;
use crate::consortium::workforce::{Contract, Disadvantage, DisadvantageCategory, Hours};
use proptest::prelude::*;
use time::macros::date;

fn worker(code: &str, disadvantaged: bool, start: Date, end: Option<Date>) -> WorkerRecord {
    WorkerRecord {
        code: code.into(),
        member: true,
        disadvantage: disadvantaged.then(|| Disadvantage {
            category: DisadvantageCategory::PsychiatricTreatment,
            certificate: Some("ASL certificate".into()),
            certified_until: None,
        }),
        contract: Contract {
            start,
            end,
            weekly_hours: Hours::whole(30),
        },
        activity: Activity::B,
    }
}

fn workforce(disadvantaged: usize, ordinary: usize) -> Vec<WorkerRecord> {
    let start = date!(2020 - 01 - 01);
    (0..disadvantaged)
        .map(|i| worker(&format!("D{i}"), true, start, None))
        .chain((0..ordinary).map(|i| worker(&format!("O{i}"), false, start, None)))
        .collect()
}

#[test]
fn a_type_b_cooperative_with_12_ordinary_and_4_disadvantaged_workers_complies() {
    assert!(thirty_percent_rule(4, 12));
    assert_eq!(required_disadvantaged(12), 4);
}

#[test]
fn a_type_b_cooperative_with_12_ordinary_and_3_disadvantaged_workers_does_not_comply() {
    assert!(!thirty_percent_rule(3, 12));
}

#[test]
fn harmonys_type_b_workforce_of_628_with_191_disadvantaged_complies_and_shows_30_4_percent() {
    assert!(thirty_percent_rule(191, 628 - 191));
    assert_eq!(required_disadvantaged(437), 132);
    assert_eq!(share_permille(191, 628), Some(304));
    assert_eq!(format_permille(304), "30.4");
    let count = headcount_on(CooperativeType::B, &workforce(191, 437), date!(2024 - 06 - 30));
    assert_eq!(count.workers(), 628);
    assert!(count.complies());
}

#[test]
fn the_rule_counts_heads_not_hours() {
    let mut workers = workforce(1, 3);
    // A disadvantaged part-timer on 10 hours counts as one head, like a full-timer.
    workers[0].contract.weekly_hours = Hours::whole(10);
    let count = headcount_on(CooperativeType::B, &workers, date!(2024 - 01 - 01));
    assert_eq!(
        count,
        Headcount {
            disadvantaged: 1,
            ordinary: 3
        }
    );
    assert!(count.complies());
}

#[test]
fn in_a_mixed_cooperative_only_the_type_b_staff_count() {
    let mut workers = workforce(2, 4);
    for extra in 0..10 {
        let mut care_worker = worker(&format!("A{extra}"), false, date!(2020 - 01 - 01), None);
        care_worker.activity = Activity::A;
        workers.push(care_worker);
    }
    let count = headcount_on(CooperativeType::Mixed, &workers, date!(2024 - 01 - 01));
    assert_eq!(
        count,
        Headcount {
            disadvantaged: 2,
            ordinary: 4
        }
    );
    assert!(count.complies());
    // Counted over everyone, the ten care workers would break the rule.
    assert!(!headcount_on(CooperativeType::B, &workers, date!(2024 - 01 - 01)).complies());
}

#[test]
fn a_type_a_cooperative_is_not_bound_by_the_rule() {
    assert_eq!(
        compliance_on(CooperativeType::A, &workforce(0, 20), date!(2024 - 01 - 01)),
        None
    );
    assert!(forecast(CooperativeType::A, &workforce(0, 20), date!(2024 - 01 - 01), 365).is_empty());
}

#[test]
fn workers_out_of_contract_are_not_counted() {
    let workers = vec![
        worker("D1", true, date!(2024 - 03 - 01), None),
        worker("O1", false, date!(2023 - 01 - 01), Some(date!(2024 - 01 - 31))),
        worker("O2", false, date!(2023 - 01 - 01), None),
    ];
    assert_eq!(
        headcount_on(CooperativeType::B, &workers, date!(2024 - 02 - 15)),
        Headcount {
            disadvantaged: 0,
            ordinary: 1
        }
    );
}

#[test]
fn the_monthly_history_counts_each_month_on_its_last_day_and_the_annual_average_decides() {
    // 3 disadvantaged and 11 ordinary all year (3.3 needed: fails); a fourth
    // disadvantaged worker joins in July.
    let mut workers = workforce(3, 11);
    workers.push(worker("D-late", true, date!(2024 - 07 - 01), None));
    let history = monthly_history(
        CooperativeType::B,
        &workers,
        YearMonth::parse("2024-01").unwrap(),
        YearMonth::parse("2024-12").unwrap(),
        date!(2025 - 03 - 01),
    );
    assert_eq!(history.len(), 12);
    assert!(!history[0].compliance.complies, "3 of 11 ordinary: 3.3 needed");
    assert!(history[6].compliance.complies, "4 in July");
    // Sums: disadvantaged 3×6 + 4×6 = 42, ordinary 11×12 = 132; 42 ≥ 39.6.
    assert_eq!(annual_average_complies(&history), Some(true));
    assert_eq!(annual_average_complies(&history[..6]), Some(false));
}

#[test]
fn the_forecast_warns_before_a_planned_contract_end_breaks_the_threshold() {
    let mut workers = workforce(3, 9);
    workers[0].contract.end = Some(date!(2025 - 04 - 30));
    let warnings = forecast(CooperativeType::B, &workers, date!(2025 - 03 - 01), 180);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].date, date!(2025 - 05 - 01));
    assert_eq!(
        warnings[0].causes,
        vec![ForecastCause::ContractEnds { worker: "D0".into() }]
    );
    assert_eq!(
        warnings[0].compliance.headcount,
        Headcount {
            disadvantaged: 2,
            ordinary: 9
        }
    );
    assert_eq!(warnings[0].compliance.required, 3);
}

#[test]
fn the_forecast_warns_before_an_expiring_certification_breaks_the_threshold() {
    let mut workers = workforce(3, 9);
    if let Some(d) = workers[1].disadvantage.as_mut() {
        d.certified_until = Some(date!(2025 - 06 - 15));
    }
    let warnings = forecast(CooperativeType::B, &workers, date!(2025 - 03 - 01), 365);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].date, date!(2025 - 06 - 16));
    assert_eq!(
        warnings[0].causes,
        vec![ForecastCause::CertificationExpires { worker: "D1".into() }]
    );
    // Outside the horizon, no warning yet.
    assert!(forecast(CooperativeType::B, &workers, date!(2025 - 03 - 01), 30).is_empty());
}

#[test]
fn a_planned_hire_that_restores_compliance_lets_a_later_breach_be_warned_again() {
    let mut workers = workforce(3, 9);
    workers[0].contract.end = Some(date!(2025 - 04 - 30));
    workers.push(worker("D-new", true, date!(2025 - 06 - 01), None));
    workers[1].contract.end = Some(date!(2025 - 08 - 31));
    let warnings = forecast(CooperativeType::B, &workers, date!(2025 - 03 - 01), 365);
    let dates: Vec<Date> = warnings.iter().map(|w| w.date).collect();
    assert_eq!(dates, vec![date!(2025 - 05 - 01), date!(2025 - 09 - 01)]);
}

proptest! {
    /// The rule is exactly "disadvantaged ≥ 30% of ordinary", and the
    /// required count is the least that satisfies it.
    #[test]
    fn the_required_count_is_the_least_that_complies(ordinary in 0u64..100_000) {
        let required = required_disadvantaged(ordinary);
        prop_assert!(thirty_percent_rule(required, ordinary));
        if required > 0 {
            prop_assert!(!thirty_percent_rule(required - 1, ordinary));
        }
        prop_assert!(required as f64 >= 0.3 * ordinary as f64 - 1e-9);
    }

    /// Adding a disadvantaged worker never breaks compliance; adding an
    /// ordinary worker never creates it.
    #[test]
    fn the_rule_is_monotone(disadvantaged in 0u64..10_000, ordinary in 0u64..10_000) {
        if thirty_percent_rule(disadvantaged, ordinary) {
            prop_assert!(thirty_percent_rule(disadvantaged + 1, ordinary));
        } else {
            prop_assert!(!thirty_percent_rule(disadvantaged, ordinary + 1));
        }
    }

    /// The headcount on a day agrees with a direct count, and every warning
    /// of the forecast names a day on which the rule really fails.
    #[test]
    fn forecast_warnings_name_days_that_really_fail(
        specs in proptest::collection::vec((any::<bool>(), 0i64..400, proptest::option::of(0i64..400), proptest::option::of(0i64..400)), 1..30),
    ) {
        let base = date!(2025 - 01 - 01);
        let workers: Vec<WorkerRecord> = specs.iter().enumerate().map(|(i, &(dis, start, len, cert))| {
            let start_day = base + Duration::days(start - 100);
            let mut w = worker(&format!("W{i}"), dis, start_day, len.map(|l| start_day + Duration::days(l)));
            if let (Some(d), Some(c)) = (w.disadvantage.as_mut(), cert) {
                d.certified_until = Some(base + Duration::days(c));
            }
            w
        }).collect();
        for warning in forecast(CooperativeType::B, &workers, base, 365) {
            prop_assert!(warning.date > base);
            prop_assert!(!headcount_on(CooperativeType::B, &workers, warning.date).complies());
            prop_assert!(!warning.causes.is_empty());
        }
        let direct = workers.iter().filter(|w| w.in_force_on(base)).count() as u64;
        prop_assert_eq!(headcount_on(CooperativeType::B, &workers, base).workers(), direct);
    }

    /// The plain share rounds 191/628 style fractions within half a tenth of a percent.
    #[test]
    fn the_share_is_within_half_a_tenth_of_a_percent(disadvantaged in 0u64..5_000, extra in 0u64..5_000) {
        let workers = disadvantaged + extra;
        if let Some(permille) = share_permille(disadvantaged, workers) {
            let exact = disadvantaged as f64 * 1000.0 / workers as f64;
            prop_assert!((permille as f64 - exact).abs() <= 0.5 + 1e-9);
        } else {
            prop_assert_eq!(workers, 0);
        }
    }
}
