//! Help pages inside the application, in the reader's language: how matching
//! proposes places, how the allocation hands out a week's work and why some
//! stays unassigned, and what the 30% rule and Table A count. Public pages:
//! they explain rules and hold no one's data.

use super::chrome::{Chrome, PageContext};
use super::errors::render;
use crate::error::{WebError, WebResult};
use askama::Template;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};

/// A help topic: its address under `/help/` and, for each section, the
/// Fluent key of its heading and of its paragraphs, in order.
struct Topic {
    slug: &'static str,
    sections: &'static [(&'static str, &'static [&'static str])],
}

const TOPICS: &[Topic] = &[
    Topic {
        slug: "matching",
        sections: &[
            ("help-matching-what", &["help-matching-what-1", "help-matching-what-2"]),
            (
                "help-matching-never",
                &["help-matching-never-1", "help-matching-never-2"],
            ),
            (
                "help-matching-cost",
                &[
                    "help-matching-cost-1",
                    "help-matching-cost-interest",
                    "help-matching-cost-gap",
                    "help-matching-cost-travel",
                    "help-matching-cost-waiting",
                    "help-matching-cost-fairness",
                ],
            ),
            ("help-matching-weights", &["help-matching-weights-1"]),
        ],
    },
    Topic {
        slug: "allocation",
        sections: &[
            ("help-allocation-what", &["help-allocation-what-1"]),
            (
                "help-allocation-unassigned",
                &[
                    "help-allocation-unassigned-1",
                    "help-allocation-unassigned-capacity",
                    "help-allocation-unassigned-grade",
                    "help-allocation-unassigned-hours",
                ],
            ),
            ("help-allocation-edit", &["help-allocation-edit-1"]),
        ],
    },
    Topic {
        slug: "thirty-percent",
        sections: &[
            ("help-thirty-rule", &["help-thirty-rule-1", "help-thirty-rule-2"]),
            ("help-thirty-table-a", &["help-thirty-table-a-1"]),
        ],
    },
];

struct Section {
    heading: String,
    paragraphs: Vec<String>,
}

#[derive(Template)]
#[template(path = "help/topic.html")]
struct TopicPage {
    chrome: Chrome,
    intro: String,
    sections: Vec<Section>,
    others: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "help/index.html")]
struct IndexPage {
    chrome: Chrome,
    topics: Vec<(&'static str, String, String)>,
}

fn title_key(slug: &str) -> String {
    format!("help-{slug}-title")
}

pub async fn index(ctx: PageContext) -> WebResult<Response> {
    let topics = TOPICS
        .iter()
        .map(|topic| {
            (
                topic.slug,
                ctx.t.get(&title_key(topic.slug)),
                ctx.t.get(&format!("help-{}-intro", topic.slug)),
            )
        })
        .collect();
    let page = IndexPage {
        chrome: ctx.chrome("help-title"),
        topics,
    };
    Ok(render(&page).into_response())
}

pub async fn topic(ctx: PageContext, Path(slug): Path<String>) -> WebResult<Response> {
    let topic = TOPICS
        .iter()
        .find(|topic| topic.slug == slug)
        .ok_or(WebError::NotFound { what: "help topic" })?;
    let page = TopicPage {
        chrome: ctx.chrome(&title_key(topic.slug)),
        intro: ctx.t.get(&format!("help-{}-intro", topic.slug)),
        sections: topic
            .sections
            .iter()
            .map(|(heading, paragraphs)| Section {
                heading: ctx.t.get(heading),
                paragraphs: paragraphs.iter().map(|key| ctx.t.get(key)).collect(),
            })
            .collect(),
        others: TOPICS
            .iter()
            .filter(|other| other.slug != topic.slug)
            .map(|other| (other.slug, ctx.t.get(&title_key(other.slug))))
            .collect(),
    };
    Ok(render(&page).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Tr;

    /// Every help text exists in both shipped languages: a missing one would
    /// show its key to the reader.
    #[test]
    fn every_help_text_is_written_in_italian_and_english() {
        for code in ["it", "en"] {
            let t = Tr::new(code);
            for topic in TOPICS {
                let mut keys = vec![title_key(topic.slug), format!("help-{}-intro", topic.slug)];
                for (heading, paragraphs) in topic.sections {
                    keys.push((*heading).to_owned());
                    keys.extend(paragraphs.iter().map(|p| (*p).to_owned()));
                }
                for key in keys {
                    assert_ne!(t.get(&key), key, "{code}: {key} has no text");
                }
            }
        }
    }
}
