//! The Access and Evaluation Form and the Personalised Individual Project as PDF,
//! for the person's signature: the agency in the header, the person, the answers
//! in the reader's language, and lines to sign on.

use super::label;
use crate::app::pathways::print::{self, AssessmentPrint, ProjectPrint};
use crate::error::WebResult;
use crate::export::pdf::{Block, PdfDocument, Table, render_pdf};
use crate::export::sheet::pdf_response;
use crate::extract::ApiPath;
use crate::i18n::Tr;
use crate::pages::chrome::PageContext;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use filiera_domain::ids::{AssessmentId, ProjectId};
use filiera_storage::pathways::households::Member;

pub async fn assessment_pdf(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<AssessmentId>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let form = print::assessment(&state, principal, id).await?;
    let doc = assessment_document(&ctx.t, &form, &generated_on(&state, &ctx.t));
    Ok(pdf_response(render_pdf(&doc)?, &format!("access-evaluation-form-{id}")))
}

pub async fn project_pdf(
    State(state): State<AppState>,
    ctx: PageContext,
    ApiPath(id): ApiPath<ProjectId>,
) -> WebResult<Response> {
    let principal = ctx.require()?;
    let project = print::project(&state, principal, id).await?;
    let doc = project_document(&ctx.t, &project, &generated_on(&state, &ctx.t));
    Ok(pdf_response(render_pdf(&doc)?, &format!("individual-project-{id}")))
}

fn generated_on(state: &AppState, t: &Tr) -> String {
    t.with("pdf-generated-on", "date", t.day(state.clock.today()))
}

/// Two columns, question and answer; blank answers show as a dash so a
/// missing answer is visibly missing on paper.
fn answers(t: &Tr, rows: Vec<(String, String)>) -> Block {
    Block::Table(Table {
        header: vec![t.get("print-question"), t.get("print-answer")],
        rows: rows
            .into_iter()
            .map(|(question, answer)| {
                let answer = if answer.trim().is_empty() {
                    "—".to_owned()
                } else {
                    answer
                };
                vec![question, answer]
            })
            .collect(),
        right_aligned: Vec::new(),
    })
}

fn person_rows(t: &Tr, member: &Member) -> Vec<(String, String)> {
    let born = member
        .birth_date
        .map(|d| t.day(d))
        .or_else(|| member.birth_year.map(|y| y.to_string()))
        .unwrap_or_default();
    vec![
        (t.get("field-first-name"), member.first_name.clone()),
        (t.get("field-last-name"), member.last_name.clone()),
        (t.get("field-tax-code"), member.tax_code.clone().unwrap_or_default()),
        (t.get("field-birth-date"), born),
    ]
}

pub(crate) fn assessment_document(t: &Tr, form: &AssessmentPrint, generated_on: &str) -> PdfDocument {
    let a = &form.assessment;
    let mut person = vec![(t.get("field-reference"), form.household.reference.clone())];
    person.extend(person_rows(t, &form.member));
    let scores = Table {
        header: vec![t.get("print-area"), t.get("print-score")],
        rows: a
            .scores
            .iter()
            .map(|(area, score)| vec![label(t, "area", area.as_str()), label(t, "level", &score.to_string())])
            .collect(),
        right_aligned: Vec::new(),
    };
    let vulnerabilities = a
        .vulnerabilities
        .iter()
        .map(|v| label(t, "vulnerability", v))
        .collect::<Vec<_>>()
        .join(", ");
    let mut blocks = vec![
        Block::Heading(t.get("print-person")),
        answers(t, person),
        Block::Heading(t.get("assessment-employability")),
        Block::Table(scores),
        Block::Heading(t.get("print-situation")),
        answers(
            t,
            vec![
                (t.get("field-family-composition"), a.family_composition.clone()),
                (t.get("field-vulnerabilities"), vulnerabilities),
                (t.get("field-vulnerabilities-other"), a.vulnerabilities_other.clone()),
                (t.get("field-past-work"), a.past_work.clone()),
                (t.get("field-skills"), a.skills.clone()),
                (t.get("field-work-difficulties"), a.work_difficulties.clone()),
                (t.get("field-interests"), a.interests.clone()),
                (t.get("field-aspirations"), a.aspirations.clone()),
                (
                    t.get("field-suggested-interventions"),
                    a.suggested_interventions.clone(),
                ),
            ],
        ),
    ];
    if a.has_health_notes {
        blocks.push(Block::Paragraph(t.get("print-health-notes-kept-apart")));
    }
    blocks.push(Block::Paragraph(t.get("print-consent")));
    blocks.push(Block::Signatures(vec![
        t.with("print-signature-person", "name", form.member.full_name()),
        t.with("print-signature-social-worker", "name", &a.author),
    ]));
    PdfDocument {
        issuer: form.agency_name.clone(),
        title: t.get("print-assessment-title"),
        subtitle: Some(form.member.full_name()),
        period: t.with("print-filled-in-on", "date", t.day(a.assessed_on)),
        generated_on: generated_on.to_owned(),
        page_numbering: t.get("pdf-page-numbering"),
        blocks,
    }
}

pub(crate) fn project_document(t: &Tr, print: &ProjectPrint, generated_on: &str) -> PdfDocument {
    let p = &print.project;
    let mut about = vec![
        (t.get("field-reference"), p.household_reference.clone()),
        (t.get("field-programme"), p.programme_name.clone()),
        (
            t.get("field-round"),
            p.round_number.map(|n| n.to_string()).unwrap_or_default(),
        ),
        (
            t.get("field-cooperative"),
            p.cooperative_name.clone().unwrap_or_default(),
        ),
        (
            t.get("field-case-manager"),
            p.case_manager_name.clone().unwrap_or_default(),
        ),
    ];
    about.extend(person_rows(t, &print.focus));
    let objectives = Table {
        header: vec![t.get("field-text"), t.get("field-target-date"), t.get("field-measure")],
        rows: print
            .objectives
            .iter()
            .map(|o| {
                vec![
                    o.text.clone(),
                    o.target_date.map(|d| t.day(d)).unwrap_or_default(),
                    o.measure.clone(),
                ]
            })
            .collect(),
        right_aligned: Vec::new(),
    };
    let interventions = Table {
        header: vec![
            t.get("field-service"),
            t.get("print-for"),
            t.get("print-from-to"),
            t.get("field-hours"),
        ],
        rows: print
            .interventions
            .iter()
            .map(|i| {
                let dates = match (i.planned_start, i.planned_end) {
                    (Some(from), Some(to)) => format!("{} – {}", t.day(from), t.day(to)),
                    (Some(from), None) => t.day(from),
                    _ => String::new(),
                };
                vec![
                    i.service_name.clone(),
                    i.participant_name.clone(),
                    dates,
                    format!("{}", i.minutes / 60),
                ]
            })
            .collect(),
        right_aligned: vec![3],
    };
    let mut blocks = vec![
        Block::Heading(t.get("print-person")),
        answers(t, about),
        Block::Heading(t.get("objectives-title")),
    ];
    if print.objectives.is_empty() {
        blocks.push(Block::Paragraph(t.get("objectives-none")));
    } else {
        blocks.push(Block::Table(objectives));
    }
    blocks.push(Block::Heading(t.get("print-interventions")));
    if print.interventions.is_empty() {
        blocks.push(Block::Paragraph(t.get("print-interventions-none")));
    } else {
        blocks.push(Block::Table(interventions));
    }
    if !print.operators.is_empty() {
        blocks.push(Block::Heading(t.get("operators-title")));
        blocks.push(answers(
            t,
            print
                .operators
                .iter()
                .map(|o| (label(t, "profession", &o.profession), o.name.clone()))
                .collect(),
        ));
    }
    blocks.push(Block::Paragraph(t.get("print-project-agreement")));
    let mut signatures = vec![t.with("print-signature-person", "name", &p.focus_name)];
    signatures.push(t.get("print-signature-agency"));
    if let Some(case_manager) = &p.case_manager_name {
        signatures.push(t.with("print-signature-case-manager", "name", case_manager));
    }
    blocks.push(Block::Signatures(signatures));
    PdfDocument {
        issuer: print.agency_name.clone(),
        title: t.get("print-project-title"),
        subtitle: Some(p.focus_name.clone()),
        period: t.with("print-started-on", "date", t.day(p.started_on)),
        generated_on: generated_on.to_owned(),
        page_numbering: t.get("pdf-page-numbering"),
        blocks,
    }
}
