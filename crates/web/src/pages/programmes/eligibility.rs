//! The eligibility check: find a household member by name and see, for each
//! funding stream of the programme, whether they are eligible, not eligible,
//! or whether it cannot be told yet — and which conditions decided it.

use super::super::chrome::{Chrome, PageContext};
use super::super::errors::render;
use super::words::{ConditionLine, condition_lines, rule_words};
use crate::error::WebResult;
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use filiera_domain::ids::{HouseholdId, ParticipantId, ProgrammeId};
use filiera_domain::policy::Action;
use filiera_domain::policy::pathways::PathwayAction;
use filiera_storage::pathways::households;
use filiera_storage::pathways::programmes::eligibility::{self, MemberHit};
use filiera_storage::pathways::programmes::{self, Programme};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CheckParams {
    q: Option<String>,
    member: Option<ParticipantId>,
    on: Option<String>,
}

struct StreamResult {
    name: String,
    rule: String,
    verdict: &'static str,
    verdict_label: String,
    lines: Vec<ConditionLine>,
}

struct Checked {
    name: String,
    household_id: HouseholdId,
    streams: Vec<StreamResult>,
}

#[derive(Template)]
#[template(path = "programmes/eligibility.html")]
struct CheckPage {
    chrome: Chrome,
    programme: Programme,
    q: String,
    on: String,
    hits: Vec<MemberHit>,
    searched: bool,
    checked: Option<Checked>,
}

impl CheckPage {
    fn check_link(&self, member: &i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("q", &self.q);
        query.append_pair("member", &member.to_string());
        if !self.on.is_empty() {
            query.append_pair("on", &self.on);
        }
        format!("/programmes/{}/eligibility?{}", self.programme.id, query.finish())
    }
}

/// Whether the principal may see this member's household.
async fn may_see(state: &AppState, ctx: &PageContext, household_id: HouseholdId) -> WebResult<bool> {
    let target = households::target(&state.store, household_id).await?;
    Ok(ctx
        .require()?
        .authorize(Action::Pathway(PathwayAction::ViewHousehold), &target)
        .is_ok())
}

pub async fn check(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProgrammeId>,
    ApiQuery(params): ApiQuery<CheckParams>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let programme = programmes::get(&state.store, id).await?;
    principal.authorize(Action::Pathway(PathwayAction::ViewProgramme), &programme.target())?;
    let q = params.q.clone().unwrap_or_default();
    let mut hits = Vec::new();
    for hit in eligibility::search_members(&state.store, &programme, &q).await? {
        if may_see(&state, &ctx, hit.household_id).await? {
            hits.push(hit);
        }
    }
    // Ages are measured on the given day, else on the first round's start (as the API does).
    let on = match params.on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => filiera_domain::bounds::parse_date(text).ok(),
        None => None,
    };
    let on = match (on, programme.rounds.first()) {
        (Some(on), _) => on,
        (None, Some(round)) => round.period()?.start,
        (None, None) => state.clock.today(),
    };
    let checked = match params.member {
        Some(member_id) if eligibility::reaches(&state.store, &programme, member_id).await? => {
            let (member, person) = eligibility::person_of(&state.store, member_id).await?;
            if may_see(&state, &ctx, member.household_id).await? {
                let streams = programme
                    .funding_streams
                    .iter()
                    .map(|stream| {
                        let explanation = stream.eligibility.explain(&person, on);
                        StreamResult {
                            name: stream.name.clone(),
                            rule: rule_words(&ctx.t, &stream.eligibility),
                            verdict: explanation.verdict.as_str(),
                            verdict_label: ctx.t.word("verdict", explanation.verdict.as_str()),
                            lines: condition_lines(&ctx.t, &explanation),
                        }
                    })
                    .collect();
                Some(Checked {
                    name: member.full_name(),
                    household_id: member.household_id,
                    streams,
                })
            } else {
                None
            }
        }
        _ => None,
    };
    Ok(render(&CheckPage {
        chrome: ctx.chrome_titled(ctx.t.with("eligibility-title", "programme", &programme.name)),
        searched: !q.trim().is_empty(),
        q,
        on: on.to_string(),
        hits,
        checked,
        programme,
    }))
}
