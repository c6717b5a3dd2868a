//! The consortium's ledger (balanced movements only) and the borsa lavoro
//! register of workshop hours.

use super::date_of;
use crate::columns;
use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::borsa::BorsaMonth;
use filiera_domain::consortium::filiere::AutonomyLevel;
use filiera_domain::consortium::fund::solidarity_contribution;
use filiera_domain::consortium::ledger::{Account, Movement, MovementKind, Posting};
use filiera_domain::consortium::statement::{CooperativeStatement, cooperative_statement};
use filiera_domain::consortium::workforce::Hours;
use filiera_domain::consortium::{Money, YearMonth};
use filiera_domain::ids::{LedgerMovementId, OrganisationId};
use filiera_domain::msg;
use serde::Serialize;
use time::Date;

/// A movement as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredMovement {
    pub id: LedgerMovementId,
    pub movement: Movement,
}

/// Records a movement that passed the balanced-movement rule. Cooperative
/// accounts must be members of the consortium.
pub async fn record_movement(
    unit: &mut Unit,
    consortium_id: OrganisationId,
    movement: &Movement,
) -> Result<LedgerMovementId> {
    for posting in &movement.postings {
        if let Account::Cooperative(id) = posting.account {
            let member: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM organisations WHERE id = $1 AND consortium_id = $2")
                    .bind(id)
                    .bind(consortium_id)
                    .fetch_optional(unit.conn())
                    .await?;
            if member.is_none() {
                return Err(StorageError::Invalid(ValidationErrors::single(
                    "postings",
                    msg!("error-cooperative-not-member", cooperative = id.0),
                )));
            }
        }
    }
    let (id,): (LedgerMovementId,) = sqlx::query_as(
        "INSERT INTO ledger_movements (consortium_id, on_date, kind, description, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(consortium_id)
    .bind(movement.on.to_string())
    .bind(movement.kind.as_str())
    .bind(&movement.description)
    .bind(now_text())
    .fetch_one(unit.conn())
    .await?;
    for (position, posting) in movement.postings.iter().enumerate() {
        sqlx::query(
            "INSERT INTO ledger_postings (movement_id, position, account, amount_cents) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(posting.account.code())
        .bind(posting.amount.cents())
        .execute(unit.conn())
        .await?;
    }
    let moved: Money = movement
        .postings
        .iter()
        .filter(|p| p.amount > Money::ZERO)
        .map(|p| p.amount)
        .sum();
    unit.record(
        AuditEvent::new("ledger.movement", "ledger_movement", id)
            .in_organisation(Some(consortium_id.get()))
            .with_detail(serde_json::json!({ "kind": movement.kind, "amount_cents": moved.cents() })),
    )
    .await?;
    Ok(id)
}

/// The first and last dates a ledger can hold, for "every movement".
pub const BEGINNING: Date = time::macros::date!(0000 - 01 - 01);
pub const END: Date = time::macros::date!(9999 - 12 - 31);

/// Every movement of a consortium in a calendar year; none for a year no date
/// can be in.
pub async fn movements_in_year(store: &Store, consortium_id: OrganisationId, year: i32) -> Result<Vec<StoredMovement>> {
    let first = Date::from_calendar_date(year, time::Month::January, 1);
    let last = Date::from_calendar_date(year, time::Month::December, 31);
    match (first, last) {
        (Ok(from), Ok(to)) => movements(store, consortium_id, from, to).await,
        _ => Ok(Vec::new()),
    }
}

/// Every movement of a consortium in a period (both dates included), oldest first.
pub async fn movements(
    store: &Store,
    consortium_id: OrganisationId,
    from: Date,
    to: Date,
) -> Result<Vec<StoredMovement>> {
    let rows: Vec<(LedgerMovementId, String, String, String)> = sqlx::query_as(
        "SELECT id, on_date, kind, description FROM ledger_movements WHERE consortium_id = $1 \
         AND on_date >= $2 AND on_date <= $3 ORDER BY on_date, id",
    )
    .bind(consortium_id)
    .bind(columns::date_text(from))
    .bind(columns::date_text(to))
    .fetch_all(store.pool())
    .await?;
    let postings: Vec<(LedgerMovementId, String, i64)> = sqlx::query_as(
        "SELECT p.movement_id, p.account, p.amount_cents FROM ledger_postings p \
         JOIN ledger_movements m ON m.id = p.movement_id WHERE m.consortium_id = $1 ORDER BY p.movement_id, p.position",
    )
    .bind(consortium_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(id, on, kind, description)| {
            let postings = postings
                .iter()
                .filter(|(movement, _, _)| *movement == id)
                .map(|(_, account, cents)| {
                    Ok(Posting {
                        account: Account::parse(account).map_err(StorageError::corrupt)?,
                        amount: Money::from_cents(*cents),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(StoredMovement {
                id,
                movement: Movement {
                    on: date_of(&on)?,
                    kind: MovementKind::parse(&kind).map_err(StorageError::corrupt)?,
                    description,
                    postings,
                },
            })
        })
        .collect()
}

/// A member cooperative's statement for a calendar year: its movements with a
/// running balance (opening from every earlier movement), and its fund
/// position — the contribution owed on the year's hours at the consortium's
/// rate, what it paid and the grants it received.
pub async fn statement_of_cooperative(
    store: &Store,
    consortium_id: OrganisationId,
    cooperative_id: OrganisationId,
    year: i32,
) -> Result<CooperativeStatement> {
    let (from, to) = (
        date_of(&format!("{year:04}-01-01"))?,
        date_of(&format!("{year:04}-12-31"))?,
    );
    let all = movements(store, consortium_id, BEGINNING, to).await?;
    let settings = super::settings(store, consortium_id).await?;
    let hours = super::registers::hours_in_year(store, cooperative_id, year).await?;
    Ok(cooperative_statement(
        cooperative_id,
        all.iter().map(|m| &m.movement),
        from,
        to,
        solidarity_contribution(hours, settings.fund_per_hour),
    ))
}

/// Records (or replaces) a user's borsa lavoro month.
pub async fn save_borsa_month(unit: &mut Unit, user_id: i64, month: &BorsaMonth) -> Result<()> {
    sqlx::query("DELETE FROM borsa_months WHERE user_id = $1 AND month = $2")
        .bind(user_id)
        .bind(month.month.to_string())
        .execute(unit.conn())
        .await?;
    sqlx::query(
        "INSERT INTO borsa_months (user_id, month, hundredths, level, effort, result) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(month.month.to_string())
    .bind(month.hours.hundredths())
    .bind(i64::from(month.level.get()))
    .bind(month.effort)
    .bind(month.result)
    .execute(unit.conn())
    .await?;
    unit.record(
        AuditEvent::new("borsa.month", "service_user", user_id)
            .with_detail(serde_json::json!({ "month": month.month.to_string() })),
    )
    .await
}

/// Every user's borsa month of one month in a consortium: (user id, user code, cooperative, month).
pub async fn borsa_months(
    store: &Store,
    consortium_id: OrganisationId,
    month: YearMonth,
) -> Result<Vec<(i64, String, String, BorsaMonth)>> {
    let rows: Vec<(i64, String, String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT u.id, u.code, o.name, b.hundredths, b.level, CAST(CASE WHEN b.effort THEN 1 ELSE 0 END AS BIGINT), \
         CAST(CASE WHEN b.result THEN 1 ELSE 0 END AS BIGINT) FROM borsa_months b \
         JOIN service_users u ON u.id = b.user_id JOIN organisations o ON o.id = u.organisation_id \
         WHERE o.consortium_id = $1 AND b.month = $2 ORDER BY o.name, u.code",
    )
    .bind(consortium_id)
    .bind(month.to_string())
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(id, code, cooperative, hundredths, level, effort, result)| {
            Ok((
                id,
                code,
                cooperative,
                BorsaMonth {
                    month,
                    hours: Hours::from_hundredths(hundredths),
                    level: AutonomyLevel::new(u8::try_from(level).unwrap_or(0)).map_err(StorageError::corrupt)?,
                    effort: effort != 0,
                    result: result != 0,
                },
            ))
        })
        .collect()
}
