//! Changes to a cooperative's membership register after the first entry: a
//! member leaving (the domain's `MemberRecord::leave`), and the cooperative
//! that incubated a spin-off, which must belong to the same consortium.

use super::registers::{self, StoredMember};
use crate::{AuditEvent, Result, StorageError, Unit};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{CooperativeMemberId, OrganisationId};
use filiera_domain::msg;
use time::Date;

/// Records that a member of `organisation_id` left on `on`.
pub async fn record_leaving(
    unit: &mut Unit,
    organisation_id: OrganisationId,
    member_id: CooperativeMemberId,
    on: Date,
) -> Result<StoredMember> {
    let row: Option<(String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT name, kind, joined_on, left_on, shares_cents FROM cooperative_members \
         WHERE id = $1 AND organisation_id = $2",
    )
    .bind(member_id)
    .bind(organisation_id)
    .fetch_optional(unit.conn())
    .await?;
    let (name, kind, joined, left, shares) = row.ok_or(StorageError::NotFound { what: "member" })?;
    let record = registers::member_record(name, &kind, &joined, left, shares)?
        .leave(on)
        .map_err(StorageError::Invalid)?;
    sqlx::query("UPDATE cooperative_members SET left_on = $1 WHERE id = $2")
        .bind(on.to_string())
        .bind(member_id)
        .execute(unit.conn())
        .await?;
    unit.record(
        AuditEvent::new("member.leave", "cooperative_member", member_id)
            .in_organisation(Some(organisation_id.get()))
            .with_detail(serde_json::json!({ "kind": record.kind, "left_on": on.to_string() })),
    )
    .await?;
    Ok(StoredMember {
        id: member_id,
        organisation_id,
        record,
    })
}

/// Records that `cooperative_id` is a spin-off incubated by `incubated_by`,
/// another member cooperative of the same consortium.
pub async fn record_spin_off_in_consortium(
    unit: &mut Unit,
    consortium_id: OrganisationId,
    cooperative_id: OrganisationId,
    incubated_by: OrganisationId,
    founded_on: Date,
) -> Result<()> {
    let parent: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE id = $1 AND consortium_id = $2")
        .bind(incubated_by)
        .bind(consortium_id)
        .fetch_optional(unit.conn())
        .await?;
    if parent.is_none() {
        return Err(StorageError::Invalid(ValidationErrors::single(
            "incubated_by",
            msg!("error-not-member-cooperative"),
        )));
    }
    registers::record_spin_off(unit, cooperative_id, incubated_by, founded_on).await
}
