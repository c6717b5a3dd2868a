//! The case list (`/households` and `GET /api/v1/households`): one use case for
//! the page and the API. It reads the filters as typed, refusing any value it
//! cannot read with an error naming its field, and lists only what
//! [`super::targets::visible_households`] allows.

use crate::auth::Principal;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use filiera_domain::ValidationErrors;
use filiera_domain::bounds::{SEARCH_MAX_CHARS, control_character_problem, length_problem};
use filiera_domain::ids::{ProgrammeId, RoundId, UserId};
use filiera_domain::msg;
use filiera_domain::pathways::path::PathState;
use filiera_storage::pathways::case_list::{self, CaseListQuery, CaseRow, CaseSort, SEARCH_MAX_WORDS};
use filiera_storage::{Page, PageRequest};
use serde::Deserialize;
use time::Date;

/// The filters, sort and page as they come in a query string; every value is
/// text so that one that cannot be read is a 422 naming it, not a 400.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default, deny_unknown_fields)]
pub struct CaseListParams {
    /// Words of a member's name in any order and case, or a reference, tax code or municipality.
    #[serde(alias = "q")]
    pub search: Option<String>,
    /// The most advanced open path state: referred, first_interview, second_interview, project_active.
    pub stage: Option<String>,
    /// The programme of that path (or of the current project).
    pub programme_id: Option<String>,
    /// The round of that path (or of the current project).
    pub round_id: Option<String>,
    /// Only households in the care of this social worker.
    pub social_worker_id: Option<String>,
    /// `1` (or `true`): only households where you hold a role (social worker,
    /// case manager of one of its projects, addressee of one of its requests).
    pub mine: Option<String>,
    /// reference, name, stage or next_due; a leading `-` sorts descending.
    pub sort: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// The open states a household can be filtered on, in path order.
pub const STAGES: [PathState; 4] = [
    PathState::Referred,
    PathState::FirstInterview,
    PathState::SecondInterview,
    PathState::ProjectActive,
];

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl CaseListParams {
    /// Only households of the principal's?
    pub fn mine(&self) -> bool {
        given(&self.mine).is_some_and(|v| v != "0" && v != "false")
    }

    /// The sort column and whether it is descending.
    pub fn sort(&self) -> Option<(CaseSort, bool)> {
        let text = given(&self.sort)?;
        let (descending, name) = match text.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, text),
        };
        CaseSort::ALL
            .into_iter()
            .find(|s| s.as_str() == name)
            .map(|s| (s, descending))
    }

    /// Reads the filters into a storage query (without its visibility) and page.
    pub fn read(&self, user: UserId) -> Result<(CaseListQuery, PageRequest), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        for (field, value) in [
            ("search", &self.search),
            ("stage", &self.stage),
            ("programme_id", &self.programme_id),
            ("round_id", &self.round_id),
            ("social_worker_id", &self.social_worker_id),
            ("sort", &self.sort),
        ] {
            if let Some(message) = value
                .as_deref()
                .and_then(|v| length_problem(v, SEARCH_MAX_CHARS).or_else(|| control_character_problem(v, false)))
            {
                errors.add(field, message);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let stage = match given(&self.stage) {
            None => None,
            Some(text) => match STAGES.into_iter().find(|s| s.as_str() == text) {
                Some(stage) => Some(stage),
                None => {
                    errors.add("stage", msg!("error-case-list-stage"));
                    None
                }
            },
        };
        fn id<T: std::str::FromStr>(errors: &mut ValidationErrors, field: &str, value: &Option<String>) -> Option<T> {
            let text = given(value)?;
            let read = text.parse::<T>().ok();
            if read.is_none() {
                errors.add(field, msg!("error-number"));
            }
            read
        }
        let programme_id: Option<ProgrammeId> = id(&mut errors, "programme_id", &self.programme_id);
        let round_id: Option<RoundId> = id(&mut errors, "round_id", &self.round_id);
        let social_worker_id: Option<UserId> = id(&mut errors, "social_worker_id", &self.social_worker_id);
        let page: Option<i64> = id(&mut errors, "page", &self.page);
        let per_page: Option<i64> = id(&mut errors, "per_page", &self.per_page);
        let search = given(&self.search).map(str::to_owned);
        if search
            .as_deref()
            .is_some_and(|s| s.split_whitespace().count() > SEARCH_MAX_WORDS)
        {
            errors.add("search", msg!("error-too-many-words", max = SEARCH_MAX_WORDS));
        }
        let sort = match (given(&self.sort), self.sort()) {
            (Some(_), None) => {
                errors.add("sort", msg!("error-case-list-sort"));
                None
            }
            (_, sort) => sort,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let (sort, descending) = sort.unwrap_or((CaseSort::Updated, true));
        let query = CaseListQuery {
            stage,
            programme_id,
            round_id,
            social_worker_id,
            search,
            mine: self.mine().then_some(user),
            sort,
            descending,
            ..Default::default()
        };
        Ok((query, PageRequest::new(page, per_page)))
    }
}

/// One page of the case list and the day it was read on (Rome), against which
/// due dates are overdue.
#[derive(Debug)]
pub struct CaseList {
    pub page: Page<CaseRow>,
    pub today: Date,
}

/// The case list the principal may see, filtered, sorted and paged.
pub async fn case_list(state: &AppState, principal: &Principal, params: &CaseListParams) -> WebResult<CaseList> {
    let (filters, page) = params.read(principal.user.id).map_err(WebError::Invalid)?;
    let visible = super::targets::visible_households(principal, None, None);
    let query = CaseListQuery {
        agencies: visible.agencies,
        cooperatives: visible.cooperatives,
        ..filters
    };
    let page = case_list::list(&state.store, &query, page).await?;
    Ok(CaseList {
        page,
        today: state.clock.today(),
    })
}

/// The choices the page's filters offer, among what the principal may see.
pub async fn options(state: &AppState, principal: &Principal) -> WebResult<case_list::CaseListOptions> {
    let visible = super::targets::visible_households(principal, None, None);
    Ok(case_list::options(&state.store, &visible.agencies, &visible.cooperatives).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &str) -> CaseListParams {
        serde_urlencoded::from_str(pairs).unwrap()
    }

    #[test]
    fn filters_are_read_or_refused_naming_their_field() {
        let (query, page) = params("q=giulia+esposito&stage=first_interview&round_id=3&mine=1&sort=-next_due&page=2")
            .read(UserId(9))
            .unwrap();
        assert_eq!(query.search.as_deref(), Some("giulia esposito"));
        assert_eq!(query.stage, Some(PathState::FirstInterview));
        assert_eq!(query.round_id, Some(RoundId(3)));
        assert_eq!(query.mine, Some(UserId(9)));
        assert_eq!((query.sort, query.descending), (CaseSort::NextDue, true));
        assert_eq!(page.page, 2);
        let errors = params("stage=closed&programme_id=abc&sort=colour&social_worker_id=x")
            .read(UserId(9))
            .unwrap_err();
        for field in ["stage", "programme_id", "sort", "social_worker_id"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
        let long = format!("search={}", "a".repeat(SEARCH_MAX_CHARS + 1));
        assert!(params(&long).read(UserId(9)).unwrap_err().for_field("search").is_some());
    }
}
