//! The consortium's ledger: movements of money between member cooperatives
//! and the consortium's funds. Every movement is balanced — what leaves some
//! accounts enters others — so the ledger as a whole always sums to zero.

use super::{Money, div_round};
use crate::Message;
use crate::ids::OrganisationId;
use crate::msg;
use crate::validation::{ValidationErrors, required_text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use time::Date;

/// Where money sits, from the consortium's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Account {
    /// A member cooperative (by organisation id).
    Cooperative(OrganisationId),
    /// The Consortium Solidarity Fund.
    SolidarityFund,
    /// Surplus pooled by the cooperatives, waiting for redistribution.
    SurplusPool,
    /// The public sector (the borsa lavoro's public half, grants).
    PublicFunding,
    /// Anyone outside the consortium: clients, banks, suppliers.
    External,
}

impl Account {
    /// The account's stored code: `cooperative:12`, `solidarity_fund`, …
    pub fn code(self) -> String {
        match self {
            Account::Cooperative(id) => format!("cooperative:{id}"),
            Account::SolidarityFund => "solidarity_fund".into(),
            Account::SurplusPool => "surplus_pool".into(),
            Account::PublicFunding => "public_funding".into(),
            Account::External => "external".into(),
        }
    }

    pub fn parse(code: &str) -> Result<Account, Message> {
        match code {
            "solidarity_fund" => Ok(Account::SolidarityFund),
            "surplus_pool" => Ok(Account::SurplusPool),
            "public_funding" => Ok(Account::PublicFunding),
            "external" => Ok(Account::External),
            other => other
                .strip_prefix("cooperative:")
                .and_then(|id| id.parse::<i64>().ok())
                .map(OrganisationId)
                .map(Account::Cooperative)
                .ok_or_else(|| msg!("error-unknown-account", value = other)),
        }
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// Why money moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// A cooperative pays its solidarity-fund contribution.
    FundContribution,
    /// The fund finances a Type B project or a new enterprise.
    FundGrant,
    /// A cooperative pools (part of) its surplus.
    SurplusPooling,
    /// Pooled surplus is redistributed by a decided plan.
    SurplusRedistribution,
    /// A Type B cooperative pays a Type A workshop for work (internal demand).
    InternalTransfer,
    /// Anything else, described in words.
    Other,
}

impl MovementKind {
    pub const ALL: [MovementKind; 6] = [
        MovementKind::FundContribution,
        MovementKind::FundGrant,
        MovementKind::SurplusPooling,
        MovementKind::SurplusRedistribution,
        MovementKind::InternalTransfer,
        MovementKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::FundContribution => "fund_contribution",
            MovementKind::FundGrant => "fund_grant",
            MovementKind::SurplusPooling => "surplus_pooling",
            MovementKind::SurplusRedistribution => "surplus_redistribution",
            MovementKind::InternalTransfer => "internal_transfer",
            MovementKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Result<MovementKind, Message> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| msg!("error-unknown-movement-kind", value = text))
    }
}

/// One side of a movement: money into (`amount` > 0) or out of (< 0) an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Posting {
    pub account: Account,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Money,
}

/// A movement as entered, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovementDraft {
    pub on: Date,
    pub kind: MovementKind,
    pub description: String,
    pub postings: Vec<Posting>,
}

/// A movement that passed [`balanced_movement_rule`]: the only form the ledger stores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Movement {
    #[serde(with = "crate::time_format::iso_date")]
    pub on: Date,
    pub kind: MovementKind,
    pub description: String,
    pub postings: Vec<Posting>,
}

impl MovementDraft {
    /// **Double entry — the balanced-movement rule**: a movement has at least
    /// two postings, none of zero, on at least two accounts, and its postings
    /// sum to zero (money is never created or lost inside the consortium). A
    /// grant from the fund must go to a cooperative and come from the fund.
    pub fn validate(self) -> Result<Movement, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let description = required_text(&mut errors, "description", &self.description, 300);
        if let Err(message) = crate::bounds::check_date(self.on) {
            errors.add("on", message);
        }
        if self.postings.len() < 2 {
            errors.add("postings", msg!("error-movement-two-postings"));
        }
        if self.postings.iter().any(|p| p.amount.is_zero()) {
            errors.add("postings", msg!("error-zero-posting"));
        }
        for (index, posting) in self.postings.iter().enumerate() {
            if let Err(message) = Money::bounded(posting.amount.cents()) {
                errors.add(&format!("postings[{index}].amount"), message);
            }
        }
        let total = Money::checked_sum(self.postings.iter().map(|p| p.amount));
        if total.is_none() {
            errors.add("postings", msg!("error-postings-overflow"));
        }
        if let Some(total) = total.filter(|t| !t.is_zero()) {
            errors.add("postings", msg!("error-movement-unbalanced", total = total));
        }
        let first = self.postings.first().map(|p| p.account);
        if self.postings.iter().all(|p| Some(p.account) == first) && self.postings.len() >= 2 {
            errors.add("postings", msg!("error-movement-two-accounts"));
        }
        if self.kind == MovementKind::FundGrant {
            let from_fund = self
                .postings
                .iter()
                .any(|p| p.account == Account::SolidarityFund && p.amount < Money::ZERO);
            let to_cooperative = self
                .postings
                .iter()
                .any(|p| matches!(p.account, Account::Cooperative(_)) && p.amount > Money::ZERO);
            if !from_fund || !to_cooperative {
                errors.add("postings", msg!("error-fund-grant-shape"));
            }
        }
        errors.into_result(Movement {
            on: self.on,
            kind: self.kind,
            description,
            postings: self.postings,
        })
    }
}

/// The simplest movement: `amount` from one account to another.
pub fn transfer(
    on: Date,
    kind: MovementKind,
    description: &str,
    from: Account,
    to: Account,
    amount: Money,
) -> MovementDraft {
    MovementDraft {
        on,
        kind,
        description: description.to_owned(),
        postings: vec![
            Posting {
                account: from,
                amount: -amount,
            },
            Posting { account: to, amount },
        ],
    }
}

/// Every account's balance over the given movements.
pub fn balances<'a>(movements: impl IntoIterator<Item = &'a Movement>) -> BTreeMap<Account, Money> {
    let mut balances = BTreeMap::new();
    for posting in movements.into_iter().flat_map(|m| m.postings.iter()) {
        *balances.entry(posting.account).or_insert(Money::ZERO) =
            balances.get(&posting.account).copied().unwrap_or(Money::ZERO) + posting.amount;
    }
    balances
}

/// **Redistribution of pooled surplus by a decided plan**: `amount` leaves the
/// surplus pool and is split between cooperatives in proportion to their
/// weights (e.g. the share decided by the consortium's assembly), to the cent
/// by largest remainder, so the parts add up to exactly `amount`.
pub fn redistribution(on: Date, description: &str, amount: Money, plan: &[(OrganisationId, u64)]) -> MovementDraft {
    let total_weight: u128 = plan.iter().map(|(_, w)| u128::from(*w)).sum();
    let mut postings = vec![Posting {
        account: Account::SurplusPool,
        amount: -amount,
    }];
    if total_weight > 0 && amount > Money::ZERO {
        let cents = amount.cents() as u128;
        let mut parts: Vec<(usize, u128, u128)> = plan
            .iter()
            .enumerate()
            .map(|(i, (_, w))| {
                let exact = cents * u128::from(*w);
                (i, exact / total_weight, exact % total_weight)
            })
            .collect();
        let assigned: u128 = parts.iter().map(|p| p.1).sum();
        let mut left = cents - assigned;
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by(|&a, &b| parts[b].2.cmp(&parts[a].2).then(a.cmp(&b)));
        for index in order {
            if left == 0 {
                break;
            }
            parts[index].1 += 1;
            left -= 1;
        }
        for (index, part, _) in parts {
            if part > 0 {
                postings.push(Posting {
                    account: Account::Cooperative(plan[index].0),
                    amount: Money::from_cents(part as i64),
                });
            }
        }
    }
    MovementDraft {
        on,
        kind: MovementKind::SurplusRedistribution,
        description: description.to_owned(),
        postings,
    }
}

/// A share in basis points (`5000` = 50%) of an amount, rounded half up.
pub fn share_of(amount: Money, basis_points: u32) -> Money {
    Money::from_cents(div_round(i128::from(amount.cents()) * i128::from(basis_points), 10_000) as i64)
}

#[cfg(test)]
mod tests;
