//! The case list social workers and case managers work from: each visible
//! household with its focus person, the stage of its most advanced open path,
//! that path's (or the current project's) programme and round, who is in
//! charge, and the earliest unanswered request's due date. One statement per
//! page; every value a person typed is bound, never formatted into the SQL.

use super::households::Household;
use crate::{Page, PageRequest, Result, Store};
use filiera_domain::ids::{OrganisationId, ProgrammeId, RoundId, UserId};
use filiera_domain::pathways::path::PathState;
use serde::Serialize;
use time::Date;

/// How many words of a search are matched against names (each must match).
pub const SEARCH_MAX_WORDS: usize = 4;

/// The columns a case list can be sorted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseSort {
    /// Newest activity first (the list's order before sorting existed).
    #[default]
    Updated,
    Reference,
    Name,
    Stage,
    NextDue,
}

impl CaseSort {
    pub const ALL: [CaseSort; 5] = [
        CaseSort::Updated,
        CaseSort::Reference,
        CaseSort::Name,
        CaseSort::Stage,
        CaseSort::NextDue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseSort::Updated => "updated",
            CaseSort::Reference => "reference",
            CaseSort::Name => "name",
            CaseSort::Stage => "stage",
            CaseSort::NextDue => "next_due",
        }
    }

    /// The ORDER BY clause: chosen from this fixed list, never from input.
    fn order_by(self, descending: bool) -> &'static str {
        match (self, descending) {
            (CaseSort::Updated, false) => "c.updated_at ASC, c.id ASC",
            (CaseSort::Updated, true) => "c.updated_at DESC, c.id DESC",
            (CaseSort::Reference, false) => "c.reference ASC, c.id ASC",
            (CaseSort::Reference, true) => "c.reference DESC, c.id DESC",
            (CaseSort::Name, false) => "c.focus_sort ASC, c.id ASC",
            (CaseSort::Name, true) => "c.focus_sort DESC, c.id DESC",
            (CaseSort::Stage, false) => "c.stage_rank ASC, c.id ASC",
            (CaseSort::Stage, true) => "c.stage_rank DESC, c.id DESC",
            // Households with nothing due come last either way.
            (CaseSort::NextDue, false) => {
                "CASE WHEN c.next_due_on IS NULL THEN 1 ELSE 0 END, c.next_due_on ASC, c.id ASC"
            }
            (CaseSort::NextDue, true) => {
                "CASE WHEN c.next_due_on IS NULL THEN 1 ELSE 0 END, c.next_due_on DESC, c.id DESC"
            }
        }
    }
}

/// What to list: where the principal may look (from memberships, never from
/// input), the filters and the order.
#[derive(Debug, Clone, Default)]
pub struct CaseListQuery {
    pub agencies: Vec<OrganisationId>,
    pub cooperatives: Vec<OrganisationId>,
    pub stage: Option<PathState>,
    pub programme_id: Option<ProgrammeId>,
    pub round_id: Option<RoundId>,
    pub social_worker_id: Option<UserId>,
    /// Free text: words of a member's name in any order, or (as a whole) a
    /// reference, tax code or municipality.
    pub search: Option<String>,
    /// Only households where this user holds a role: social worker, case
    /// manager of one of its projects, or addressee of one of its requests.
    pub mine: Option<UserId>,
    pub sort: CaseSort,
    pub descending: bool,
}

/// One line of the case list; the household's own fields come first, as the
/// plain household list always sent them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseRow {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub household: Household,
    pub focus_person: Option<String>,
    /// The most advanced open path state of the household's members.
    pub stage: Option<String>,
    pub programme_id: Option<ProgrammeId>,
    pub programme_name: Option<String>,
    pub round_id: Option<RoundId>,
    pub round_number: Option<i64>,
    pub case_manager_id: Option<UserId>,
    pub case_manager_name: Option<String>,
    /// The earliest due date of an unanswered request.
    #[sqlx(try_from = "crate::columns::OptionalDateText")]
    #[serde(with = "filiera_domain::time_format::iso_date::option")]
    pub next_due_on: Option<Date>,
}

impl CaseRow {
    /// Whether the next due item is past `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.next_due_on.is_some_and(|due| due < today)
    }
}

#[derive(sqlx::FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    row: CaseRow,
    total_rows: i64,
}

/// The domain's order of open path states as SQL: `CASE pa.state WHEN
/// 'referred' THEN 1 … END` (0 for a final state).
fn open_state_rank() -> String {
    let whens: String = PathState::OPEN_IN_ORDER
        .iter()
        .enumerate()
        .map(|(i, state)| format!("WHEN '{}' THEN {} ", state.as_str(), i + 1))
        .collect();
    format!("CASE pa.state {whens}ELSE 0 END")
}

/// The open path states as an SQL list.
fn open_states() -> String {
    PathState::OPEN_IN_ORDER
        .iter()
        .map(|state| format!("'{}'", state.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn id_list(ids: &[OrganisationId]) -> String {
    if ids.is_empty() {
        "NULL".to_owned()
    } else {
        ids.iter().map(OrganisationId::to_string).collect::<Vec<_>>().join(",")
    }
}

/// The households visible through memberships (ids are ours, typed integers).
fn visibility(agencies: &[OrganisationId], cooperatives: &[OrganisationId]) -> String {
    format!(
        "(h.agency_id IN ({}) OR h.id IN (SELECT household_id FROM projects WHERE cooperative_id IN ({})))",
        id_list(agencies),
        id_list(cooperatives)
    )
}

/// `%text%` for LIKE, lower-cased, without LIKE's own wildcards.
fn pattern(text: &str) -> String {
    format!("%{}%", text.to_lowercase().replace(['%', '_', '\\'], ""))
}

fn cases_sql(visible: &str) -> String {
    let (rank, open_states) = (open_state_rank(), open_states());
    format!(
        "WITH base AS ( \
           SELECT h.id AS hid, \
             (SELECT pa.id FROM paths pa JOIN participants pp ON pp.id = pa.participant_id \
               WHERE pp.household_id = h.id AND pa.state IN ({open_states}) \
               ORDER BY {rank} DESC, pa.id DESC LIMIT 1) AS path_id, \
             (SELECT pr.id FROM projects pr WHERE pr.household_id = h.id \
               ORDER BY CASE WHEN pr.status = 'active' THEN 0 ELSE 1 END, pr.id DESC LIMIT 1) AS project_id, \
             (SELECT MIN(p.id) FROM participants p WHERE p.household_id = h.id) AS first_member_id, \
             (SELECT MIN(r.due_on) FROM requests r WHERE r.household_id = h.id AND r.answered_at IS NULL) AS next_due_on \
           FROM households h WHERE {visible} \
         ), cases AS ( \
           SELECT h.id, h.agency_id, h.reference, h.residence_municipality, h.residence_address, h.declared_size, \
             h.social_worker_id, sw.display_name AS social_worker_name, h.created_at, h.updated_at, \
             TRIM(fp.first_name || ' ' || fp.last_name) AS focus_person, \
             LOWER(fp.last_name || ' ' || fp.first_name) AS focus_sort, \
             pa.state AS stage, COALESCE({rank}, 0) AS stage_rank, \
             pg.id AS programme_id, pg.name AS programme_name, rd.id AS round_id, rd.number AS round_number, \
             pr.case_manager_id, cm.display_name AS case_manager_name, b.next_due_on \
           FROM base b JOIN households h ON h.id = b.hid \
           LEFT JOIN paths pa ON pa.id = b.path_id \
           LEFT JOIN projects pr ON pr.id = b.project_id \
           LEFT JOIN participants fp ON fp.id = COALESCE(pr.focus_participant_id, b.first_member_id) \
           LEFT JOIN programmes pg ON pg.id = COALESCE(pa.programme_id, pr.programme_id) \
           LEFT JOIN rounds rd ON rd.id = CASE WHEN pa.id IS NOT NULL THEN pa.round_id ELSE pr.round_id END \
           LEFT JOIN users sw ON sw.id = h.social_worker_id \
           LEFT JOIN users cm ON cm.id = pr.case_manager_id \
         ) "
    )
}

const FILTERS: &str = "WHERE ($1 IS NULL OR c.stage = $1) \
     AND ($2 IS NULL OR c.programme_id = $2) \
     AND ($3 IS NULL OR c.round_id = $3) \
     AND ($4 IS NULL OR c.social_worker_id = $4) \
     AND ($5 IS NULL OR c.social_worker_id = $5 \
          OR EXISTS (SELECT 1 FROM projects mp WHERE mp.household_id = c.id AND mp.case_manager_id = $5) \
          OR EXISTS (SELECT 1 FROM requests mr WHERE mr.household_id = c.id AND mr.addressed_to_user_id = $5)) \
     AND ($6 IS NULL OR LOWER(c.reference) LIKE $6 OR LOWER(c.residence_municipality) LIKE $6 \
          OR EXISTS (SELECT 1 FROM participants sp WHERE sp.household_id = c.id AND (LOWER(sp.tax_code) LIKE $6 \
             OR (LOWER(sp.first_name || ' ' || sp.last_name) LIKE $7 \
                 AND ($8 IS NULL OR LOWER(sp.first_name || ' ' || sp.last_name) LIKE $8) \
                 AND ($9 IS NULL OR LOWER(sp.first_name || ' ' || sp.last_name) LIKE $9) \
                 AND ($10 IS NULL OR LOWER(sp.first_name || ' ' || sp.last_name) LIKE $10)))))";

/// Binds `$1`…`$10` of [`FILTERS`], the same for the page and its count.
fn bind_filters<'q, O>(
    statement: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    stage: Option<&'q str>,
    query: &CaseListQuery,
    whole: &Option<String>,
    words: &[String],
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    let word = |i: usize| words.get(i).cloned();
    statement
        .bind(stage)
        .bind(query.programme_id)
        .bind(query.round_id)
        .bind(query.social_worker_id)
        .bind(query.mine)
        .bind(whole.clone())
        .bind(word(0))
        .bind(word(1))
        .bind(word(2))
        .bind(word(3))
}

/// One page of the case list, with the number of matching households.
pub async fn list(store: &Store, query: &CaseListQuery, page: PageRequest) -> Result<Page<CaseRow>> {
    let search = query.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let whole = search.map(pattern);
    let words: Vec<String> = search
        .map(|s| s.split_whitespace().take(SEARCH_MAX_WORDS).map(pattern).collect())
        .unwrap_or_default();
    let stage = query.stage.map(PathState::as_str);
    let base = format!(
        "{} SELECT c.id, c.agency_id, c.reference, c.residence_municipality, c.residence_address, c.declared_size, \
         c.social_worker_id, c.social_worker_name, c.created_at, c.updated_at, c.focus_person, c.stage, \
         c.programme_id, c.programme_name, c.round_id, c.round_number, c.case_manager_id, c.case_manager_name, \
         c.next_due_on",
        cases_sql(&visibility(&query.agencies, &query.cooperatives))
    );
    let sql = format!(
        "{base}, COUNT(*) OVER () AS total_rows FROM cases c {FILTERS} ORDER BY {} LIMIT $11 OFFSET $12",
        query.sort.order_by(query.descending)
    );
    let rows: Vec<CountedRow> = bind_filters(sqlx::query_as(&sql), stage, query, &whole, &words)
        .bind(page.per_page)
        .bind(page.offset())
        .fetch_all(store.pool())
        .await?;
    let total = match rows.first() {
        Some(first) => first.total_rows,
        // Past the last page (rare): count without fetching.
        None if page.page > 1 => {
            let count_sql = format!(
                "{} SELECT COUNT(*) FROM cases c {FILTERS}",
                cases_sql(&visibility(&query.agencies, &query.cooperatives))
            );
            let (total,): (i64,) = bind_filters(sqlx::query_as(&count_sql), stage, query, &whole, &words)
                .fetch_one(store.pool())
                .await?;
            total
        }
        None => 0,
    };
    Ok(Page {
        items: rows.into_iter().map(|r| r.row).collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// What the filters of the case list offer: rounds of the programmes the
/// organisations run or deliver, and the social workers of visible households.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CaseListOptions {
    /// Programme id, name, round id, round number.
    pub rounds: Vec<(ProgrammeId, String, RoundId, i64)>,
    pub social_workers: Vec<(UserId, String)>,
}

pub async fn options(
    store: &Store,
    agencies: &[OrganisationId],
    cooperatives: &[OrganisationId],
) -> Result<CaseListOptions> {
    let rounds = sqlx::query_as(&format!(
        "SELECT pg.id, pg.name, rd.id, rd.number FROM rounds rd JOIN programmes pg ON pg.id = rd.programme_id \
         WHERE pg.agency_id IN ({}) OR pg.id IN (SELECT programme_id FROM programme_cooperatives WHERE organisation_id IN ({})) \
         ORDER BY pg.name, rd.number",
        id_list(agencies),
        id_list(cooperatives)
    ))
    .fetch_all(store.pool())
    .await?;
    let social_workers = sqlx::query_as(&format!(
        "SELECT DISTINCT u.id, u.display_name FROM households h JOIN users u ON u.id = h.social_worker_id \
         WHERE {} ORDER BY u.display_name",
        visibility(agencies, cooperatives)
    ))
    .fetch_all(store.pool())
    .await?;
    Ok(CaseListOptions { rounds, social_workers })
}
