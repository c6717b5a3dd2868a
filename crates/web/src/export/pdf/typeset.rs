//! The embedded fonts and the text measuring that line wrapping needs. The fonts are
//! compiled in so a report looks the same on every server and never depends on what
//! happens to be installed; DejaVu Sans covers the Latin letters of every partner
//! country (à, ł, š, ć, ç, ß…) and "€".

use crate::error::{WebError, WebResult};
use ttf_parser::Face;

pub(super) const REGULAR_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub(super) const BOLD_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
pub(super) const FONT_FAMILY: &str = "DejaVu Sans";

const ELLIPSIS: char = '…';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Weight {
    Regular,
    Bold,
}

/// Advance widths from the same font files the PDF embeds, so wrapped lines fit their column.
pub(super) struct Metrics {
    regular: Face<'static>,
    bold: Face<'static>,
}

impl Metrics {
    pub(super) fn load() -> WebResult<Self> {
        let parse = |bytes: &'static [u8]| {
            Face::parse(bytes, 0).map_err(|e| WebError::Internal(format!("pdf: embedded font unreadable: {e}")))
        };
        Ok(Metrics {
            regular: parse(REGULAR_FONT)?,
            bold: parse(BOLD_FONT)?,
        })
    }

    /// The width in points of `text` on one line (without kerning, which only narrows it).
    pub(super) fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        let face = match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        };
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                u32::from(face.glyph_hor_advance(glyph).unwrap_or(0))
            })
            .sum();
        units as f32 * size / f32::from(face.units_per_em())
    }

    /// Breaks `text` into lines no wider than `max_width`: at spaces, inside a word only
    /// when the word alone is too wide, and at the text's own line breaks. Past `max_lines`
    /// the last line ends with an ellipsis. Always at least one (possibly empty) line.
    pub(super) fn wrap(&self, text: &str, weight: Weight, size: f32, max_width: f32, max_lines: usize) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let word: String = word.chars().filter(|c| !c.is_control()).collect();
                let candidate = if line.is_empty() {
                    word.clone()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, weight, size) <= max_width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, weight, size) > max_width && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::replace(&mut line, c.to_string()));
                    }
                }
            }
            lines.push(line);
        }
        let max_lines = max_lines.max(1);
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                *last = self.with_ellipsis(last, weight, size, max_width);
            }
        }
        lines
    }

    /// One line of `text`, cut with an ellipsis if it is wider than `max_width`.
    pub(super) fn fit(&self, text: &str, weight: Weight, size: f32, max_width: f32) -> String {
        let line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        if self.width(&line, weight, size) <= max_width {
            return line;
        }
        self.with_ellipsis(&line, weight, size, max_width)
    }

    fn with_ellipsis(&self, text: &str, weight: Weight, size: f32, max_width: f32) -> String {
        let mut line = text.trim_end().to_owned();
        line.push(ELLIPSIS);
        while self.width(&line, weight, size) > max_width && line.chars().count() > 1 {
            line.pop();
            line.pop();
            line = line.trim_end().to_owned();
            line.push(ELLIPSIS);
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_their_width_and_keep_every_word() {
        let metrics = Metrics::load().expect("fonts");
        let text = "Attività di inserimento lavorativo per persone svantaggiate, Łódź, Ljubljana, Zagreb";
        let lines = metrics.wrap(text, Weight::Regular, 10.0, 120.0, 20);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|line| metrics.width(line, Weight::Regular, 10.0) <= 120.0)
        );
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_column_is_broken_and_extra_lines_end_in_an_ellipsis() {
        let metrics = Metrics::load().expect("fonts");
        let lines = metrics.wrap(&"€".repeat(200), Weight::Bold, 9.0, 60.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with(ELLIPSIS));
        assert!(lines.iter().all(|line| metrics.width(line, Weight::Bold, 9.0) <= 60.0));
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        let metrics = Metrics::load().expect("fonts");
        assert_eq!(metrics.wrap("", Weight::Regular, 9.0, 50.0, 3), vec![String::new()]);
    }
}
