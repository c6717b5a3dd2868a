//! Bar charts as standalone SVG: the same markup goes inline into the HTML pages
//! and, through `export::pdf`, into the PDF reports as vector graphics.
//!
//! The SVG carries no script, no style sheet and no external reference, so it is
//! safe to inline and renders the same everywhere. Bars are horizontal because
//! the labels (rounds, services, funding streams) are long and a report page is
//! narrow. Callers format the figures themselves (`display`), so money and
//! locale stay where the data is known.

use std::fmt::Write;

/// The width of the drawing in SVG units; at A4 content width a 13-unit label prints at about 9 pt.
const WIDTH: f64 = 720.0;
const PADDING: f64 = 16.0;
const TITLE_SIZE: f64 = 18.0;
const LABEL_SIZE: f64 = 13.0;
const VALUE_SIZE: f64 = 12.0;
const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";
/// DejaVu Sans averages a little under 0.6 em a character; over-estimating keeps text inside its column.
const CHAR_WIDTH_EM: f64 = 0.62;
const TEXT_COLOUR: &str = "#1a1a1a";
const MUTED_COLOUR: &str = "#595959";
const AXIS_COLOUR: &str = "#8c8c8c";
/// Okabe–Ito: distinguishable with the common colour-vision deficiencies and in greyscale print
/// (the yellow is left out: it vanishes on white paper).
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000",
];

/// Shown instead of bars when a chart has nothing to show.
pub const NO_DATA: &str = "No data";

/// One bar: its label, the figure that sets its length and that figure as the reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub display: String,
}

/// Horizontal bars, one a row, each labelled with its figure (participants by round,
/// services activated, outcomes). Negative values draw no bar but keep their label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    pub title: String,
    pub bars: Vec<Bar>,
}

/// A figure and how the reader sees it (`1234567` cents → `"€ 12.345,67"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub value: i64,
    pub display: String,
}

/// One series of a grouped chart (say "paid"), with a figure for each category in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Figure>,
}

/// Categories (funding streams) each with one bar per series (budget, committed, claimed,
/// paid), all on one scale, with a legend. A series with fewer figures than categories
/// simply has no bar for the missing ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupedBarChart {
    pub title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

impl BarChart {
    pub fn to_svg(&self) -> String {
        self.to_svg_with_empty_text(NO_DATA)
    }

    /// As [`Self::to_svg`], saying `no_data` (in the reader's language) when there are no bars.
    pub fn to_svg_with_empty_text(&self, no_data: &str) -> String {
        if self.bars.is_empty() {
            return empty_chart(&self.title, no_data);
        }
        const ROW: f64 = 30.0;
        const BAR: f64 = 20.0;
        let columns = Columns::fit(
            self.bars.iter().map(|bar| bar.label.as_str()),
            self.bars.iter().map(|bar| bar.display.as_str()),
        );
        let scale = Scale::over(self.bars.iter().map(|bar| bar.value), columns.bar_room());
        let top = PADDING + TITLE_SIZE + 16.0;
        let height = top + ROW * self.bars.len() as f64 + PADDING;
        let mut svg = open_svg(&self.title, height);
        for (index, bar) in self.bars.iter().enumerate() {
            let row_top = top + ROW * index as f64;
            columns.draw_label(&mut svg, &bar.label, row_top + ROW / 2.0);
            let length = scale.length(bar.value);
            columns.draw_bar(
                &mut svg,
                PALETTE[0],
                row_top + (ROW - BAR) / 2.0,
                BAR,
                length,
                &bar.display,
            );
        }
        columns.draw_axis(&mut svg, top, height - PADDING);
        svg.push_str("</svg>");
        svg
    }
}

impl GroupedBarChart {
    pub fn to_svg(&self) -> String {
        self.to_svg_with_empty_text(NO_DATA)
    }

    /// As [`Self::to_svg`], saying `no_data` (in the reader's language) when there is nothing to draw.
    pub fn to_svg_with_empty_text(&self, no_data: &str) -> String {
        if self.categories.is_empty() || self.series.iter().all(|series| series.values.is_empty()) {
            return empty_chart(&self.title, no_data);
        }
        const BAR: f64 = 16.0;
        const BAR_GAP: f64 = 2.0;
        const GROUP_GAP: f64 = 14.0;
        let categories = self.categories.len();
        let figures = || {
            self.series
                .iter()
                .flat_map(|series| series.values.iter().take(categories))
        };
        let columns = Columns::fit(
            self.categories.iter().map(String::as_str),
            figures().map(|figure| figure.display.as_str()),
        );
        let scale = Scale::over(figures().map(|figure| figure.value), columns.bar_room());
        let (legend, legend_bottom) = legend(&self.series, PADDING + TITLE_SIZE + 28.0);
        let top = legend_bottom + 10.0;
        let group = BAR * self.series.len() as f64 + BAR_GAP * (self.series.len() as f64 - 1.0) + GROUP_GAP;
        let height = top + group * categories as f64 + PADDING;
        let mut svg = open_svg(&self.title, height);
        svg.push_str(&legend);
        for (index, category) in self.categories.iter().enumerate() {
            let group_top = top + group * index as f64 + GROUP_GAP / 2.0;
            columns.draw_label(&mut svg, category, group_top + (group - GROUP_GAP) / 2.0);
            for (position, series) in self.series.iter().enumerate() {
                let Some(figure) = series.values.get(index) else {
                    continue;
                };
                let bar_top = group_top + (BAR + BAR_GAP) * position as f64;
                let colour = PALETTE[position % PALETTE.len()];
                columns.draw_bar(
                    &mut svg,
                    colour,
                    bar_top,
                    BAR,
                    scale.length(figure.value),
                    &figure.display,
                );
            }
        }
        columns.draw_axis(&mut svg, top, height - PADDING);
        svg.push_str("</svg>");
        svg
    }
}

/// The three columns of a horizontal bar chart: labels, bars, and room for the figure after the longest bar.
struct Columns {
    label_chars: usize,
    bars_from: f64,
    value_room: f64,
}

impl Columns {
    fn fit<'a>(labels: impl Iterator<Item = &'a str>, displays: impl Iterator<Item = &'a str>) -> Self {
        let longest_label = labels.map(|label| label.chars().count()).max().unwrap_or(0);
        let longest_display = displays.map(|display| display.chars().count()).max().unwrap_or(0);
        let label_width = (text_width(longest_label, LABEL_SIZE) + 10.0).clamp(60.0, WIDTH * 0.38);
        let value_room = (text_width(longest_display, VALUE_SIZE) + 12.0).clamp(30.0, WIDTH * 0.28);
        Columns {
            label_chars: chars_that_fit(label_width - 10.0, LABEL_SIZE),
            bars_from: PADDING + label_width,
            value_room,
        }
    }

    fn bar_room(&self) -> f64 {
        WIDTH - PADDING - self.value_room - self.bars_from
    }

    fn draw_label(&self, svg: &mut String, label: &str, middle: f64) {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="{LABEL_SIZE}" fill="{TEXT_COLOUR}">{}</text>"#,
            self.bars_from - 8.0,
            middle + LABEL_SIZE * 0.35,
            xml_text(&truncate(label, self.label_chars)),
        );
    }

    fn draw_bar(&self, svg: &mut String, colour: &str, top: f64, height: f64, length: f64, display: &str) {
        if length > 0.0 {
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{top:.1}" width="{length:.2}" height="{height:.1}" fill="{colour}"/>"#,
                self.bars_from,
            );
        }
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="{VALUE_SIZE}" fill="{TEXT_COLOUR}">{}</text>"#,
            self.bars_from + length + 5.0,
            top + height / 2.0 + VALUE_SIZE * 0.35,
            xml_text(&truncate(display, chars_that_fit(self.value_room - 8.0, VALUE_SIZE))),
        );
    }

    fn draw_axis(&self, svg: &mut String, from: f64, to: f64) {
        let _ = write!(
            svg,
            r#"<line x1="{x:.1}" y1="{from:.1}" x2="{x:.1}" y2="{to:.1}" stroke="{AXIS_COLOUR}" stroke-width="1"/>"#,
            x = self.bars_from,
        );
    }
}

/// Maps values onto bar lengths, the largest filling the room; never divides by zero.
struct Scale {
    largest: i64,
    room: f64,
}

impl Scale {
    fn over(values: impl Iterator<Item = i64>, room: f64) -> Self {
        Scale {
            largest: values.max().unwrap_or(0).max(0),
            room: room.max(0.0),
        }
    }

    fn length(&self, value: i64) -> f64 {
        if value <= 0 || self.largest == 0 {
            return 0.0;
        }
        // A tiny positive value next to a huge one still shows as a sliver, not as zero.
        (value as f64 / self.largest as f64 * self.room).clamp(1.5, self.room)
    }
}

/// Swatches and names, wrapping onto more lines as needed; returns them and the last line's baseline.
fn legend(series: &[Series], first_baseline: f64) -> (String, f64) {
    const SWATCH: f64 = 12.0;
    const LINE: f64 = 20.0;
    let mut svg = String::new();
    let (mut x, mut line) = (PADDING, 0.0);
    for (position, entry) in series.iter().enumerate() {
        let name = truncate(&entry.name, 40);
        let width = SWATCH + 6.0 + text_width(name.chars().count(), LABEL_SIZE) + 18.0;
        if x > PADDING && x + width > WIDTH - PADDING {
            x = PADDING;
            line += LINE;
        }
        let y = first_baseline + line;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{:.1}" width="{SWATCH}" height="{SWATCH}" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="{LABEL_SIZE}" fill="{TEXT_COLOUR}">{}</text>"#,
            y - SWATCH + 2.0,
            PALETTE[position % PALETTE.len()],
            x + SWATCH + 6.0,
            y + 1.0,
            xml_text(&name),
        );
        x += width;
    }
    (svg, first_baseline + line)
}

fn empty_chart(title: &str, no_data: &str) -> String {
    let height = 140.0;
    let mut svg = open_svg(title, height);
    let box_top = PADDING + TITLE_SIZE + 14.0;
    let _ = write!(
        svg,
        r#"<rect x="{PADDING}" y="{box_top:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="{AXIS_COLOUR}" stroke-dasharray="4 4"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{LABEL_SIZE}" fill="{MUTED_COLOUR}">{}</text></svg>"#,
        WIDTH - 2.0 * PADDING,
        height - box_top - PADDING,
        WIDTH / 2.0,
        (box_top + height - PADDING) / 2.0 + LABEL_SIZE * 0.35,
        xml_text(&truncate(no_data, chars_that_fit(WIDTH - 4.0 * PADDING, LABEL_SIZE))),
    );
    svg
}

/// The opening tag, the accessible title (whole) and the visible title (cut to the width).
fn open_svg(title: &str, height: f64) -> String {
    let visible_title = truncate(title, chars_that_fit(WIDTH - 2.0 * PADDING, TITLE_SIZE));
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.1}" role="img" font-family="{FONT_FAMILY}"><title>{}</title><rect width="{WIDTH}" height="{height:.1}" fill="#ffffff"/><text x="{PADDING}" y="{:.1}" font-size="{TITLE_SIZE}" font-weight="bold" fill="{TEXT_COLOUR}">{}</text>"##,
        xml_text(title),
        PADDING + TITLE_SIZE,
        xml_text(&visible_title),
    )
}

fn text_width(chars: usize, size: f64) -> f64 {
    chars as f64 * size * CHAR_WIDTH_EM
}

fn chars_that_fit(width: f64, size: f64) -> usize {
    // The epsilon keeps a column sized for exactly n characters from fitting only n - 1.
    (width / (size * CHAR_WIDTH_EM) + 1e-9).floor().max(1.0) as usize
}

/// Cuts at a character boundary and marks the cut with an ellipsis.
fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Escapes markup and drops what XML 1.0 cannot carry at all (control characters),
/// so any label yields a well-formed document.
fn xml_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(' '),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
#[path = "chart_tests.rs"]
mod tests;
