//! Walls between organisations inside the records themselves.
//!
//! The policy ([`crate::policy`]) decides who may act on a record; these rules
//! decide what a record may point at. A household of one agency joins only
//! that agency's programmes; a path, project or intervention refers only to
//! rounds, services, funding streams and cooperatives of its own programme; a
//! worker's hours are recorded by the worker's own cooperative. Storage
//! gathers the facts and asks these rules on every write, so the page, the
//! API, the CLI import and the matching all meet the same wall.

use crate::ValidationErrors;
use crate::ids::ProgrammeId;
use crate::msg;
use crate::policy::OrganisationId;

/// What storage knows about the programme a record is being attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeFacts {
    pub id: ProgrammeId,
    /// The public agency that owns the programme.
    pub agency_id: OrganisationId,
    /// The cooperatives that deliver its interventions.
    pub delivering_cooperatives: Vec<OrganisationId>,
}

impl ProgrammeFacts {
    /// The organisations that work on the programme's records.
    fn works_here(&self, organisation: OrganisationId) -> bool {
        organisation == self.agency_id || self.delivering_cooperatives.contains(&organisation)
    }
}

/// A household joins only programmes of the agency in charge of it: another
/// agency's staff would otherwise see the household's path and its reasons.
pub fn household_may_join(
    household_agency: OrganisationId,
    programme: &ProgrammeFacts,
) -> Result<(), ValidationErrors> {
    if household_agency == programme.agency_id {
        Ok(())
    } else {
        Err(ValidationErrors::single(
            "programme_id",
            msg!("error-programme-other-agency"),
        ))
    }
}

/// A round named on a record must be one of the record's programme.
/// `round_programme` is the programme the round belongs to (`None`: no such round).
pub fn round_belongs(round_programme: Option<ProgrammeId>, programme: &ProgrammeFacts) -> Result<(), ValidationErrors> {
    belongs("round_id", "round", round_programme, programme.id)
}

/// A funding stream named on a record must be one of the record's programme.
pub fn funding_stream_belongs(
    stream_programme: Option<ProgrammeId>,
    programme: &ProgrammeFacts,
) -> Result<(), ValidationErrors> {
    belongs("funding_stream_id", "funding_stream", stream_programme, programme.id)
}

/// Where a service is offered: in one programme's catalogue, or by an
/// organisation outside any programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceFacts {
    pub programme_id: Option<ProgrammeId>,
    pub organisation_id: Option<OrganisationId>,
}

/// A service planned in a project must be in the project's programme: in its
/// catalogue, or offered by the agency or one of its delivering cooperatives.
pub fn service_belongs(service: ServiceFacts, programme: &ProgrammeFacts) -> Result<(), ValidationErrors> {
    let offered_here = match (service.programme_id, service.organisation_id) {
        (Some(programme_id), _) => programme_id == programme.id,
        (None, Some(organisation)) => programme.works_here(organisation),
        (None, None) => false,
    };
    if offered_here {
        Ok(())
    } else {
        Err(ValidationErrors::single(
            "service_id",
            msg!("error-service-not-in-programme"),
        ))
    }
}

/// The cooperative delivering a project must be one of the programme's
/// delivering cooperatives: it becomes a partner on the household's records.
pub fn cooperative_delivers(cooperative: OrganisationId, programme: &ProgrammeFacts) -> Result<(), ValidationErrors> {
    if programme.delivering_cooperatives.contains(&cooperative) {
        Ok(())
    } else {
        Err(ValidationErrors::single(
            "cooperative_id",
            msg!("error-cooperative-not-delivering"),
        ))
    }
}

/// A person named on a project (case manager, operator) must work for the
/// programme's agency or one of its delivering cooperatives.
pub fn staff_works_on(
    field: &str,
    staff_organisations: &[OrganisationId],
    programme: &ProgrammeFacts,
) -> Result<(), ValidationErrors> {
    if staff_organisations.iter().any(|org| programme.works_here(*org)) {
        Ok(())
    } else {
        Err(ValidationErrors::single(field, msg!("error-operator-not-in-programme")))
    }
}

/// Hours, levels and progressions are recorded by the worker's own cooperative.
/// `worker_cooperative` is the worker's cooperative (`None`: no such worker).
pub fn worker_belongs(
    worker_cooperative: Option<OrganisationId>,
    cooperative: OrganisationId,
) -> Result<(), ValidationErrors> {
    if worker_cooperative == Some(cooperative) {
        Ok(())
    } else {
        Err(ValidationErrors::single("worker_id", msg!("error-not-a-worker")))
    }
}

fn belongs(
    field: &str,
    what: &str,
    owner: Option<ProgrammeId>,
    programme: ProgrammeId,
) -> Result<(), ValidationErrors> {
    match owner {
        Some(owner) if owner == programme => Ok(()),
        Some(_) => Err(ValidationErrors::single(
            field,
            msg!("error-belongs-to-other-programme", what = what),
        )),
        None => Err(ValidationErrors::single(field, msg!("error-no-such", what = what))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn programme() -> ProgrammeFacts {
        ProgrammeFacts {
            id: ProgrammeId(3),
            agency_id: OrganisationId(1),
            delivering_cooperatives: vec![OrganisationId(11), OrganisationId(12)],
        }
    }

    #[test]
    fn a_household_of_another_agency_cannot_join_the_programme() {
        assert!(household_may_join(OrganisationId(1), &programme()).is_ok());
        let refused = household_may_join(OrganisationId(2), &programme()).unwrap_err();
        assert!(refused.for_field("programme_id").is_some());
    }

    #[test]
    fn a_round_of_another_programme_or_no_round_at_all_is_refused_on_round_id() {
        assert!(round_belongs(Some(ProgrammeId(3)), &programme()).is_ok());
        assert!(
            round_belongs(Some(ProgrammeId(4)), &programme())
                .unwrap_err()
                .for_field("round_id")
                .is_some()
        );
        assert_eq!(
            round_belongs(None, &programme()).unwrap_err().for_field("round_id"),
            Some(&msg!("error-no-such", what = "round"))
        );
    }

    #[test]
    fn a_service_is_in_the_programme_through_its_catalogue_or_its_delivering_organisations() {
        let catalogue = |programme_id| ServiceFacts {
            programme_id: Some(programme_id),
            organisation_id: Some(OrganisationId(99)),
        };
        let offered_by = |organisation_id| ServiceFacts {
            programme_id: None,
            organisation_id: Some(organisation_id),
        };
        assert!(service_belongs(catalogue(ProgrammeId(3)), &programme()).is_ok());
        assert!(service_belongs(catalogue(ProgrammeId(4)), &programme()).is_err());
        assert!(service_belongs(offered_by(OrganisationId(11)), &programme()).is_ok());
        assert!(service_belongs(offered_by(OrganisationId(1)), &programme()).is_ok());
        assert!(service_belongs(offered_by(OrganisationId(13)), &programme()).is_err());
    }

    #[test]
    fn only_a_delivering_cooperative_may_deliver_a_project() {
        assert!(cooperative_delivers(OrganisationId(12), &programme()).is_ok());
        assert!(cooperative_delivers(OrganisationId(1), &programme()).is_err());
        assert!(cooperative_delivers(OrganisationId(13), &programme()).is_err());
    }

    #[test]
    fn a_worker_of_another_cooperative_is_refused_on_worker_id() {
        assert!(worker_belongs(Some(OrganisationId(11)), OrganisationId(11)).is_ok());
        assert!(
            worker_belongs(Some(OrganisationId(12)), OrganisationId(11))
                .unwrap_err()
                .for_field("worker_id")
                .is_some()
        );
        assert!(worker_belongs(None, OrganisationId(11)).is_err());
    }

    proptest! {
        /// Whatever the ids, a household is admitted exactly to its own agency's programmes.
        #[test]
        fn a_household_joins_exactly_the_programmes_of_its_agency(household_agency in 1i64..5, programme_agency in 1i64..5) {
            let programme = ProgrammeFacts { id: ProgrammeId(1), agency_id: OrganisationId(programme_agency), delivering_cooperatives: vec![] };
            prop_assert_eq!(household_may_join(OrganisationId(household_agency), &programme).is_ok(), household_agency == programme_agency);
        }

        /// Staff are admitted exactly when one of their organisations works on the programme.
        #[test]
        fn staff_are_admitted_only_through_an_organisation_of_the_programme(
            orgs in proptest::collection::vec(1i64..20, 0..4),
        ) {
            let programme = programme();
            let expected = orgs.iter().any(|o| *o == 1 || *o == 11 || *o == 12);
            prop_assert_eq!(staff_works_on("case_manager_id", &orgs.iter().copied().map(OrganisationId).collect::<Vec<_>>(), &programme).is_ok(), expected);
        }
    }
}
