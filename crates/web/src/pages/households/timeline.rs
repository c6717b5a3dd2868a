//! The household's timeline page (`/households/{id}/timeline`): every entry
//! newest first, filtered by kind in the URL, and the form that records an
//! interview (and moves the path it is a step of).

use crate::app::pathways::timeline::{self, InterviewInput, RECORD_INTERVIEW, TimelineParams};
use crate::error::{WebError, WebResult};
use crate::extract::ApiPath;
use crate::i18n::Tr;
use crate::pages::chrome::{Chrome, PageContext};
use crate::pages::errors::render;
use crate::pages::forms::PageForm;
use crate::state::AppState;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use filiera_domain::ValidationErrors;
use filiera_domain::ids::HouseholdId;
use filiera_domain::pathways::interview::interview_step;
use filiera_domain::pathways::timeline::{TimelineEntry, TimelineKind};
use filiera_domain::policy::Action;
use filiera_domain::time_format::parse_iso_date;
use filiera_storage::Page;
use filiera_storage::pathways::households::{self, Household};
use filiera_storage::pathways::paths;
use serde::Deserialize;

/// Entries per page.
const PER_PAGE: &str = "30";

/// The page's query: the timeline's filter and page, the path an interview
/// link preselects, and the notice after saving.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PageQuery {
    kind: Option<String>,
    page: Option<String>,
    path: Option<String>,
    saved: Option<String>,
}

/// One entry with its words in the reader's language.
pub struct Line {
    pub entry: TimelineEntry,
    pub kind_label: String,
    pub detail_label: Option<String>,
}

/// The prefix of the messages naming an entry's stored word, per kind.
fn detail_prefix(kind: TimelineKind) -> Option<&'static str> {
    match kind {
        TimelineKind::StateChange => Some("state"),
        TimelineKind::Interview => Some("interview-step"),
        TimelineKind::Intervention => Some("intervention"),
        TimelineKind::Activity => Some("activity"),
        TimelineKind::Closure => Some("outcome"),
        TimelineKind::FollowUp => Some("employment"),
        TimelineKind::Request => Some("request-from"),
        TimelineKind::Handover => Some("role"),
        TimelineKind::Assessment | TimelineKind::Answer | TimelineKind::FocusChange => None,
    }
}

fn line(t: &Tr, mut entry: TimelineEntry) -> Line {
    let detail_label = match (detail_prefix(entry.kind), &entry.detail) {
        (Some(prefix), Some(word)) => Some(t.word(prefix, word)),
        _ => None,
    };
    // Two summaries are stored words rather than text: a request's due date
    // and a follow-up's months; they are written out in the reader's language.
    entry.summary = match (entry.kind, entry.summary.take()) {
        (TimelineKind::Request, Some(due)) => Some(match parse_iso_date(&due) {
            Some(on) => t.with("timeline-request-due", "date", t.day(on)),
            None => due,
        }),
        (TimelineKind::FollowUp, Some(months)) => Some(t.with("timeline-follow-up-months", "months", months)),
        (_, summary) => summary,
    };
    Line {
        kind_label: t.word("timeline-kind", entry.kind),
        detail_label,
        entry,
    }
}

#[derive(Template)]
#[template(path = "households/timeline.html")]
struct TimelinePage {
    chrome: Chrome,
    household: Household,
    lines: Vec<Line>,
    page: Page<()>,
    kinds: Vec<(&'static str, String)>,
    kind: String,
    filter_error: Option<String>,
    can_record: bool,
    members: Vec<(i64, String)>,
    /// Paths whose next step is an interview: id and label.
    steps: Vec<(i64, String)>,
    input: InterviewInput,
    /// The path preselected in the form, as text.
    selected_path: String,
    errors: ValidationErrors,
    saved: bool,
    today: String,
}

impl TimelinePage {
    fn value<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or_default()
    }

    /// The page `page` of the timeline with the same filter.
    fn link(&self, page: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if !self.kind.is_empty() {
            query.append_pair("kind", &self.kind);
        }
        query.append_pair("page", &page.to_string());
        format!("/households/{}/timeline?{}", self.household.id, query.finish())
    }

    fn participant_selected(&self, id: &i64) -> bool {
        self.input.participant_id.is_some_and(|p| p.get() == *id)
    }
}

/// What the form shows: the values typed (or the defaults), the errors, the
/// notice after saving.
struct FormState {
    input: InterviewInput,
    errors: ValidationErrors,
    saved: bool,
}

async fn timeline_page(
    state: &AppState,
    ctx: &PageContext,
    id: HouseholdId,
    query: PageQuery,
    form: FormState,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let t = &ctx.t;
    let params = TimelineParams {
        kind: query.kind.clone(),
        page: query.page.clone(),
        per_page: Some(PER_PAGE.to_owned()),
    };
    let (entries, filter_error) = match timeline::timeline(state, principal, id, &params).await {
        Ok(page) => (page, None),
        Err(WebError::Invalid(errors)) => {
            let empty = Page {
                items: Vec::new(),
                total: 0,
                page: 1,
                per_page: 30,
            };
            let field = errors.0.first().map(|e| e.field.clone()).unwrap_or_default();
            (empty, Some(t.word("timeline-filter-invalid", field.replace('_', "-"))))
        }
        Err(other) => return Err(other),
    };
    let target = households::target(&state.store, id).await?;
    let can_record = RECORD_INTERVIEW
        .iter()
        .any(|a| principal.authorize(Action::Pathway(*a), &target).is_ok());
    let members = households::members(&state.store, id)
        .await?
        .into_iter()
        .map(|m| (m.id.get(), m.full_name()))
        .collect();
    let steps = paths::for_household(&state.store, id)
        .await?
        .into_iter()
        .filter_map(|p| {
            let step = interview_step(p.state()).ok()?;
            let label = format!(
                "{} — {} ({})",
                t.word("interview-step", step.as_str()),
                p.participant_name,
                p.programme_name
            );
            Some((p.id.get(), label))
        })
        .collect();
    let selected_path = form
        .input
        .path_id
        .map(|p| p.to_string())
        .or(query.path.clone())
        .unwrap_or_default();
    let status = if form.errors.is_empty() && filter_error.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let household = households::get(&state.store, id).await?;
    let page = TimelinePage {
        chrome: ctx.chrome_titled(t.with("timeline-title", "reference", &household.reference)),
        lines: entries.items.into_iter().map(|e| line(t, e)).collect(),
        page: Page {
            items: Vec::new(),
            total: entries.total,
            page: entries.page,
            per_page: entries.per_page,
        },
        kinds: TimelineKind::ALL
            .iter()
            .map(|k| (k.as_str(), t.word("timeline-kind", k)))
            .collect(),
        kind: query.kind.unwrap_or_default(),
        filter_error,
        can_record,
        members,
        steps,
        input: form.input,
        selected_path,
        errors: form.errors,
        saved: form.saved,
        today: state.clock.today().to_string(),
        household,
    };
    Ok((status, render(&page)).into_response())
}

fn read_query(query: Option<&str>) -> WebResult<PageQuery> {
    serde_urlencoded::from_str(query.unwrap_or_default()).map_err(|e| WebError::BadRequest {
        detail: format!("the query string is not valid: {e}"),
        errors: Vec::new(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<HouseholdId>,
    RawQuery(query): RawQuery,
) -> WebResult<Response> {
    let query = read_query(query.as_deref())?;
    let form = FormState {
        saved: query.saved.is_some(),
        input: InterviewInput::default(),
        errors: ValidationErrors::new(),
    };
    timeline_page(&state, &ctx, id, query, form).await
}

/// Records an interview; back to the timeline saying "saved", or the form
/// again with what was typed and each message next to its field.
pub async fn record_interview(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<HouseholdId>,
    PageForm(input): PageForm<InterviewInput>,
) -> WebResult<Response> {
    let principal = ctx.require()?.clone();
    match timeline::record_interview(&state, &principal, id, input.clone()).await {
        Ok(_) => Ok(Redirect::to(&format!("/households/{id}/timeline?saved=interview#timeline")).into_response()),
        Err(WebError::Invalid(errors) | WebError::Conflict(errors)) => {
            let form = FormState {
                input,
                errors,
                saved: false,
            };
            timeline_page(&state, &ctx, id, PageQuery::default(), form).await
        }
        Err(other) => Err(other),
    }
}
