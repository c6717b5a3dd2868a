//! Reports for funders as A4 PDF: a title block, then headings, paragraphs, tables
//! and charts, with the issuing agency, title and period at the top of every page and
//! "page N of M" at the bottom.
//!
//! Everything needed is compiled in (fonts) or passed in (texts already in the
//! reader's language, figures already formatted); nothing is read from disk or the
//! network, and charts are drawn from their SVG as vector graphics.

mod layout;
mod typeset;

use crate::error::{WebError, WebResult};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Data, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};
use layout::{Layout, Mark, PAGE_HEIGHT, PAGE_WIDTH};
use std::sync::Arc;
use typeset::{BOLD_FONT, FONT_FAMILY, Metrics, REGULAR_FONT, Weight};

/// The usual footer; `{page}` and `{pages}` are replaced.
pub const PAGE_NUMBERING: &str = "page {page} of {pages}";

/// A report. Every text is shown as given: callers translate and format dates and figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfDocument {
    /// The agency issuing the report, in the header of every page.
    pub issuer: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The period covered ("1 January – 31 March 2026"), in the title block and every header.
    pub period: String,
    /// When and by whom it was produced ("Generated on 3 April 2026"), in every footer.
    pub generated_on: String,
    /// The footer's page counter with `{page}` and `{pages}`, such as [`PAGE_NUMBERING`].
    pub page_numbering: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    Table(Table),
    /// A standalone SVG document, as made by `export::chart`, drawn across the text width.
    Chart(String),
    /// Lines to sign on, two to a row, each with its label below (for forms printed for signature).
    Signatures(Vec<String>),
}

/// A table that continues across pages, repeating its header row. Long cells wrap
/// (up to six lines, then they are cut with "…").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The columns (counted from 0) holding figures, aligned right so their digits line up.
    pub right_aligned: Vec<usize>,
}

/// Renders the document as PDF bytes.
pub fn render_pdf(doc: &PdfDocument) -> WebResult<Vec<u8>> {
    render(doc, SerializeSettings::default())
}

fn render(doc: &PdfDocument, settings: SerializeSettings) -> WebResult<Vec<u8>> {
    let metrics = Metrics::load()?;
    let pages = Layout::pages(doc, &metrics, &svg_options())?;
    let fonts = Fonts::load()?;
    let page_settings =
        PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| pdf_error("the A4 page size was refused"))?;
    let mut document = Document::new_with(settings);
    document.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .authors(vec![doc.issuer.clone()])
            .creator("filiera".to_owned()),
    );
    let page_count = pages.len();
    for (index, marks) in pages.iter().enumerate() {
        let mut page = document.start_page_with(page_settings.clone());
        let mut surface = page.surface();
        let furniture = layout::page_furniture(doc, &metrics, index + 1, page_count);
        for mark in furniture.iter().chain(marks) {
            draw(&mut surface, mark, &fonts)?;
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| pdf_error(&e.to_string()))
}

fn pdf_error(detail: &str) -> WebError {
    WebError::Internal(format!("pdf: {detail}"))
}

struct Fonts {
    regular: Font,
    bold: Font,
}

impl Fonts {
    fn load() -> WebResult<Self> {
        let load = |bytes: &'static [u8]| {
            Font::new(Data::from(bytes), 0).ok_or_else(|| pdf_error("the embedded font was refused"))
        };
        Ok(Fonts {
            regular: load(REGULAR_FONT)?,
            bold: load(BOLD_FONT)?,
        })
    }

    fn get(&self, weight: Weight) -> Font {
        match weight {
            Weight::Regular => self.regular.clone(),
            Weight::Bold => self.bold.clone(),
        }
    }
}

/// Chart SVGs see only the embedded fonts and may not load images, local files included.
fn svg_options() -> usvg::Options<'static> {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_source(usvg::fontdb::Source::Binary(Arc::new(REGULAR_FONT)));
    fonts.load_font_source(usvg::fontdb::Source::Binary(Arc::new(BOLD_FONT)));
    fonts.set_sans_serif_family(FONT_FAMILY);
    usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        fontdb: Arc::new(fonts),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

fn fill(colour: layout::Colour) -> Option<Fill> {
    Some(Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    })
}

fn draw(surface: &mut Surface, mark: &Mark, fonts: &Fonts) -> WebResult<()> {
    match mark {
        Mark::Text {
            x,
            baseline,
            size,
            weight,
            colour,
            text,
        } => {
            surface.set_fill(fill(*colour));
            let start = Point::from_xy(*x, *baseline);
            surface.draw_text(start, fonts.get(*weight), *size, text, false, TextDirection::Auto);
        }
        Mark::Rect {
            x,
            y,
            width,
            height,
            colour,
        } => {
            // A degenerate rectangle has nothing to show.
            let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) else {
                return Ok(());
            };
            let mut builder = PathBuilder::new();
            builder.push_rect(rect);
            if let Some(path) = builder.finish() {
                surface.set_fill(fill(*colour));
                surface.draw_path(&path);
            }
        }
        Mark::Svg {
            tree,
            x,
            y,
            width,
            height,
        } => {
            let size = Size::from_wh(*width, *height).ok_or_else(|| pdf_error("a chart has no size"))?;
            surface.push_transform(&Transform::from_translate(*x, *y));
            let drawn = surface.draw_svg(tree, size, SvgSettings::default());
            surface.pop();
            drawn.ok_or_else(|| pdf_error("a chart could not be drawn"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
