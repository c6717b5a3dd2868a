//! Production orders with their task trees, capability grades, and weekly
//! allocations (draft until a supervisor accepts them).

use super::{date_of, finance, member_cooperative};
use crate::{AuditEvent, Result, StorageError, Store, Unit, now_text};
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::Money;
use filiera_domain::consortium::ledger::{Account, MovementKind, transfer};
use filiera_domain::consortium::production::{
    ClientKind, Grade, OrderDraft, StepDraft, TaskSpec, Venue, internal_transfer, validate_task_tree,
};
use filiera_domain::ids::{AllocationId, OrderId, OrganisationId, TaskId, WorkerId};
use filiera_domain::msg;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: OrderId,
    pub organisation_id: OrganisationId,
    pub client: String,
    pub client_kind: ClientKind,
    pub product: String,
    pub quantity: i64,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub due_on: Date,
    pub price: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub id: TaskId,
    pub order_id: OrderId,
    pub parent_id: Option<TaskId>,
    pub name: String,
    pub task: Option<TaskSpec>,
}

/// Records an order with its task tree (checked by the domain's rule).
pub async fn create_order(
    unit: &mut Unit,
    organisation_id: OrganisationId,
    order: &OrderDraft,
    steps: &[StepDraft],
) -> Result<OrderId> {
    validate_task_tree(steps).map_err(StorageError::Invalid)?;
    let (id,): (OrderId,) = sqlx::query_as(
        "INSERT INTO production_orders (organisation_id, client, client_kind, product, quantity, due_on, price_cents, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(organisation_id)
    .bind(&order.client)
    .bind(order.client_kind.as_str())
    .bind(&order.product)
    .bind(order.quantity)
    .bind(order.due_on.to_string())
    .bind(order.price.cents())
    .bind(now_text())
    .fetch_one(unit.conn())
    .await?;
    // Parents before children: insert in an order where each parent is known.
    let mut ids: HashMap<&str, TaskId> = HashMap::new();
    let mut pending: Vec<(usize, &StepDraft)> = steps.iter().enumerate().collect();
    while !pending.is_empty() {
        let before = pending.len();
        let mut rest = Vec::new();
        for (position, step) in pending {
            let parent = match step.parent.as_deref() {
                None => None,
                Some(key) => match ids.get(key) {
                    Some(id) => Some(*id),
                    None => {
                        rest.push((position, step));
                        continue;
                    }
                },
            };
            let task = step.task.as_ref();
            let (step_id,): (TaskId,) = sqlx::query_as(
                "INSERT INTO task_steps (order_id, parent_id, position, name, kind, grade, seconds_per_unit, units, venue, \
                 transfer_price_cents) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(id)
            .bind(parent)
            .bind(position as i64)
            .bind(step.name.trim())
            .bind(task.map(|t| t.kind.trim().to_owned()))
            .bind(task.map(|t| i64::from(t.grade.get())))
            .bind(task.map(|t| t.seconds_per_unit))
            .bind(task.map(|t| t.units))
            .bind(task.map(|t| t.venue.as_str()))
            .bind(task.map(|t| t.transfer_price.cents()))
            .fetch_one(unit.conn())
            .await?;
            ids.insert(step.key.as_str(), step_id);
        }
        if rest.len() == before {
            return Err(StorageError::Invalid(ValidationErrors::single(
                "steps",
                msg!("error-task-tree-cycle"),
            )));
        }
        pending = rest;
    }
    unit.record(
        AuditEvent::new("order.create", "production_order", id)
            .in_organisation(Some(organisation_id.get()))
            .with_detail(serde_json::json!({ "client": order.client, "steps": steps.len() })),
    )
    .await?;
    Ok(id)
}

type OrderRow = (OrderId, OrganisationId, String, String, String, i64, String, i64);

fn order_from_row(row: OrderRow) -> Result<Order> {
    let (id, organisation_id, client, client_kind, product, quantity, due_on, price) = row;
    Ok(Order {
        id,
        organisation_id,
        client,
        client_kind: ClientKind::parse(&client_kind).map_err(StorageError::corrupt)?,
        product,
        quantity,
        due_on: date_of(&due_on)?,
        price: Money::from_cents(price),
    })
}

const ORDER_SELECT: &str =
    "SELECT id, organisation_id, client, client_kind, product, quantity, due_on, price_cents FROM production_orders";

pub async fn orders_of(store: &Store, organisation_id: OrganisationId) -> Result<Vec<Order>> {
    let rows: Vec<OrderRow> = sqlx::query_as(&format!(
        "{ORDER_SELECT} WHERE organisation_id = $1 ORDER BY due_on, id"
    ))
    .bind(organisation_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter().map(order_from_row).collect()
}

pub async fn order(store: &Store, id: OrderId) -> Result<Order> {
    let row: OrderRow = sqlx::query_as(&format!("{ORDER_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(store.pool())
        .await?
        .ok_or(StorageError::NotFound {
            what: "production order",
        })?;
    order_from_row(row)
}

type StepRow = (
    TaskId,
    OrderId,
    Option<TaskId>,
    String,
    Option<String>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
);

fn step_from_row(row: StepRow) -> Result<Step> {
    let (id, order_id, parent_id, name, kind, grade, seconds, units, venue, price) = row;
    let task = match (kind, grade, seconds, units, venue) {
        (Some(kind), Some(grade), Some(seconds_per_unit), Some(units), Some(venue)) => Some(TaskSpec {
            kind,
            grade: Grade::new(u8::try_from(grade).unwrap_or(0)).map_err(StorageError::corrupt)?,
            seconds_per_unit,
            units,
            venue: Venue::parse(&venue).map_err(StorageError::corrupt)?,
            transfer_price: Money::from_cents(price.unwrap_or(0)),
        }),
        _ => None,
    };
    Ok(Step {
        id,
        order_id,
        parent_id,
        name,
        task,
    })
}

const STEPS_SQL: &str = "SELECT id, order_id, parent_id, name, kind, grade, seconds_per_unit, units, venue, \
     transfer_price_cents FROM task_steps WHERE order_id = $1 ORDER BY position, id";

/// The steps of an order, in the order they were entered.
pub async fn steps_of(store: &Store, order_id: OrderId) -> Result<Vec<Step>> {
    let rows: Vec<StepRow> = sqlx::query_as(STEPS_SQL).bind(order_id).fetch_all(store.pool()).await?;
    rows.into_iter().map(step_from_row).collect()
}

/// The steps of an order as seen inside a unit of work, for a caller that
/// allocates work on an order it has just created.
pub async fn steps_in(unit: &mut Unit, order_id: OrderId) -> Result<Vec<Step>> {
    let rows: Vec<StepRow> = sqlx::query_as(STEPS_SQL).bind(order_id).fetch_all(unit.conn()).await?;
    rows.into_iter().map(step_from_row).collect()
}

/// Who an allocation line gives work to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum PersonRef {
    Worker(WorkerId),
    User(i64),
}

impl PersonRef {
    fn parts(self) -> (&'static str, i64) {
        match self {
            PersonRef::Worker(id) => ("worker", id.get()),
            PersonRef::User(id) => ("user", id),
        }
    }

    fn from_parts(kind: &str, id: i64) -> Result<PersonRef> {
        match kind {
            "worker" => Ok(PersonRef::Worker(WorkerId(id))),
            "user" => Ok(PersonRef::User(id)),
            other => Err(StorageError::corrupt(format!("person kind {other}"))),
        }
    }
}

/// Sets a person's capability grade for a kind of task.
pub async fn set_capability(unit: &mut Unit, person: PersonRef, task_kind: &str, grade: Grade) -> Result<()> {
    let (kind, id) = person.parts();
    sqlx::query("DELETE FROM capabilities WHERE person_kind = $1 AND person_id = $2 AND task_kind = $3")
        .bind(kind)
        .bind(id)
        .bind(task_kind)
        .execute(unit.conn())
        .await?;
    sqlx::query("INSERT INTO capabilities (person_kind, person_id, task_kind, grade) VALUES ($1, $2, $3, $4)")
        .bind(kind)
        .bind(id)
        .bind(task_kind)
        .bind(i64::from(grade.get()))
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("capability.set", kind, id)
            .with_detail(serde_json::json!({ "task_kind": task_kind, "grade": grade.get() })),
    )
    .await
}

/// Every capability grade, by person.
pub async fn capabilities(store: &Store) -> Result<BTreeMap<PersonRef, BTreeMap<String, u8>>> {
    let rows: Vec<(String, i64, String, i64)> =
        sqlx::query_as("SELECT person_kind, person_id, task_kind, grade FROM capabilities")
            .fetch_all(store.pool())
            .await?;
    let mut grades: BTreeMap<PersonRef, BTreeMap<String, u8>> = BTreeMap::new();
    for (kind, id, task_kind, grade) in rows {
        grades
            .entry(PersonRef::from_parts(&kind, id)?)
            .or_default()
            .insert(task_kind, u8::try_from(grade).unwrap_or(0));
    }
    Ok(grades)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AllocationLine {
    pub task_id: TaskId,
    pub person: PersonRef,
    pub units: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocation {
    pub id: AllocationId,
    pub organisation_id: OrganisationId,
    #[serde(with = "filiera_domain::time_format::iso_date")]
    pub week_start: Date,
    pub accepted: bool,
    pub stretch_share_bp: i64,
    #[serde(with = "filiera_domain::time_format::instant")]
    pub created_at: OffsetDateTime,
    #[serde(with = "filiera_domain::time_format::instant::option")]
    pub accepted_at: Option<OffsetDateTime>,
    pub lines: Vec<AllocationLine>,
}

async fn write_lines(unit: &mut Unit, allocation_id: AllocationId, lines: &[AllocationLine]) -> Result<()> {
    sqlx::query("DELETE FROM allocation_lines WHERE allocation_id = $1")
        .bind(allocation_id)
        .execute(unit.conn())
        .await?;
    let mut merged: BTreeMap<(TaskId, PersonRef), i64> = BTreeMap::new();
    for line in lines.iter().filter(|l| l.units > 0) {
        *merged.entry((line.task_id, line.person)).or_default() += line.units;
    }
    for ((task_id, person), units) in merged {
        let (kind, id) = person.parts();
        sqlx::query(
            "INSERT INTO allocation_lines (allocation_id, task_id, person_kind, person_id, units) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(allocation_id)
        .bind(task_id)
        .bind(kind)
        .bind(id)
        .bind(units)
        .execute(unit.conn())
        .await?;
    }
    Ok(())
}

/// Stores a computed allocation as a draft.
pub async fn create_allocation(
    unit: &mut Unit,
    organisation_id: OrganisationId,
    week_start: Date,
    stretch_share_bp: i64,
    lines: &[AllocationLine],
) -> Result<AllocationId> {
    let (id,): (AllocationId,) = sqlx::query_as(
        "INSERT INTO allocations (organisation_id, week_start, status, stretch_share_bp, created_at) \
         VALUES ($1, $2, 'draft', $3, $4) RETURNING id",
    )
    .bind(organisation_id)
    .bind(week_start.to_string())
    .bind(stretch_share_bp)
    .bind(now_text())
    .fetch_one(unit.conn())
    .await?;
    write_lines(unit, id, lines).await?;
    unit.record(
        AuditEvent::new("allocation.create", "allocation", id)
            .in_organisation(Some(organisation_id.get()))
            .with_detail(serde_json::json!({ "week_start": week_start.to_string(), "lines": lines.len() })),
    )
    .await?;
    Ok(id)
}

fn not_draft() -> StorageError {
    StorageError::Conflict(ValidationErrors::single("status", msg!("error-allocation-accepted")))
}

/// Replaces a draft's lines (the supervisor's edits, already checked).
pub async fn update_allocation(unit: &mut Unit, id: AllocationId, lines: &[AllocationLine]) -> Result<()> {
    let (organisation_id, status): (OrganisationId, String) =
        sqlx::query_as("SELECT organisation_id, status FROM allocations WHERE id = $1")
            .bind(id)
            .fetch_optional(unit.conn())
            .await?
            .ok_or(StorageError::NotFound { what: "allocation" })?;
    if status != "draft" {
        return Err(not_draft());
    }
    write_lines(unit, id, lines).await?;
    unit.record(
        AuditEvent::new("allocation.update", "allocation", id)
            .in_organisation(Some(organisation_id.get()))
            .with_detail(serde_json::json!({ "lines": lines.len() })),
    )
    .await
}

/// Accepts a draft: it becomes the week's plan, and the work it sends to
/// Type A workshops is recorded as internal transfers in the consortium's
/// ledger (one balanced movement per workshop, at the agreed prices).
pub async fn accept_allocation(
    store: &Store,
    unit: &mut Unit,
    id: AllocationId,
    on: Date,
) -> Result<Vec<(OrganisationId, Money)>> {
    let allocation = allocation(store, id).await?;
    if allocation.accepted {
        return Err(not_draft());
    }
    let cooperative = member_cooperative(store, allocation.organisation_id).await?;
    let mut transfers: BTreeMap<OrganisationId, Money> = BTreeMap::new();
    let prices = task_prices(store, &allocation).await?;
    for line in &allocation.lines {
        if let PersonRef::User(user_id) = line.person {
            let workshop = super::registers::service_user(store, user_id).await?.organisation_id;
            let price = prices.get(&line.task_id).copied().unwrap_or(Money::ZERO);
            let amount = internal_transfer(line.units, price);
            *transfers.entry(workshop).or_insert(Money::ZERO) =
                transfers.get(&workshop).copied().unwrap_or(Money::ZERO) + amount;
        }
    }
    sqlx::query("UPDATE allocations SET status = 'accepted', accepted_at = $1 WHERE id = $2 AND status = 'draft'")
        .bind(now_text())
        .bind(id)
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("allocation.accept", "allocation", id).in_organisation(Some(allocation.organisation_id.get())),
    )
    .await?;
    let mut recorded = Vec::new();
    for (workshop, amount) in transfers
        .into_iter()
        .filter(|(w, m)| *m > Money::ZERO && *w != cooperative.id)
    {
        let movement = transfer(
            on,
            MovementKind::InternalTransfer,
            &format!("Workshop tasks, week of {} (allocation {id})", allocation.week_start),
            Account::Cooperative(cooperative.id),
            Account::Cooperative(workshop),
            amount,
        )
        .validate()
        .map_err(StorageError::Invalid)?;
        finance::record_movement(unit, cooperative.consortium_id, &movement).await?;
        recorded.push((workshop, amount));
    }
    Ok(recorded)
}

async fn task_prices(store: &Store, allocation: &Allocation) -> Result<HashMap<TaskId, Money>> {
    let rows: Vec<(TaskId, Option<i64>)> = sqlx::query_as(
        "SELECT DISTINCT s.id, s.transfer_price_cents FROM task_steps s JOIN allocation_lines l ON l.task_id = s.id \
         WHERE l.allocation_id = $1",
    )
    .bind(allocation.id)
    .fetch_all(store.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, cents)| (id, Money::from_cents(cents.unwrap_or(0))))
        .collect())
}

pub async fn allocation(store: &Store, id: AllocationId) -> Result<Allocation> {
    let row: (OrganisationId, String, String, i64, String, Option<String>) = sqlx::query_as(
        "SELECT organisation_id, week_start, status, stretch_share_bp, created_at, accepted_at FROM allocations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(store.pool())
    .await?
    .ok_or(StorageError::NotFound { what: "allocation" })?;
    let lines: Vec<(TaskId, String, i64, i64)> = sqlx::query_as(
        "SELECT task_id, person_kind, person_id, units FROM allocation_lines WHERE allocation_id = $1 \
         ORDER BY person_kind, person_id, task_id",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await?;
    Ok(Allocation {
        id,
        organisation_id: row.0,
        week_start: date_of(&row.1)?,
        accepted: row.2 == "accepted",
        stretch_share_bp: row.3,
        created_at: crate::columns::instant(&row.4)?,
        accepted_at: row.5.as_deref().map(crate::columns::instant).transpose()?,
        lines: lines
            .into_iter()
            .map(|(task_id, kind, person, units)| {
                Ok(AllocationLine {
                    task_id,
                    person: PersonRef::from_parts(&kind, person)?,
                    units,
                })
            })
            .collect::<Result<Vec<_>>>()?,
    })
}

/// A cooperative's allocations, newest first: (id, week start, accepted).
pub async fn allocations_of(store: &Store, organisation_id: OrganisationId) -> Result<Vec<(AllocationId, Date, bool)>> {
    let rows: Vec<(AllocationId, String, String)> = sqlx::query_as(
        "SELECT id, week_start, status FROM allocations WHERE organisation_id = $1 ORDER BY week_start DESC, id DESC",
    )
    .bind(organisation_id)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(|(id, week, status)| Ok((id, date_of(&week)?, status == "accepted")))
        .collect()
}

/// A task still to allocate: the step, its order's due date and the units not
/// yet given in an accepted allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenTask {
    pub step: Step,
    pub order: Order,
    pub remaining: i64,
}

/// The tasks of a cooperative's orders with units left to allocate.
pub async fn open_tasks(store: &Store, organisation_id: OrganisationId) -> Result<Vec<OpenTask>> {
    let done: Vec<(TaskId, i64)> = sqlx::query_as(
        "SELECT l.task_id, CAST(SUM(l.units) AS BIGINT) FROM allocation_lines l JOIN allocations a ON a.id = l.allocation_id \
         WHERE a.organisation_id = $1 AND a.status = 'accepted' GROUP BY l.task_id",
    )
    .bind(organisation_id)
    .fetch_all(store.pool())
    .await?;
    let done: HashMap<TaskId, i64> = done.into_iter().collect();
    let mut open = Vec::new();
    for order in orders_of(store, organisation_id).await? {
        for step in steps_of(store, order.id).await? {
            if let Some(task) = &step.task {
                let remaining = task.units - done.get(&step.id).copied().unwrap_or(0);
                if remaining > 0 {
                    open.push(OpenTask {
                        step,
                        order: order.clone(),
                        remaining,
                    });
                }
            }
        }
    }
    Ok(open)
}
