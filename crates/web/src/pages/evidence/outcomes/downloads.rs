//! The indicators and the outcome report as CSV and XLSX. `?audience=public`
//! (the files to publish or send outside the programme) hides small counts and
//! what would reveal them; `staff`, the default, shows every figure. The
//! audience is in the file name and in the first line, so a staff file is not
//! mistaken for a publishable one.

use super::super::super::chrome::PageContext;
use super::{published, viewable};
use crate::error::WebResult;
use crate::export::AudienceQuery;
use crate::export::sheet::{Sheet, sheet_downloads};
use crate::i18n::Tr;
use crate::state::AppState;
use filiera_domain::evidence::comparison::NOT_RANDOMISED;
use filiera_domain::evidence::disclosure::Cell;
use filiera_domain::evidence::publication::{
    Audience, PublishedIndicators, PublishedOutcome, PublishedRate, cell_text, percent, points,
};

/// The first line: the audience (in plain words any reader of the file sees) and what it means.
fn title_line(t: &Tr, audience: Audience, threshold: u64, width: usize) -> Vec<String> {
    let mut line = vec![
        format!("audience: {}", audience.as_str()),
        match audience {
            Audience::Public => t.with("outcomes-export-public", "threshold", threshold),
            Audience::Staff => t.get("outcomes-export-staff"),
        },
    ];
    line.resize(width, String::new());
    line
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn indicators_sheet(t: &Tr, published: &PublishedIndicators) -> Sheet {
    let columns = strings(&[
        "indicator",
        "name",
        "annex_reference",
        "women",
        "men",
        "gender_not_recorded",
        "total",
        "attribute_not_recorded",
    ]);
    let text = |cell: Cell| cell_text(cell, published.threshold);
    let mut rows = vec![columns];
    rows.extend(published.indicators.iter().map(|i| {
        vec![
            i.id.to_owned(),
            t.word("indicator", i.id),
            i.reference.to_owned(),
            text(i.women),
            text(i.men),
            text(i.gender_not_recorded),
            text(i.total),
            text(i.not_recorded),
        ]
    }));
    let mut households = vec![String::new(); 8];
    households[0] = "households".into();
    households[1] = t.get("outcomes-households");
    households[6] = text(published.households);
    rows.push(households);
    Sheet {
        header: title_line(t, published.audience, published.threshold, 8),
        rows,
    }
}

fn outcomes_sheet(t: &Tr, outcomes: &[PublishedOutcome], audience: Audience, threshold: u64) -> Sheet {
    let columns = strings(&[
        "months",
        "participants_employed",
        "participants_known",
        "participants_rate_percent",
        "comparison_employed",
        "comparison_known",
        "comparison_rate_percent",
        "difference_points",
        "ci95_lower_points",
        "ci95_upper_points",
    ]);
    let width = columns.len();
    let rate = |r: &PublishedRate| {
        [
            cell_text(r.employed, threshold),
            cell_text(r.known, threshold),
            r.rate.map(percent).unwrap_or_default(),
        ]
    };
    let mut rows = vec![columns];
    rows.extend(outcomes.iter().map(|o| {
        let (estimate, lower, upper) = o.difference.as_ref().map(points).unwrap_or_default();
        let mut row = vec![o.months.to_string()];
        row.extend(rate(&o.participants));
        row.extend(rate(&o.comparison));
        row.extend([estimate, lower, upper]);
        row
    }));
    // The statement travels with the figures, in English as in the domain and in the reader's language.
    for statement in [NOT_RANDOMISED.to_owned(), t.get("outcomes-not-randomised")] {
        let mut note = vec![String::new(); width];
        note[0] = "note".into();
        note[1] = statement;
        if !rows.iter().any(|r| r[1] == note[1]) {
            rows.push(note);
        }
    }
    Sheet {
        header: title_line(t, audience, threshold, width),
        rows,
    }
}

async fn indicators(state: &AppState, ctx: &PageContext, id: i64, query: &AudienceQuery) -> WebResult<(Sheet, String)> {
    viewable(state, ctx, id).await?;
    let audience = query.audience.unwrap_or_default();
    let (indicators, _) = published(state, id, audience).await?;
    Ok((
        indicators_sheet(&ctx.t, &indicators),
        format!("indicators-{id}-{}", audience.as_str()),
    ))
}

async fn outcomes(state: &AppState, ctx: &PageContext, id: i64, query: &AudienceQuery) -> WebResult<(Sheet, String)> {
    viewable(state, ctx, id).await?;
    let audience = query.audience.unwrap_or_default();
    let (indicators, outcomes) = published(state, id, audience).await?;
    Ok((
        outcomes_sheet(&ctx.t, &outcomes, audience, indicators.threshold),
        format!("outcomes-{id}-{}", audience.as_str()),
    ))
}

sheet_downloads!(indicators_csv, indicators_xlsx, indicators, AudienceQuery);
sheet_downloads!(outcomes_csv, outcomes_xlsx, outcomes, AudienceQuery);
