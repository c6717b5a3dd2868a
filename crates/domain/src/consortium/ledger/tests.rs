use super::*;
use crate::ids::OrganisationId;
use proptest::prelude::*;
use time::macros::date;

#[test]
fn an_unbalanced_movement_is_rejected() {
    let draft = MovementDraft {
        on: date!(2024 - 12 - 31),
        kind: MovementKind::FundContribution,
        description: "Contribution 2024".into(),
        postings: vec![
            Posting {
                account: Account::Cooperative(OrganisationId(3)),
                amount: Money::euros(-5_200),
            },
            Posting {
                account: Account::SolidarityFund,
                amount: Money::euros(5_100),
            },
        ],
    };
    let errors = draft.validate().unwrap_err();
    assert_eq!(
        errors.for_field("postings").map(ToString::to_string).as_deref(),
        Some("error-movement-unbalanced(total=-100.00)")
    );
}

#[test]
fn a_balanced_contribution_moves_money_from_the_cooperative_to_the_fund() {
    let movement = transfer(
        date!(2024 - 12 - 31),
        MovementKind::FundContribution,
        "Contribution 2024",
        Account::Cooperative(OrganisationId(3)),
        Account::SolidarityFund,
        Money::euros(5_200),
    )
    .validate()
    .unwrap();
    let balances = balances([&movement]);
    assert_eq!(balances[&Account::SolidarityFund], Money::euros(5_200));
    assert_eq!(balances[&Account::Cooperative(OrganisationId(3))], Money::euros(-5_200));
}

#[test]
fn a_fund_grant_must_come_from_the_fund_and_go_to_a_cooperative() {
    let wrong = transfer(
        date!(2025 - 02 - 01),
        MovementKind::FundGrant,
        "New laundry line",
        Account::SurplusPool,
        Account::Cooperative(OrganisationId(4)),
        Money::euros(40_000),
    );
    assert!(wrong.validate().is_err());
    let right = transfer(
        date!(2025 - 02 - 01),
        MovementKind::FundGrant,
        "New laundry line",
        Account::SolidarityFund,
        Account::Cooperative(OrganisationId(4)),
        Money::euros(40_000),
    );
    assert!(right.validate().is_ok());
}

#[test]
fn a_movement_within_one_account_or_with_a_zero_posting_is_rejected() {
    let same = transfer(
        date!(2025 - 02 - 01),
        MovementKind::Other,
        "Nothing",
        Account::SurplusPool,
        Account::SurplusPool,
        Money::euros(1),
    );
    assert!(same.validate().is_err());
    let zero = transfer(
        date!(2025 - 02 - 01),
        MovementKind::Other,
        "Zero",
        Account::SurplusPool,
        Account::External,
        Money::ZERO,
    );
    assert!(zero.validate().is_err());
}

#[test]
fn one_hundred_euros_split_in_three_equal_parts_gives_33_34_33_33_33_33() {
    let movement = redistribution(
        date!(2025 - 03 - 01),
        "Plan 2025",
        Money::euros(100),
        &[(OrganisationId(1), 1), (OrganisationId(2), 1), (OrganisationId(3), 1)],
    )
    .validate()
    .unwrap();
    let parts: Vec<i64> = movement.postings[1..].iter().map(|p| p.amount.cents()).collect();
    assert_eq!(parts, vec![3334, 3333, 3333]);
}

#[test]
fn account_codes_parse_back() {
    for account in [
        Account::Cooperative(OrganisationId(12)),
        Account::SolidarityFund,
        Account::SurplusPool,
        Account::PublicFunding,
        Account::External,
    ] {
        assert_eq!(Account::parse(&account.code()), Ok(account));
    }
    assert!(Account::parse("cooperative:x").is_err());
}

proptest! {
    /// A redistribution by any plan is balanced and pays out exactly the amount.
    #[test]
    fn every_redistribution_is_balanced(cents in 1i64..100_000_000, weights in proptest::collection::vec(0u64..1000, 1..12)) {
        let plan: Vec<(OrganisationId, u64)> = weights.iter().enumerate().map(|(i, w)| (OrganisationId(i as i64 + 1), *w)).collect();
        let draft = redistribution(date!(2025 - 03 - 01), "Plan", Money::from_cents(cents), &plan);
        let sum: Money = draft.postings.iter().map(|p| p.amount).sum();
        prop_assert!(sum.is_zero() || weights.iter().all(|w| *w == 0));
        if weights.iter().any(|w| *w > 0) {
            let movement = draft.validate();
            prop_assert!(movement.is_ok());
        }
    }

    /// Balances of balanced movements always sum to zero.
    #[test]
    fn the_ledger_always_sums_to_zero(amounts in proptest::collection::vec((1i64..1_000_000, 0i64..5, 0i64..5), 1..40)) {
        let accounts = [Account::SolidarityFund, Account::SurplusPool, Account::Cooperative(OrganisationId(1)), Account::Cooperative(OrganisationId(2)), Account::External];
        let movements: Vec<Movement> = amounts.iter().filter(|(_, a, b)| a != b).map(|&(amount, a, b)| {
            transfer(date!(2025 - 01 - 01), MovementKind::Other, "x", accounts[a as usize], accounts[b as usize], Money::from_cents(amount)).validate().unwrap()
        }).collect();
        let total: Money = balances(movements.iter()).values().copied().sum();
        prop_assert!(total.is_zero());
    }
}
