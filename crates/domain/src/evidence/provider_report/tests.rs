use super::*;
use crate::ids::{FundingStreamId, InterventionId, ParticipantId};
use proptest::prelude::*;

fn delivery(
    id: InterventionId,
    participant: ParticipantId,
    service: &str,
    stream: Option<FundingStreamId>,
    verdict: Verdict,
) -> InterventionActivity {
    InterventionActivity {
        intervention_id: id,
        participant_id: participant,
        service_code: service.into(),
        service_name: service.to_uppercase(),
        funding_stream_id: stream,
        planned_minutes: 2_400,
        cost_cents: 80_000,
        minutes_before: 0,
        minutes_in_quarter: 1_200,
        entries_in_quarter: 10,
        eligibility: verdict,
        eligibility_reason: "minimum income is no".into(),
    }
}

fn streams() -> Vec<StreamRef> {
    vec![
        StreamRef {
            id: FundingStreamId(1),
            name: "Poverty Fund".into(),
        },
        StreamRef {
            id: FundingStreamId(2),
            name: "NOP Inclusion".into(),
        },
    ]
}

#[test]
fn lines_group_deliveries_by_stream_and_service() {
    let quarter: Quarter = "2021-Q2".parse().unwrap();
    let report = build(
        quarter,
        &[
            delivery(
                InterventionId(1),
                ParticipantId(10),
                "italian",
                Some(FundingStreamId(1)),
                Verdict::Eligible,
            ),
            delivery(
                InterventionId(2),
                ParticipantId(11),
                "italian",
                Some(FundingStreamId(1)),
                Verdict::Eligible,
            ),
            delivery(
                InterventionId(3),
                ParticipantId(10),
                "forklift",
                Some(FundingStreamId(2)),
                Verdict::Eligible,
            ),
        ],
        &streams(),
        4,
        240,
    );
    assert_eq!(report.lines.len(), 2);
    let italian = report.lines.iter().find(|l| l.service_code == "italian").unwrap();
    assert_eq!((italian.interventions, italian.participants), (2, 2));
    assert_eq!(italian.cost_cents, 80_000, "half of two €800 courses");
    assert_eq!(report.participants, 2, "participant 10 counts once");
    assert_eq!(
        report.claims(),
        vec![(FundingStreamId(1), 80_000), (FundingStreamId(2), 40_000)]
    );
    assert_eq!((report.other_entries, report.other_minutes), (4, 240));
}

#[test]
fn a_stream_never_pays_for_someone_outside_its_eligibility() {
    let report = build(
        "2022-Q1".parse().unwrap(),
        &[
            delivery(
                InterventionId(1),
                ParticipantId(10),
                "italian",
                Some(FundingStreamId(1)),
                Verdict::NotEligible,
            ),
            delivery(InterventionId(2), ParticipantId(11), "italian", None, Verdict::Eligible),
            delivery(
                InterventionId(3),
                ParticipantId(12),
                "italian",
                Some(FundingStreamId(1)),
                Verdict::CannotTell,
            ),
        ],
        &streams(),
        0,
        0,
    );
    assert_eq!(report.claimable_cents, 0);
    assert_eq!(report.cost_cents, 120_000);
    assert_eq!(report.not_claimable.len(), 3);
    assert!(report.not_claimable[0].reason.contains("minimum income"));
    assert!(report.claims().is_empty());
}

proptest! {
    #[test]
    fn totals_are_the_sums_of_the_lines(
        rows in proptest::collection::vec((0i64..20, 0usize..3, proptest::option::of(1i64..3), any::<bool>(), 0i64..3_000, 0i64..3_000), 0..40)
    ) {
        let services = ["italian", "forklift", "haccp"];
        let deliveries: Vec<_> = rows.iter().enumerate().map(|(i, (p, s, stream, eligible, before, minutes))| {
            let mut d = delivery(InterventionId(i as i64), ParticipantId(*p), services[*s], stream.map(FundingStreamId),
                if *eligible { Verdict::Eligible } else { Verdict::NotEligible });
            d.minutes_before = *before;
            d.minutes_in_quarter = *minutes;
            d.entries_in_quarter = i64::from(*minutes > 0);
            d
        }).collect();
        let report = build("2021-Q3".parse().unwrap(), &deliveries, &streams(), 0, 0);
        let refused: i64 = report.not_claimable.iter().map(|n| n.cost_cents).sum();
        prop_assert_eq!(report.claimable_cents + refused, report.cost_cents);
        prop_assert_eq!(report.streams.iter().map(|s| s.cost_cents).sum::<i64>(), report.cost_cents);
        prop_assert_eq!(report.streams.iter().map(|s| s.claimable_cents).sum::<i64>(), report.claimable_cents);
        for line in &report.lines {
            prop_assert!(line.claimable_cents <= line.cost_cents);
            prop_assert!(line.participants <= line.interventions);
        }
    }
}

#[test]
fn the_table_ends_with_the_grand_total_and_quotes_commas() {
    let mut d = delivery(
        InterventionId(1),
        ParticipantId(10),
        "italian",
        Some(FundingStreamId(1)),
        Verdict::Eligible,
    );
    d.service_name = "Italian, level A2".into();
    let report = build("2021-Q2".parse().unwrap(), &[d], &streams(), 2, 90);
    let csv = report.to_csv();
    assert!(csv.starts_with("section,funding_stream,service,"));
    assert!(csv.contains("\"italian — Italian, level A2\""), "{csv}");
    let last = report.table_rows().pop().unwrap();
    assert_eq!(last[0], "total");
    assert_eq!(last[7], "400.00");
    assert_eq!(last[9], "other register entries: 2 (1.5 h)");
}

#[test]
fn reports_are_asked_of_delivering_cooperatives_for_quarters_that_have_begun() {
    use time::macros::date;
    let today = date!(2022 - 05 - 10);
    let q2: Quarter = "2022-Q2".parse().unwrap();
    assert!(check_request(true, q2, today).is_ok());
    assert_eq!(check_request(false, q2, today).unwrap_err().0[0].field, "cooperative");
    assert_eq!(check_request(true, q2.next(), today).unwrap_err().0[0].field, "quarter");
    let rounds = [
        (date!(2020 - 10 - 01), date!(2021 - 12 - 31)),
        (date!(2022 - 01 - 01), date!(2022 - 06 - 30)),
        (date!(2023 - 01 - 01), date!(2023 - 12 - 31)),
    ];
    let quarters: Vec<String> = reportable_quarters(&rounds, today)
        .iter()
        .map(Quarter::to_string)
        .collect();
    assert_eq!(quarters.first().map(String::as_str), Some("2022-Q2"));
    assert_eq!(quarters.last().map(String::as_str), Some("2020-Q4"));
    assert_eq!(quarters.len(), 7);
}
