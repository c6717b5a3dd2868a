//! The household file as one JSON document, written by the database in one
//! statement, for the API's household read.
//!
//! Why: profiled at 64 connections, an authenticated household read spent its
//! time in round trips, not in work — eight statements (credential, policy
//! target, then six reads for the file), each waking a database backend and a
//! server task, plus the ping sqlx sends as every connection goes back to the
//! pool. On PostgreSQL the backends used more than twice the CPU of filiera
//! itself. Here the policy target and the whole file come back in one
//! statement, and the document is sent as the database wrote it.
//!
//! The document must be exactly what serialising [`HouseholdFile`] gives; the
//! fields below follow the records' field order, and a storage test compares
//! the two on every demo household on both backends, so a field added to a
//! record and forgotten here fails that test.
//!
//! [`HouseholdFile`]: super::households::HouseholdFile

use crate::{Backend, Reader, Result, StorageError, Store};
use filiera_domain::ids::{HouseholdId, OrganisationId};
use filiera_domain::policy::Target;
use sqlx::Row;

/// How a column becomes a JSON value.
#[derive(Clone, Copy)]
enum Kind {
    /// Text, numbers and NULL map to themselves.
    Plain,
    /// A boolean column (an integer on SQLite).
    Boolean,
}

use Kind::{Boolean, Plain};

/// One record type of the file: its fields (JSON key, SQL expression), the
/// FROM clause, the condition tying it to the household `h`, and its order.
struct Records {
    fields: &'static [(&'static str, &'static str, Kind)],
    from: &'static str,
    of_household: &'static str,
    order: &'static str,
}

const HOUSEHOLD: &[(&str, &str, Kind)] = &[
    ("id", "h.id", Plain),
    ("agency_id", "h.agency_id", Plain),
    ("reference", "h.reference", Plain),
    ("residence_municipality", "h.residence_municipality", Plain),
    ("residence_address", "h.residence_address", Plain),
    ("declared_size", "h.declared_size", Plain),
    ("social_worker_id", "h.social_worker_id", Plain),
    ("social_worker_name", "sw.display_name", Plain),
    ("created_at", "h.created_at", Plain),
    ("updated_at", "h.updated_at", Plain),
];

const MEMBERS: Records = Records {
    fields: &[
        ("id", "m.id", Plain),
        ("household_id", "m.household_id", Plain),
        ("external_id", "m.external_id", Plain),
        ("first_name", "m.first_name", Plain),
        ("last_name", "m.last_name", Plain),
        ("tax_code", "m.tax_code", Plain),
        ("relationship", "m.relationship", Plain),
        ("birth_date", "m.birth_date", Plain),
        ("birth_year", "m.birth_year", Plain),
        ("gender", "m.gender", Plain),
        ("country_of_birth", "m.country_of_birth", Plain),
        ("citizenship", "m.citizenship", Plain),
        ("languages", "m.languages", Plain),
        ("education_level", "m.education_level", Plain),
        ("employment_status", "m.employment_status", Plain),
        ("minimum_income", "m.minimum_income", Boolean),
        ("disability", "m.disability", Boolean),
        ("single_parent", "m.single_parent", Boolean),
        ("interests", "m.interests", Plain),
        ("housing_exclusion", "m.housing_exclusion", Boolean),
        ("minority", "m.minority", Boolean),
    ],
    from: "participants m",
    of_household: "m.household_id = h.id",
    order: "m.id",
};

const PATHS: Records = Records {
    fields: &[
        ("id", "pa.id", Plain),
        ("participant_id", "pa.participant_id", Plain),
        ("participant_name", "p.first_name || ' ' || p.last_name", Plain),
        ("household_id", "p.household_id", Plain),
        ("programme_id", "pa.programme_id", Plain),
        ("programme_name", "pr.name", Plain),
        ("round_id", "pa.round_id", Plain),
        ("round_number", "r.number", Plain),
        ("state", "pa.state", Plain),
        ("reason", "pa.reason", Plain),
        ("updated_at", "pa.updated_at", Plain),
    ],
    from: "paths pa JOIN participants p ON p.id = pa.participant_id \
           JOIN programmes pr ON pr.id = pa.programme_id LEFT JOIN rounds r ON r.id = pa.round_id",
    of_household: "p.household_id = h.id",
    order: "pa.id",
};

const PROJECTS: Records = Records {
    fields: &[
        ("id", "pj.id", Plain),
        ("household_id", "pj.household_id", Plain),
        ("household_reference", "ph.reference", Plain),
        ("programme_id", "pj.programme_id", Plain),
        ("programme_name", "pr.name", Plain),
        ("round_id", "pj.round_id", Plain),
        ("round_number", "r.number", Plain),
        ("cooperative_id", "pj.cooperative_id", Plain),
        ("cooperative_name", "c.name", Plain),
        ("focus_participant_id", "pj.focus_participant_id", Plain),
        ("focus_name", "f.first_name || ' ' || f.last_name", Plain),
        ("case_manager_id", "pj.case_manager_id", Plain),
        ("case_manager_name", "u.display_name", Plain),
        ("status", "pj.status", Plain),
        ("started_on", "pj.started_on", Plain),
    ],
    from: "projects pj JOIN households ph ON ph.id = pj.household_id JOIN programmes pr ON pr.id = pj.programme_id \
           LEFT JOIN rounds r ON r.id = pj.round_id LEFT JOIN organisations c ON c.id = pj.cooperative_id \
           JOIN participants f ON f.id = pj.focus_participant_id LEFT JOIN users u ON u.id = pj.case_manager_id",
    of_household: "pj.household_id = h.id",
    order: "pj.id",
};

const REQUESTS: Records = Records {
    fields: &[
        ("id", "rq.id", Plain),
        ("household_id", "rq.household_id", Plain),
        ("household_reference", "rh.reference", Plain),
        ("from_kind", "rq.from_kind", Plain),
        ("from_name", "fu.display_name", Plain),
        ("addressed_to_user_id", "rq.addressed_to_user_id", Plain),
        ("addressed_to_name", "tu.display_name", Plain),
        ("text", "rq.text", Plain),
        ("opened_on", "rq.opened_on", Plain),
        ("due_on", "rq.due_on", Plain),
        ("answered_at", "rq.answered_at", Plain),
        ("answer", "rq.answer", Plain),
    ],
    from: "requests rq JOIN households rh ON rh.id = rq.household_id \
           LEFT JOIN users fu ON fu.id = rq.from_user_id LEFT JOIN users tu ON tu.id = rq.addressed_to_user_id",
    of_household: "rq.household_id = h.id",
    order: "rq.opened_on DESC, rq.id DESC",
};

const ASSIGNMENTS: Records = Records {
    fields: &[
        ("role", "a.role", Plain),
        ("user_id", "a.user_id", Plain),
        ("user_name", "au.display_name", Plain),
        ("handover_note", "a.handover_note", Plain),
        ("from_at", "a.from_at", Plain),
        ("to_at", "a.to_at", Plain),
    ],
    from: "assignments a JOIN users au ON au.id = a.user_id",
    of_household: "a.household_id = h.id",
    order: "a.id",
};

/// `json_build_object(…)` / `json_object(…)` of the fields.
fn object(backend: Backend, fields: &[(&str, &str, Kind)]) -> String {
    let pairs: Vec<String> = fields
        .iter()
        .map(|(key, expr, kind)| {
            let value = match (backend, kind) {
                (_, Plain) | (Backend::Postgres, Boolean) => (*expr).to_owned(),
                (Backend::Sqlite, Boolean) => {
                    format!("json(CASE WHEN {expr} THEN 'true' WHEN NOT {expr} THEN 'false' END)")
                }
            };
            format!("'{key}', {value}")
        })
        .collect();
    match backend {
        Backend::Postgres => format!("json_build_object({})", pairs.join(", ")),
        Backend::Sqlite => format!("json_object({})", pairs.join(", ")),
    }
}

/// The records of the household as a JSON array, in their order. SQLite drops
/// the JSON subtype of a subquery's result, so it is restored with `json()`.
fn array(backend: Backend, records: &Records) -> String {
    let element = object(backend, records.fields);
    let Records {
        from,
        of_household,
        order,
        ..
    } = records;
    match backend {
        Backend::Postgres => format!(
            "(SELECT COALESCE(json_agg({element} ORDER BY {order}), '[]'::json) FROM {from} WHERE {of_household})"
        ),
        Backend::Sqlite => {
            format!("json((SELECT json_group_array({element} ORDER BY {order}) FROM {from} WHERE {of_household}))")
        }
    }
}

/// The statement: the household's agency, its partner cooperatives (comma
/// separated), and the document.
fn statement(backend: Backend) -> String {
    let document = [
        ("household", object(backend, HOUSEHOLD)),
        ("members", array(backend, &MEMBERS)),
        ("paths", array(backend, &PATHS)),
        ("projects", array(backend, &PROJECTS)),
        ("requests", array(backend, &REQUESTS)),
        ("assignments", array(backend, &ASSIGNMENTS)),
    ]
    .iter()
    .map(|(key, value)| format!("'{key}', {value}"))
    .collect::<Vec<_>>()
    .join(", ");
    let (document, partners) = match backend {
        Backend::Postgres => (
            format!("CAST(json_build_object({document}) AS TEXT)"),
            "(SELECT string_agg(DISTINCT CAST(cooperative_id AS TEXT), ',') FROM projects \
             WHERE household_id = h.id AND cooperative_id IS NOT NULL)",
        ),
        Backend::Sqlite => (
            format!("json_object({document})"),
            "(SELECT group_concat(DISTINCT cooperative_id) FROM projects \
             WHERE household_id = h.id AND cooperative_id IS NOT NULL)",
        ),
    };
    format!(
        "SELECT h.agency_id, {partners} AS partners, {document} AS document \
         FROM households h LEFT JOIN users sw ON sw.id = h.social_worker_id WHERE h.id = $1"
    )
}

static SQLITE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| statement(Backend::Sqlite));
static POSTGRES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| statement(Backend::Postgres));

/// The household file as JSON text, with the policy target it must be checked
/// against before anyone sees it (the same target as [`super::households::target`]).
pub struct HouseholdDocument {
    pub target: Target,
    pub json: String,
}

pub async fn household_document(store: &Store, household_id: HouseholdId) -> Result<HouseholdDocument> {
    household_document_on(&mut store.reader().await?, household_id).await
}

/// [`household_document`] on the connection that served the request's credential.
pub async fn household_document_on(reader: &mut Reader, household_id: HouseholdId) -> Result<HouseholdDocument> {
    let sql = match reader.backend() {
        Backend::Sqlite => SQLITE.as_str(),
        Backend::Postgres => POSTGRES.as_str(),
    };
    let row = sqlx::query(sql)
        .bind(household_id)
        .fetch_optional(reader.conn())
        .await?
        .ok_or(StorageError::NotFound { what: "household" })?;
    let agency_id: OrganisationId = row.try_get("agency_id")?;
    let partners: Option<String> = row.try_get("partners")?;
    let partners = partners
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter(|id| !id.is_empty())
        .map(|id| id.parse::<OrganisationId>().map_err(StorageError::corrupt))
        .collect::<Result<Vec<_>>>()?;
    Ok(HouseholdDocument {
        target: Target::organisation(agency_id, None).with_partners(partners),
        json: row.try_get("document")?,
    })
}
