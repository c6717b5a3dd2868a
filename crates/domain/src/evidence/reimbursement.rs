//! Reimbursement claims against a programme's funding streams, and the budget
//! picture per stream: budget, committed, claimed, paid.
//!
//! In ALI the agency reimbursed the cooperatives every quarter from the
//! programme's funds (source `002_…txt`, §"Funding"): the Poverty Fund paid
//! only for minimum-income (RdC) recipients, the NOP Inclusion for wider social
//! marginality. A claim is refused when it would take a stream beyond its
//! remaining budget, or when it would pay for a person outside the stream's
//! eligibility.

use crate::Message;
use crate::ids::{FundingStreamId, ParticipantId};
use crate::msg;
use crate::pathways::eligibility::Verdict;
use serde::Serialize;

/// What a funding stream has and has given so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamBudget {
    pub funding_stream_id: FundingStreamId,
    pub name: String,
    pub budget_cents: i64,
    /// Planned cost of the interventions the stream pays for (not cancelled).
    pub committed_cents: i64,
    /// Claims admitted from approved reports.
    pub claimed_cents: i64,
    /// Claims paid out.
    pub paid_cents: i64,
}

impl StreamBudget {
    /// What is left to claim.
    pub fn remaining_cents(&self) -> i64 {
        self.budget_cents - self.claimed_cents
    }

    /// Committed beyond the budget: the programme promised more than it has.
    pub fn over_committed(&self) -> bool {
        self.committed_cents > self.budget_cents
    }

    /// The share of the budget already claimed, in per cent (0 for no budget).
    pub fn used_percent(&self) -> f64 {
        if self.budget_cents <= 0 {
            0.0
        } else {
            self.claimed_cents as f64 * 100.0 / self.budget_cents as f64
        }
    }
}

/// One person's cost inside a claim, with the stream's verdict on them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimItem {
    pub participant_id: ParticipantId,
    pub cost_cents: i64,
    pub eligibility: Verdict,
}

/// Why a claim is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimRefusal {
    #[error("the claim of {asked} cents on `{stream}` goes beyond its remaining budget of {remaining} cents")]
    BeyondBudget { stream: String, asked: i64, remaining: i64 },
    #[error(
        "`{stream}` cannot pay for participant {participant_id}: the stream's eligibility rule does not admit them"
    )]
    NotEligible {
        stream: String,
        participant_id: ParticipantId,
    },
    #[error("a claim must be for a positive amount")]
    NotPositive,
}

impl ClaimRefusal {
    /// The refusal for the person who asked.
    pub fn message(&self) -> Message {
        match self {
            ClaimRefusal::BeyondBudget {
                stream,
                asked,
                remaining,
            } => msg!(
                "error-claim-beyond-budget",
                stream = stream,
                asked = crate::consortium::Money::from_cents(*asked),
                remaining = crate::consortium::Money::from_cents(*remaining)
            ),
            ClaimRefusal::NotEligible { stream, participant_id } => {
                msg!(
                    "error-claim-not-eligible",
                    stream = stream,
                    participant = participant_id.0
                )
            }
            ClaimRefusal::NotPositive => msg!("error-claim-not-positive"),
        }
    }
}

/// Admits a claim of `items` on `stream`, or says why not. A correction that
/// lowers an earlier claim (a negative adjustment) is always admitted: it gives
/// money back.
pub fn admit_claim(stream: &StreamBudget, items: &[ClaimItem]) -> Result<i64, ClaimRefusal> {
    if let Some(item) = items.iter().find(|i| i.eligibility != Verdict::Eligible) {
        return Err(ClaimRefusal::NotEligible {
            stream: stream.name.clone(),
            participant_id: item.participant_id,
        });
    }
    let amount: i64 = items.iter().map(|i| i.cost_cents).sum();
    admit_amount(stream, amount)
}

/// Admits an amount (already restricted to eligible people) against the budget.
pub fn admit_amount(stream: &StreamBudget, amount: i64) -> Result<i64, ClaimRefusal> {
    if amount > stream.remaining_cents() {
        return Err(ClaimRefusal::BeyondBudget {
            stream: stream.name.clone(),
            asked: amount,
            remaining: stream.remaining_cents(),
        });
    }
    Ok(amount)
}

/// A payment may settle only a claim not yet paid, on a date not before the claim.
pub fn check_payment(already_paid: bool, claimed_on: time::Date, paid_on: time::Date) -> Result<(), Message> {
    if already_paid {
        return Err(msg!("error-claim-already-paid"));
    }
    if paid_on < claimed_on {
        return Err(msg!("error-claim-paid-before-made"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn poverty_fund(budget: i64, claimed: i64) -> StreamBudget {
        StreamBudget {
            funding_stream_id: FundingStreamId(1),
            name: "Poverty Fund".into(),
            budget_cents: budget,
            committed_cents: 0,
            claimed_cents: claimed,
            paid_cents: 0,
        }
    }

    fn item(participant_id: ParticipantId, cost_cents: i64, eligibility: Verdict) -> ClaimItem {
        ClaimItem {
            participant_id,
            cost_cents,
            eligibility,
        }
    }

    #[test]
    fn a_minimum_income_stream_does_not_pay_for_a_non_recipient() {
        let stream = poverty_fund(100_000, 0);
        let refused = admit_claim(
            &stream,
            &[
                item(ParticipantId(1), 10_000, Verdict::Eligible),
                item(ParticipantId(2), 10_000, Verdict::NotEligible),
            ],
        );
        assert_eq!(
            refused,
            Err(ClaimRefusal::NotEligible {
                stream: "Poverty Fund".into(),
                participant_id: ParticipantId(2)
            })
        );
        assert!(admit_claim(&stream, &[item(ParticipantId(3), 1, Verdict::CannotTell)]).is_err());
        assert_eq!(
            admit_claim(&stream, &[item(ParticipantId(1), 10_000, Verdict::Eligible)]),
            Ok(10_000)
        );
    }

    #[test]
    fn a_claim_stops_at_the_remaining_budget() {
        let stream = poverty_fund(100_000, 90_000);
        assert_eq!(admit_amount(&stream, 10_000), Ok(10_000));
        assert!(matches!(
            admit_amount(&stream, 10_001),
            Err(ClaimRefusal::BeyondBudget { remaining: 10_000, .. })
        ));
        assert_eq!(
            admit_amount(&stream, -5_000),
            Ok(-5_000),
            "a correction may give money back"
        );
    }

    #[test]
    fn payments_follow_claims() {
        let day = time::macros::date!(2021 - 07 - 15);
        assert!(check_payment(false, day, day).is_ok());
        assert!(check_payment(true, day, day).is_err());
        assert!(check_payment(false, day, day.previous_day().unwrap()).is_err());
    }

    proptest! {
        #[test]
        fn admitted_claims_never_exceed_the_budget(budget in 0i64..1_000_000, claims in proptest::collection::vec(0i64..300_000, 0..20)) {
            let mut stream = poverty_fund(budget, 0);
            for amount in claims {
                if let Ok(admitted) = admit_amount(&stream, amount) {
                    stream.claimed_cents += admitted;
                }
                prop_assert!(stream.claimed_cents <= stream.budget_cents);
            }
        }
    }
}
