use super::*;
use crate::export::chart::{Bar, BarChart, Figure, GroupedBarChart, Series};

const CITIES: [&str; 6] = ["Trento", "Łódź", "Ljubljana", "Zagreb", "Besançon", "Görlitz"];

fn euro(cents: i64) -> String {
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in units.chars().enumerate() {
        if index > 0 && (units.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("€ {grouped},{:02}", cents % 100)
}

fn participants_chart() -> String {
    BarChart {
        title: "Participants by round".to_owned(),
        bars: [
            ("Round 1 · spring", 48),
            ("Round 2 · summer", 35),
            ("Round 3 · autumn", 52),
            ("Round 4", 0),
        ]
        .iter()
        .map(|(label, value)| Bar {
            label: (*label).to_owned(),
            value: *value,
            display: value.to_string(),
        })
        .collect(),
    }
    .to_svg()
}

fn budget_chart() -> String {
    let streams = ["FSE+ 2021–2027", "Fondo sociale regionale", "Comune di Trento"];
    let amounts = [
        ("budget", [12_000_000, 8_000_000, 2_500_000]),
        ("committed", [9_500_000, 7_200_000, 2_100_000]),
        ("claimed", [6_100_000, 5_000_000, 900_000]),
        ("paid", [4_800_000, 4_950_000, 0]),
    ];
    GroupedBarChart {
        title: "Budget use by funding stream".to_owned(),
        categories: streams.iter().map(|s| (*s).to_owned()).collect(),
        series: amounts
            .iter()
            .map(|(name, values)| Series {
                name: (*name).to_owned(),
                values: values
                    .iter()
                    .map(|cents| Figure {
                        value: *cents,
                        display: euro(*cents),
                    })
                    .collect(),
            })
            .collect(),
    }
    .to_svg()
}

fn quarterly_report() -> PdfDocument {
    let rows = (1..=120)
        .map(|n| {
            let city = CITIES[n % CITIES.len()];
            vec![
                format!("P-{n:04}"),
                format!("Cooperativa sociale «Città di {city}» – inserimento lavorativo n. {n}"),
                city.to_owned(),
                (n * 7 % 40 + 1).to_string(),
                euro(n as i64 * 123_456),
            ]
        })
        .collect();
    PdfDocument {
        issuer: "Agenzia del Lavoro · Provincia autonoma di Trento".to_owned(),
        title: "Quarterly provider report".to_owned(),
        subtitle: Some("Società cooperativa sociale «Il Ponte» — attività e esiti".to_owned()),
        period: "1 January – 31 March 2026".to_owned(),
        generated_on: "Generated on 3 April 2026".to_owned(),
        page_numbering: PAGE_NUMBERING.to_owned(),
        blocks: vec![
            Block::Heading("1. Summary".to_owned()),
            Block::Paragraph(
                "This report covers the services activated in the quarter. Più attività, więcej usług, \
                 več storitev, više usluga, plus d'activités, mehr Tätigkeiten: every Latin letter of the \
                 partner countries prints, and so does the euro sign (€)."
                    .to_owned(),
            ),
            Block::Chart(participants_chart()),
            Block::Heading("2. Budget".to_owned()),
            Block::Chart(budget_chart()),
            Block::Heading("3. Participants".to_owned()),
            Block::Table(Table {
                header: ["Code", "Placement", "City", "Hours / week", "Amount claimed"]
                    .map(str::to_owned)
                    .to_vec(),
                rows,
                right_aligned: vec![3, 4],
            }),
        ],
    }
}

fn uncompressed() -> SerializeSettings {
    SerializeSettings {
        compress_content_streams: false,
        ..SerializeSettings::default()
    }
}

fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type/Page";
    pdf.windows(needle.len() + 1)
        .filter(|window| window.starts_with(needle) && window[needle.len()] != b's')
        .count()
}

/// Every text run of an uncompressed PDF, decoded through each font's ToUnicode map in
/// turn: a run decoded with the wrong font's map is noise that no assertion looks for.
/// Runs of one glyph are joined: charts place each glyph on its own.
fn extract_text(pdf: &[u8]) -> String {
    let maps = unicode_maps(&String::from_utf8_lossy(pdf));
    assert!(!maps.is_empty(), "no ToUnicode map: is the PDF compressed?");
    let mut decoded = vec![String::new(); maps.len()];
    let mut rest = pdf;
    while let Some(start) = find(rest, b"BT ") {
        let Some(length) = find(&rest[start..], b"ET") else {
            break;
        };
        let codes = string_bytes(&rest[start..start + length]);
        for (map, text) in maps.iter().zip(&mut decoded) {
            let separator = if codes.len() > 2 { "\n" } else { "" };
            text.push_str(separator);
            for pair in codes.chunks_exact(2) {
                let code = u16::from_be_bytes([pair[0], pair[1]]);
                text.push_str(map.get(&code).map_or("\u{fffd}", String::as_str));
            }
            text.push_str(separator);
        }
        rest = &rest[start + length..];
    }
    decoded.join("\n")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The bytes of all literal strings `( … )` in a text object, escapes resolved.
fn string_bytes(text_object: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut inside = false;
    let mut chars = text_object.iter().copied().peekable();
    while let Some(byte) = chars.next() {
        match (inside, byte) {
            (false, b'(') => inside = true,
            (true, b')') => inside = false,
            (true, b'\\') => {
                let Some(escaped) = chars.next() else { break };
                bytes.push(match escaped {
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'b' => 8,
                    b'f' => 12,
                    b'0'..=b'7' => {
                        let mut value = u32::from(escaped - b'0');
                        for _ in 0..2 {
                            match chars.peek() {
                                Some(digit @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(digit - b'0');
                                    chars.next();
                                }
                                _ => break,
                            }
                        }
                        value as u8
                    }
                    other => other,
                });
            }
            (true, byte) => bytes.push(byte),
            (false, _) => {}
        }
    }
    bytes
}

fn unicode_maps(pdf: &str) -> Vec<std::collections::HashMap<u16, String>> {
    let hex = |token: &str| token.trim_matches(|c| c == '<' || c == '>').to_owned();
    pdf.split("beginbfchar")
        .skip(1)
        .map(|section| {
            let entries = section.split("endbfchar").next().unwrap_or("");
            let tokens: Vec<String> = entries.split_whitespace().map(hex).collect();
            tokens
                .chunks_exact(2)
                .filter_map(|pair| {
                    let code = u16::from_str_radix(&pair[0], 16).ok()?;
                    let units: Vec<u16> = (0..pair[1].len() / 4)
                        .filter_map(|i| u16::from_str_radix(&pair[1][i * 4..i * 4 + 4], 16).ok())
                        .collect();
                    Some((code, String::from_utf16_lossy(&units)))
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_quarterly_report_renders_as_a_pdf_of_several_pages() {
    let pdf = render_pdf(&quarterly_report()).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(page_count(&pdf) > 1, "{} pages", page_count(&pdf));
}

#[test]
fn table_cells_headers_and_accented_text_can_be_found_in_the_pdf() {
    let pdf = render(&quarterly_report(), uncompressed()).expect("renders");
    let text = extract_text(&pdf);
    for expected in [
        "Agenzia del Lavoro · Provincia autonoma di Trento",
        "Società cooperativa sociale «Il Ponte»",
        "P-0120",
        "€ 148.147,20",
        "Łódź",
        "Görlitz",
        "Besançon",
        "Tätigkeiten",
        "več storitev",
    ] {
        assert!(text.contains(expected), "{expected:?} not found in the PDF");
    }
    for chart_text in [
        "Budget use by funding stream",
        "FSE+ 2021–2027",
        "€ 120.000,00",
        "Round 3 · autumn",
    ] {
        assert!(text.contains(chart_text), "{chart_text:?} not found in the charts");
    }
    assert!(!text.contains("Milano"), "the text extraction finds what is not there");
}

#[test]
fn every_page_says_which_page_it_is_of_how_many() {
    let pdf = render(&quarterly_report(), uncompressed()).expect("renders");
    let (pages, text) = (page_count(&pdf), extract_text(&pdf));
    for page in 1..=pages {
        assert!(
            text.contains(&format!("page {page} of {pages}")),
            "page {page} of {pages} missing"
        );
    }
}

#[test]
fn a_table_that_spans_pages_repeats_its_header_row_on_each() {
    let metrics = Metrics::load().expect("fonts");
    let pages = Layout::pages(&quarterly_report(), &metrics, &svg_options()).expect("lays out");
    let shows = |marks: &[Mark], wanted: &str| {
        marks
            .iter()
            .any(|mark| matches!(mark, Mark::Text { text, .. } if text == wanted))
    };
    let table_pages: Vec<_> = pages
        .iter()
        .filter(|marks| shows(marks, "P-0042") || shows(marks, "P-0120"))
        .collect();
    assert!(!table_pages.is_empty());
    let pages_with_rows = pages
        .iter()
        .filter(|marks| {
            marks
                .iter()
                .any(|m| matches!(m, Mark::Text { text, .. } if text.starts_with("P-0")))
        })
        .count();
    let pages_with_header = pages.iter().filter(|marks| shows(marks, "Amount claimed")).count();
    assert!(pages_with_rows > 2);
    assert_eq!(pages_with_header, pages_with_rows);
}

#[test]
fn a_report_without_blocks_is_one_page_with_its_title() {
    let doc = PdfDocument {
        blocks: vec![],
        subtitle: None,
        ..quarterly_report()
    };
    let pdf = render(&doc, uncompressed()).expect("renders");
    assert_eq!(page_count(&pdf), 1);
    assert!(extract_text(&pdf).contains("Quarterly provider report"));
}

#[test]
fn a_chart_that_is_not_svg_is_an_internal_error() {
    let doc = PdfDocument {
        blocks: vec![Block::Chart("<svg><unclosed".to_owned())],
        ..quarterly_report()
    };
    assert!(matches!(render_pdf(&doc), Err(WebError::Internal(_))));
}

#[test]
fn a_chart_cannot_reach_files_on_the_server() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><image width="10" height="10" xlink:href="/etc/passwd"/></svg>"#;
    let tree = usvg::Tree::from_str(svg, &svg_options()).expect("parses");
    assert!(!tree.root().has_children(), "the image was loaded");
}

/// Writes `target-screenshots/example-report.pdf` for a person to open.
#[test]
fn an_example_report_is_written_for_people_to_look_at() {
    let pdf = render_pdf(&quarterly_report()).expect("renders");
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target-screenshots");
    std::fs::create_dir_all(&folder).expect("target-screenshots is writable");
    std::fs::write(folder.join("example-report.pdf"), &pdf).expect("the example is written");
}

#[test]
fn a_form_ends_with_labelled_lines_to_sign_on() {
    let mut doc = quarterly_report();
    doc.blocks = vec![
        Block::Paragraph("La persona ha letto la scheda.".to_owned()),
        Block::Signatures(vec![
            "Firma di Giulia Esposito".to_owned(),
            "Assistente sociale: Sara Conti".to_owned(),
            "Per l'ente".to_owned(),
        ]),
    ];
    let pdf = render(&doc, uncompressed()).expect("renders");
    let text = extract_text(&pdf);
    for label in [
        "Firma di Giulia Esposito",
        "Assistente sociale: Sara Conti",
        "Per l'ente",
    ] {
        assert!(text.contains(label), "{label:?} not found under a signature line");
    }
    let without = PdfDocument {
        blocks: doc.blocks[..1].to_vec(),
        ..doc.clone()
    };
    let metrics = Metrics::load().expect("fonts");
    let rules = |doc: &PdfDocument| {
        layout::Layout::pages(doc, &metrics, &svg_options())
            .expect("lays out")
            .iter()
            .flatten()
            .filter(|mark| matches!(mark, layout::Mark::Rect { height, .. } if *height < 1.0))
            .count()
    };
    assert_eq!(rules(&doc), rules(&without) + 3, "one line per signature");
}
