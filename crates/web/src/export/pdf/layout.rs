//! Lays the blocks out on A4 pages as positioned marks. Layout runs before any PDF is
//! written because every page's footer says how many pages there are.

use super::typeset::{Metrics, Weight};
use super::{Block, PdfDocument, Table};
use crate::error::{WebError, WebResult};

pub(super) const PAGE_WIDTH: f32 = 595.28;
pub(super) const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 50.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const CONTENT_TOP: f32 = 74.0;
const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - 62.0;

pub(super) type Colour = (u8, u8, u8);
const INK: Colour = (26, 26, 26);
const MUTED: Colour = (90, 90, 90);
const ACCENT: Colour = (31, 58, 95);
const RULE: Colour = (170, 170, 170);
const HEADER_FILL: Colour = (226, 233, 242);
const STRIPE_FILL: Colour = (245, 246, 248);

const TABLE_TEXT: f32 = 8.5;
const CELL_PADDING: f32 = 4.0;
const MAX_HEADER_LINES: usize = 3;
/// Longer cells are cut rather than letting one row fill a page.
const MAX_CELL_LINES: usize = 6;

/// Something drawn at a fixed place on a page; y grows downwards from the top edge.
pub(super) enum Mark {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        weight: Weight,
        colour: Colour,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        colour: Colour,
    },
    Svg {
        tree: Box<usvg::Tree>,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
}

pub(super) struct Layout<'a> {
    metrics: &'a Metrics,
    finished: Vec<Vec<Mark>>,
    current: Vec<Mark>,
    y: f32,
}

impl<'a> Layout<'a> {
    /// Lays out the title block and then every block, in order.
    pub(super) fn pages(
        doc: &PdfDocument,
        metrics: &'a Metrics,
        svg_options: &usvg::Options,
    ) -> WebResult<Vec<Vec<Mark>>> {
        let mut layout = Layout {
            metrics,
            finished: Vec::new(),
            current: Vec::new(),
            y: CONTENT_TOP,
        };
        layout.title_block(doc);
        for block in &doc.blocks {
            match block {
                Block::Heading(text) => layout.heading(text),
                Block::Paragraph(text) => layout.paragraph(text),
                Block::Table(table) => layout.table(table),
                Block::Chart(svg) => layout.chart(svg, svg_options)?,
                Block::Signatures(labels) => layout.signatures(labels),
            }
        }
        layout.finished.push(layout.current);
        Ok(layout.finished)
    }

    fn at_page_top(&self) -> bool {
        self.y <= CONTENT_TOP
    }

    fn break_page(&mut self) {
        self.finished.push(std::mem::take(&mut self.current));
        self.y = CONTENT_TOP;
    }

    /// Starts a new page unless `height` fits below; on a fresh page it goes in anyway.
    fn make_room(&mut self, height: f32) {
        if self.y + height > CONTENT_BOTTOM && !self.at_page_top() {
            self.break_page();
        }
    }

    /// Vertical space between blocks, dropped at the top of a page.
    fn gap(&mut self, height: f32) {
        if !self.at_page_top() {
            self.y += height;
        }
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, weight: Weight, colour: Colour, text: String) {
        if !text.is_empty() {
            self.current.push(Mark::Text {
                x,
                baseline,
                size,
                weight,
                colour,
                text,
            });
        }
    }

    fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, colour: Colour) {
        self.current.push(Mark::Rect {
            x,
            y,
            width,
            height,
            colour,
        });
    }

    /// Left-aligned lines, each moved to the next page if it does not fit.
    fn lines(&mut self, lines: Vec<String>, size: f32, weight: Weight, colour: Colour) {
        let leading = size * 1.35;
        for line in lines {
            self.make_room(leading);
            self.text(MARGIN, self.y + size, size, weight, colour, line);
            self.y += leading;
        }
    }

    fn title_block(&mut self, doc: &PdfDocument) {
        let title = self.metrics.wrap(&doc.title, Weight::Bold, 20.0, CONTENT_WIDTH, 3);
        self.lines(title, 20.0, Weight::Bold, ACCENT);
        if let Some(subtitle) = &doc.subtitle {
            self.y += 2.0;
            let subtitle = self.metrics.wrap(subtitle, Weight::Regular, 12.0, CONTENT_WIDTH, 3);
            self.lines(subtitle, 12.0, Weight::Regular, INK);
        }
        self.y += 4.0;
        let dates = [doc.period.as_str(), doc.generated_on.as_str()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("  ·  ");
        let dates = self.metrics.wrap(&dates, Weight::Regular, 9.5, CONTENT_WIDTH, 2);
        self.lines(dates, 9.5, Weight::Regular, MUTED);
        self.y += 4.0;
        self.rect(MARGIN, self.y, CONTENT_WIDTH, 1.5, ACCENT);
        self.y += 16.0;
    }

    fn heading(&mut self, text: &str) {
        const SIZE: f32 = 13.0;
        self.gap(14.0);
        let lines = self.metrics.wrap(text, Weight::Bold, SIZE, CONTENT_WIDTH, 4);
        // A heading stays with the start of what it introduces: some lines, a table's first rows.
        self.make_room(lines.len() as f32 * SIZE * 1.35 + 100.0);
        self.lines(lines, SIZE, Weight::Bold, ACCENT);
        self.y += 4.0;
    }

    fn paragraph(&mut self, text: &str) {
        const SIZE: f32 = 10.0;
        let lines = self
            .metrics
            .wrap(text, Weight::Regular, SIZE, CONTENT_WIDTH, usize::MAX);
        self.lines(lines, SIZE, Weight::Regular, INK);
        self.y += 6.0;
    }

    /// Signature lines, two to a row, with room above each line to sign by hand.
    fn signatures(&mut self, labels: &[String]) {
        const SIZE: f32 = 9.0;
        const COLUMN_GAP: f32 = 30.0;
        const ROOM_TO_SIGN: f32 = 44.0;
        let column = (CONTENT_WIDTH - COLUMN_GAP) / 2.0;
        self.gap(12.0);
        for row in labels.chunks(2) {
            self.make_room(ROOM_TO_SIGN + SIZE * 2.5);
            self.y += ROOM_TO_SIGN;
            for (i, label) in row.iter().enumerate() {
                let x = MARGIN + i as f32 * (column + COLUMN_GAP);
                self.rect(x, self.y, column, 0.8, INK);
                let label = self.metrics.wrap(label, Weight::Regular, SIZE, column, 1);
                if let Some(line) = label.into_iter().next() {
                    self.text(x, self.y + SIZE + 3.0, SIZE, Weight::Regular, MUTED, line);
                }
            }
            self.y += SIZE * 2.5;
        }
    }

    fn table(&mut self, table: &Table) {
        let columns = table
            .rows
            .iter()
            .map(Vec::len)
            .chain([table.header.len()])
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return;
        }
        let metrics = self.metrics;
        let widths = column_widths(metrics, table, columns);
        let wrap_row = |cells: &[String], weight: Weight, max_lines: usize| -> Vec<Vec<String>> {
            (0..columns)
                .map(|column| {
                    let text = cells.get(column).map(String::as_str).unwrap_or("");
                    let room = widths[column] - 2.0 * CELL_PADDING;
                    metrics.wrap(text, weight, TABLE_TEXT, room, max_lines)
                })
                .collect()
        };
        let header = wrap_row(&table.header, Weight::Bold, MAX_HEADER_LINES);
        let rows: Vec<_> = table
            .rows
            .iter()
            .map(|row| wrap_row(row, Weight::Regular, MAX_CELL_LINES))
            .collect();
        self.gap(6.0);
        // A header alone (or with a single row) at the foot of a page reads as a stray line.
        let opening_rows: f32 = rows.iter().take(3).map(|row| row_height(row)).sum();
        self.make_room(row_height(&header) + opening_rows);
        self.table_header(&header, &widths, table);
        for (index, row) in rows.iter().enumerate() {
            if self.y + row_height(row) > CONTENT_BOTTOM {
                self.break_page();
                self.table_header(&header, &widths, table);
            }
            let fill = (index % 2 == 1).then_some(STRIPE_FILL);
            self.table_row(row, &widths, table, Weight::Regular, fill);
        }
        self.rect(MARGIN, self.y, widths.iter().sum(), 0.6, RULE);
        self.y += 12.0;
    }

    fn table_header(&mut self, header: &[Vec<String>], widths: &[f32], table: &Table) {
        if table.header.is_empty() {
            return;
        }
        self.table_row(header, widths, table, Weight::Bold, Some(HEADER_FILL));
        self.rect(MARGIN, self.y - 0.8, widths.iter().sum(), 0.8, ACCENT);
    }

    fn table_row(
        &mut self,
        cells: &[Vec<String>],
        widths: &[f32],
        table: &Table,
        weight: Weight,
        fill: Option<Colour>,
    ) {
        let height = row_height(cells);
        if let Some(colour) = fill {
            self.rect(MARGIN, self.y, widths.iter().sum(), height, colour);
        }
        let mut left = MARGIN;
        for (column, (lines, width)) in cells.iter().zip(widths).enumerate() {
            let right_aligned = table.right_aligned.contains(&column);
            for (index, line) in lines.iter().enumerate() {
                let x = if right_aligned {
                    left + width - CELL_PADDING - self.metrics.width(line, weight, TABLE_TEXT)
                } else {
                    left + CELL_PADDING
                };
                let baseline = self.y + CELL_PADDING + TABLE_TEXT + index as f32 * TABLE_TEXT * 1.3;
                self.text(x, baseline, TABLE_TEXT, weight, INK, line.clone());
            }
            left += width;
        }
        self.y += height;
    }

    fn chart(&mut self, svg: &str, options: &usvg::Options) -> WebResult<()> {
        let tree = usvg::Tree::from_str(svg, options).map_err(|e| WebError::Internal(format!("pdf: chart: {e}")))?;
        let size = tree.size();
        let scale = (CONTENT_WIDTH / size.width()).min((CONTENT_BOTTOM - CONTENT_TOP) / size.height());
        let (width, height) = (size.width() * scale, size.height() * scale);
        self.gap(8.0);
        self.make_room(height);
        self.current.push(Mark::Svg {
            tree: Box::new(tree),
            x: MARGIN + (CONTENT_WIDTH - width) / 2.0,
            y: self.y,
            width,
            height,
        });
        self.y += height + 12.0;
        Ok(())
    }
}

fn row_height(cells: &[Vec<String>]) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    2.0 * CELL_PADDING + TABLE_TEXT * 1.05 + (lines - 1) as f32 * TABLE_TEXT * 1.3
}

/// Each column gets the width its longest cell needs; when they do not all fit, narrow
/// columns (codes, figures) keep theirs and the wide ones share the rest and wrap.
fn column_widths(metrics: &Metrics, table: &Table, columns: usize) -> Vec<f32> {
    let longest_line = |text: &str, weight: Weight| {
        text.lines()
            .map(|line| metrics.width(line, weight, TABLE_TEXT))
            .fold(0.0, f32::max)
    };
    let natural: Vec<f32> = (0..columns)
        .map(|column| {
            let header = table
                .header
                .get(column)
                .map_or(0.0, |text| longest_line(text, Weight::Bold));
            let cells = table
                .rows
                .iter()
                .filter_map(|row| row.get(column))
                .map(|text| longest_line(text, Weight::Regular))
                .fold(header, f32::max);
            cells + 2.0 * CELL_PADDING + 1.0
        })
        .map(|width| width.max(24.0))
        .collect();
    let total: f32 = natural.iter().sum();
    if total <= CONTENT_WIDTH {
        return natural.iter().map(|width| width * CONTENT_WIDTH / total).collect();
    }
    let mut widths = natural.clone();
    let mut open: Vec<usize> = (0..columns).collect();
    let mut room = CONTENT_WIDTH;
    while !open.is_empty() {
        let fair = room / open.len() as f32;
        let (narrow, wide): (Vec<usize>, Vec<usize>) = open.iter().partition(|column| natural[**column] <= fair);
        if narrow.is_empty() {
            let wide_total: f32 = wide.iter().map(|column| natural[*column]).sum();
            for column in &wide {
                widths[*column] = room * natural[*column] / wide_total;
            }
            break;
        }
        room -= narrow.iter().map(|column| natural[*column]).sum::<f32>();
        open = wide;
    }
    widths
}

/// The running header (issuer, period, title) and footer (date, page N of M) of one page.
pub(super) fn page_furniture(doc: &PdfDocument, metrics: &Metrics, page: usize, pages: usize) -> Vec<Mark> {
    let mut marks = Vec::new();
    let mut text = |x: f32, baseline: f32, size: f32, weight: Weight, colour: Colour, text: String| {
        marks.push(Mark::Text {
            x,
            baseline,
            size,
            weight,
            colour,
            text,
        });
    };
    let right = MARGIN + CONTENT_WIDTH;
    let period = metrics.fit(&doc.period, Weight::Regular, 8.5, CONTENT_WIDTH * 0.4);
    let period_width = metrics.width(&period, Weight::Regular, 8.5);
    let issuer = metrics.fit(&doc.issuer, Weight::Bold, 9.0, CONTENT_WIDTH - period_width - 12.0);
    text(MARGIN, 34.0, 9.0, Weight::Bold, ACCENT, issuer);
    text(right - period_width, 34.0, 8.5, Weight::Regular, MUTED, period);
    let title = metrics.fit(&doc.title, Weight::Regular, 8.5, CONTENT_WIDTH);
    text(MARGIN, 46.0, 8.5, Weight::Regular, MUTED, title);

    let footer = PAGE_HEIGHT - 34.0;
    let numbering = doc
        .page_numbering
        .replace("{page}", &page.to_string())
        .replace("{pages}", &pages.to_string());
    let numbering_width = metrics.width(&numbering, Weight::Regular, 8.0);
    let generated = metrics.fit(
        &doc.generated_on,
        Weight::Regular,
        8.0,
        CONTENT_WIDTH - numbering_width - 12.0,
    );
    text(MARGIN, footer, 8.0, Weight::Regular, MUTED, generated);
    text(right - numbering_width, footer, 8.0, Weight::Regular, MUTED, numbering);
    for y in [53.0, PAGE_HEIGHT - 47.0] {
        marks.push(Mark::Rect {
            x: MARGIN,
            y,
            width: CONTENT_WIDTH,
            height: 0.5,
            colour: RULE,
        });
    }
    marks
}
