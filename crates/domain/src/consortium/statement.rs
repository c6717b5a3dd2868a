//! A cooperative's statement: the ledger movements that involve it in a
//! period with a running balance, and its solidarity-fund position — the
//! contribution owed on its hours, what it paid and the grants it received.

use super::Money;
use super::ledger::{Account, Movement, MovementKind};
use crate::ids::OrganisationId;
use serde::Serialize;
use time::Date;

/// One movement as the cooperative sees it: the net amount into (> 0) or out
/// of (< 0) its account, and its balance after the movement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementLine {
    /// The date as `YYYY-MM-DD`.
    pub on: String,
    pub kind: MovementKind,
    pub description: String,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub balance: Money,
}

/// A cooperative's statement for a period (amounts in cents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CooperativeStatement {
    pub cooperative_id: OrganisationId,
    /// The balance of the cooperative's account before the period.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub opening: Money,
    pub lines: Vec<StatementLine>,
    /// The balance at the end of the period.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub closing: Money,
    /// The solidarity-fund contribution owed on the period's hours.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub fund_owed: Money,
    /// Fund contributions paid in the period (movements of kind `fund_contribution` out of its account).
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub fund_paid: Money,
    /// Owed minus paid: positive while the cooperative still owes the fund.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub fund_outstanding: Money,
    /// Fund grants received in the period.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub grants_received: Money,
}

/// **A cooperative's statement**: of `movements` (any order), those dated
/// before `from` make the opening balance; those from `from` to `to` (both
/// included) are listed oldest first with the balance after each; later
/// ones are ignored. Only the cooperative's own postings count, so a
/// movement between two other accounts never appears. `fund_owed` is the
/// contribution on its hours ([`super::fund::solidarity_contribution`]).
pub fn cooperative_statement<'a>(
    cooperative_id: OrganisationId,
    movements: impl IntoIterator<Item = &'a Movement>,
    from: Date,
    to: Date,
    fund_owed: Money,
) -> CooperativeStatement {
    let account = Account::Cooperative(cooperative_id);
    let mut involved: Vec<(&Movement, Money)> = movements
        .into_iter()
        .filter_map(|m| {
            let mut postings = m.postings.iter().filter(|p| p.account == account).peekable();
            postings.peek()?;
            Some((m, postings.map(|p| p.amount).sum()))
        })
        .collect();
    involved.sort_by_key(|(m, _)| m.on);
    let opening: Money = involved.iter().filter(|(m, _)| m.on < from).map(|(_, a)| *a).sum();
    let mut balance = opening;
    let (mut fund_paid, mut grants_received) = (Money::ZERO, Money::ZERO);
    let mut lines = Vec::new();
    for (movement, amount) in involved.into_iter().filter(|(m, _)| m.on >= from && m.on <= to) {
        balance = balance + amount;
        match movement.kind {
            MovementKind::FundContribution => fund_paid = fund_paid - amount,
            MovementKind::FundGrant => grants_received = grants_received + amount,
            _ => {}
        }
        lines.push(StatementLine {
            on: movement.on.to_string(),
            kind: movement.kind,
            description: movement.description.clone(),
            amount,
            balance,
        });
    }
    CooperativeStatement {
        cooperative_id,
        opening,
        lines,
        closing: balance,
        fund_owed,
        fund_paid,
        fund_outstanding: fund_owed - fund_paid,
        grants_received,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consortium::ledger::transfer;
    use time::macros::date;

    fn movement(on: Date, kind: MovementKind, from: Account, to: Account, euros: i64) -> Movement {
        transfer(on, kind, "test", from, to, Money::euros(euros))
            .validate()
            .unwrap()
    }

    #[test]
    fn the_statement_runs_a_balance_and_sums_the_fund_position() {
        let coop = Account::Cooperative(OrganisationId(7));
        let other = Account::Cooperative(OrganisationId(8));
        let fund = Account::SolidarityFund;
        let movements = [
            movement(date!(2024 - 03 - 01), MovementKind::FundGrant, fund, coop, 1_000),
            movement(date!(2023 - 12 - 31), MovementKind::Other, Account::External, coop, 200),
            movement(date!(2024 - 06 - 30), MovementKind::FundContribution, coop, fund, 150),
            movement(date!(2024 - 07 - 01), MovementKind::FundGrant, fund, other, 5_000),
            movement(date!(2025 - 01 - 01), MovementKind::Other, coop, Account::External, 50),
        ];
        let statement = cooperative_statement(
            OrganisationId(7),
            &movements,
            date!(2024 - 01 - 01),
            date!(2024 - 12 - 31),
            Money::euros(180),
        );
        assert_eq!(statement.opening, Money::euros(200));
        assert_eq!(statement.lines.len(), 2);
        assert_eq!(statement.lines[0].balance, Money::euros(1_200));
        assert_eq!(statement.lines[1].amount, Money::euros(-150));
        assert_eq!(statement.closing, Money::euros(1_050));
        assert_eq!(statement.fund_paid, Money::euros(150));
        assert_eq!(statement.fund_outstanding, Money::euros(30));
        assert_eq!(statement.grants_received, Money::euros(1_000));
    }

    #[test]
    fn a_cooperative_without_movements_has_an_empty_statement() {
        let statement = cooperative_statement(
            OrganisationId(7),
            &[],
            date!(2024 - 01 - 01),
            date!(2024 - 12 - 31),
            Money::from_cents(99),
        );
        assert!(statement.lines.is_empty());
        assert_eq!(statement.closing, Money::ZERO);
        assert_eq!(statement.fund_outstanding, Money::from_cents(99));
    }
}
