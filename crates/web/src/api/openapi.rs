use super::{audit, auth, members, organisations, tokens};
use crate::problem::Problem;
use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "filiera API", description = "Work-integration platform for social cooperatives, consortia and public social services. Authenticate with `POST /api/v1/auth/login` and send the returned token as `Authorization: Bearer <token>`. Errors are RFC 9457 problem documents."),
    paths(
        auth::login, auth::logout, auth::me,
        tokens::list, tokens::create, tokens::revoke,
        organisations::list, organisations::get, organisations::create, organisations::update, organisations::archive,
        members::list, members::add, members::set_role, members::remove,
        audit::list,
    ),
    components(schemas(Problem, crate::problem::FieldProblem, filiera_domain::role::Role)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Logging in and personal access tokens"),
        (name = "organisations", description = "The registry of agencies, consortia, cooperatives, firms and funders"),
        (name = "members", description = "Who works in an organisation, with which role"),
        (name = "audit", description = "The tamper-evident audit log"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI 3.1 document, generated from the handlers. Each capability
/// area documents its own endpoints and is merged in here.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
        .merge_from(super::consortium::ConsortiumApiDoc::openapi())
        .merge_from(super::pathways::PathwaysApi::openapi())
        .merge_from(super::programmes::ProgrammesApiDoc::openapi())
        .merge_from(super::evidence::openapi())
        .merge_from(super::documents::DocumentsApiDoc::openapi())
        .merge_from(super::tasks::TasksApiDoc::openapi())
        .merge_from(super::notifications::NotificationsApiDoc::openapi())
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}
