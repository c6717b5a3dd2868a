//! The facts the domain's cross-organisation rules
//! (`filiera_domain::references`) need, read inside the writing unit, and the
//! checks every write of a path, project or intervention goes through.

use crate::{Result, StorageError};
use filiera_domain::Message;
use filiera_domain::ValidationErrors;
use filiera_domain::ids::{FundingStreamId, HouseholdId, OrganisationId, ProgrammeId, RoundId, ServiceId, UserId};
use filiera_domain::msg;
use filiera_domain::references::{self, ProgrammeFacts, ServiceFacts};
use sqlx::AnyConnection;

/// The programme a record is attached to; a missing one is refused on `programme_id`.
pub(crate) async fn programme(conn: &mut AnyConnection, programme_id: ProgrammeId) -> Result<ProgrammeFacts> {
    let agency: Option<(OrganisationId,)> = sqlx::query_as("SELECT agency_id FROM programmes WHERE id = $1")
        .bind(programme_id)
        .fetch_optional(&mut *conn)
        .await?;
    let (agency_id,) = agency.ok_or_else(|| invalid("programme_id", msg!("error-no-such", what = "programme")))?;
    let cooperatives: Vec<(OrganisationId,)> =
        sqlx::query_as("SELECT organisation_id FROM programme_cooperatives WHERE programme_id = $1")
            .bind(programme_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(ProgrammeFacts {
        id: programme_id,
        agency_id,
        delivering_cooperatives: cooperatives.into_iter().map(|(id,)| id).collect(),
    })
}

/// A household may be attached to the programme, with the round when one is named.
pub(crate) async fn check_household_programme(
    conn: &mut AnyConnection,
    household_id: HouseholdId,
    programme: &ProgrammeFacts,
    round_id: Option<RoundId>,
) -> Result<()> {
    let agency: Option<(OrganisationId,)> = sqlx::query_as("SELECT agency_id FROM households WHERE id = $1")
        .bind(household_id)
        .fetch_optional(&mut *conn)
        .await?;
    let (agency,) = agency.ok_or(StorageError::NotFound { what: "household" })?;
    references::household_may_join(agency, programme).map_err(StorageError::Invalid)?;
    check_round(conn, round_id, programme).await
}

/// A named round is one of the programme's.
pub(crate) async fn check_round(
    conn: &mut AnyConnection,
    round_id: Option<RoundId>,
    programme: &ProgrammeFacts,
) -> Result<()> {
    let Some(round_id) = round_id else {
        return Ok(());
    };
    let owner: Option<(ProgrammeId,)> = sqlx::query_as("SELECT programme_id FROM rounds WHERE id = $1")
        .bind(round_id)
        .fetch_optional(&mut *conn)
        .await?;
    references::round_belongs(owner.map(|(p,)| p), programme).map_err(StorageError::Invalid)
}

/// A named funding stream is one of the programme's.
pub(crate) async fn check_funding_stream(
    conn: &mut AnyConnection,
    stream_id: Option<FundingStreamId>,
    programme: &ProgrammeFacts,
) -> Result<()> {
    let Some(stream_id) = stream_id else {
        return Ok(());
    };
    let owner: Option<(ProgrammeId,)> = sqlx::query_as("SELECT programme_id FROM funding_streams WHERE id = $1")
        .bind(stream_id)
        .fetch_optional(&mut *conn)
        .await?;
    references::funding_stream_belongs(owner.map(|(p,)| p), programme).map_err(StorageError::Invalid)
}

/// The service is offered in the programme; a missing one is refused on `service_id`.
pub(crate) async fn check_service(
    conn: &mut AnyConnection,
    service_id: ServiceId,
    programme: &ProgrammeFacts,
) -> Result<()> {
    let facts: Option<(Option<ProgrammeId>, Option<OrganisationId>)> =
        sqlx::query_as("SELECT programme_id, organisation_id FROM services WHERE id = $1")
            .bind(service_id)
            .fetch_optional(&mut *conn)
            .await?;
    let (programme_id, organisation_id) = facts.ok_or_else(|| invalid("service_id", msg!("error-no-such-service")))?;
    references::service_belongs(
        ServiceFacts {
            programme_id,
            organisation_id,
        },
        programme,
    )
    .map_err(StorageError::Invalid)
}

/// A person named on a project works for the programme's agency or one of
/// its delivering cooperatives; a missing user is refused on the field.
pub(crate) async fn check_staff(
    conn: &mut AnyConnection,
    field: &str,
    user_id: UserId,
    programme: &ProgrammeFacts,
) -> Result<()> {
    let organisations: Vec<(OrganisationId,)> =
        sqlx::query_as("SELECT organisation_id FROM memberships WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&mut *conn)
            .await?;
    let organisations: Vec<OrganisationId> = organisations.into_iter().map(|(id,)| id).collect();
    references::staff_works_on(field, &organisations, programme).map_err(StorageError::Invalid)
}

fn invalid(field: &str, message: Message) -> StorageError {
    StorageError::Invalid(ValidationErrors::single(field, message))
}
