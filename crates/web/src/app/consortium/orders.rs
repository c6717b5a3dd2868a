use crate::app::consortium::parse_field_date;
use crate::auth::Principal;
use crate::error::WebResult;
use crate::state::AppState;
use crate::work::with_unit;
use filiera_domain::ValidationErrors;
use filiera_domain::consortium::Money;
use filiera_domain::consortium::production::{
    ClientKind, Grade, OrderDraft, StepDraft, TaskSpec, Venue, validate_task_tree,
};
use filiera_domain::ids::{OrderId, OrganisationId};
use filiera_domain::msg;
use filiera_storage::consortium::{MemberCooperative, production};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

/// A leaf task: what the allocation needs.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskInput {
    /// The kind of task (`labelling`, `folding`…): capability grades are per kind.
    pub kind: String,
    /// 1 (simplest, guided) to 5 (skilled).
    pub grade: u8,
    /// Standard time per unit, in seconds.
    pub seconds_per_unit: i64,
    pub units: i64,
    pub venue: Venue,
    /// Price per unit paid to a Type A workshop, in euros (`"0.12"`); none when absent.
    #[serde(default)]
    pub transfer_price: Option<String>,
}

/// A step of the tree: a phase (with sub-steps, no task) or a leaf task.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    /// The step's key inside this request, referred to by `parent`.
    pub key: String,
    #[serde(default)]
    pub parent: Option<String>,
    pub name: String,
    #[serde(default)]
    pub task: Option<TaskInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    pub client: String,
    pub client_kind: String,
    pub product: String,
    pub quantity: i64,
    /// `YYYY-MM-DD`, not in the past.
    pub due_on: String,
    /// The order's price in euros, e.g. `"1500.00"`.
    pub price: String,
    pub steps: Vec<StepInput>,
}

impl OrderInput {
    /// The order and its tree, checked by the domain's rules.
    pub fn into_drafts(self, today: Date) -> Result<(OrderDraft, Vec<StepDraft>), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let client_kind = ClientKind::parse(self.client_kind.trim())
            .map_err(|m| errors.add("client_kind", m))
            .ok();
        let due_on = parse_field_date(&mut errors, "due_on", &self.due_on);
        let price = Money::parse(&self.price).map_err(|m| errors.add("price", m)).ok();
        let mut steps = Vec::new();
        for (i, step) in self.steps.into_iter().enumerate() {
            let task = match step.task {
                None => None,
                Some(task) => {
                    let grade = Grade::new(task.grade)
                        .map_err(|m| errors.add(&format!("steps[{i}].grade"), m))
                        .ok();
                    let transfer_price = match task.transfer_price.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                        None => Some(Money::ZERO),
                        Some(text) => Money::parse(text)
                            .map_err(|m| errors.add(&format!("steps[{i}].transfer_price"), m))
                            .ok(),
                    };
                    match (grade, transfer_price) {
                        (Some(grade), Some(transfer_price)) => Some(TaskSpec {
                            kind: task.kind,
                            grade,
                            seconds_per_unit: task.seconds_per_unit,
                            units: task.units,
                            venue: task.venue,
                            transfer_price,
                        }),
                        _ => continue,
                    }
                }
            };
            steps.push(StepDraft {
                key: step.key,
                parent: step.parent.filter(|p| !p.trim().is_empty()),
                name: step.name,
                task,
            });
        }
        if steps.is_empty() {
            errors.add("steps", msg!("error-order-needs-task"));
        }
        let (Some(client_kind), Some(due_on), Some(price)) = (client_kind, due_on, price) else {
            return Err(errors);
        };
        let order = OrderDraft {
            client: self.client,
            client_kind,
            product: self.product,
            quantity: self.quantity,
            due_on,
            price,
        }
        .validate(today);
        if let Err(tree) = validate_task_tree(&steps) {
            errors.0.extend(tree.0);
        }
        match order {
            Ok(order) if errors.is_empty() => Ok((order, steps)),
            Ok(_) => Err(errors),
            Err(order_errors) => {
                errors.0.extend(order_errors.0);
                Err(errors)
            }
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderCreated {
    pub id: OrderId,
    pub cooperative_id: OrganisationId,
    pub steps: usize,
}

/// Records the order and its tree in one unit (shared with the pages).
pub async fn create(
    state: &AppState,
    principal: &Principal,
    cooperative: &MemberCooperative,
    input: OrderInput,
) -> WebResult<OrderCreated> {
    let (order, steps) = input.into_drafts(state.clock.today())?;
    let id = with_unit(state, principal, async |unit| {
        production::create_order(unit, cooperative.id, &order, &steps).await
    })
    .await?;
    Ok(OrderCreated {
        id,
        cooperative_id: cooperative.id,
        steps: steps.len(),
    })
}
