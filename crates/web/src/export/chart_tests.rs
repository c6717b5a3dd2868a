use super::*;
use proptest::prelude::*;
use usvg::roxmltree;

fn bar(label: &str, value: i64, display: &str) -> Bar {
    Bar {
        label: label.to_owned(),
        value,
        display: display.to_owned(),
    }
}

fn figure(value: i64) -> Figure {
    Figure {
        value,
        display: format!("€ {value}"),
    }
}

fn view_box(document: &roxmltree::Document) -> (f64, f64) {
    let numbers: Vec<f64> = document
        .root_element()
        .attribute("viewBox")
        .expect("a viewBox")
        .split(' ')
        .map(|n| n.parse().expect("a number"))
        .collect();
    (numbers[2], numbers[3])
}

fn number(node: roxmltree::Node, attribute: &str) -> f64 {
    node.attribute(attribute).unwrap_or("0").parse().expect("a number")
}

/// Parses the SVG and checks that every rectangle and every text anchor lies inside the viewBox.
fn assert_well_formed_and_inside(svg: &str) -> roxmltree::Document<'_> {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed ({e}): {svg}"));
    let (width, height) = view_box(&document);
    for node in document.descendants().filter(|n| n.has_tag_name("rect")) {
        let (x, y) = (number(node, "x"), number(node, "y"));
        let (w, h) = (number(node, "width"), number(node, "height"));
        assert!(x >= 0.0 && y >= 0.0 && w >= 0.0 && h >= 0.0, "negative rect in {svg}");
        assert!(
            x + w <= width + 0.01 && y + h <= height + 0.01,
            "rect outside the viewBox in {svg}"
        );
    }
    for node in document.descendants().filter(|n| n.has_tag_name("text")) {
        let (x, y) = (number(node, "x"), number(node, "y"));
        assert!(
            (0.0..=width).contains(&x) && (0.0..=height).contains(&y),
            "text outside in {svg}"
        );
    }
    document
}

fn bar_widths(document: &roxmltree::Document) -> Vec<f64> {
    // The first rect is the white background.
    document
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .skip(1)
        .map(|n| number(n, "width"))
        .collect()
}

fn texts(document: &roxmltree::Document) -> Vec<String> {
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_bar_chart_labels_each_bar_with_its_figure_and_scales_to_the_largest() {
    let chart = BarChart {
        title: "Participants by round".to_owned(),
        bars: vec![
            bar("Round 1", 40, "40"),
            bar("Round 2", 20, "20"),
            bar("Round 3", 0, "0"),
        ],
    };
    let svg = chart.to_svg();
    let document = assert_well_formed_and_inside(&svg);
    let widths = bar_widths(&document);
    assert_eq!(widths.len(), 2, "a zero draws no bar");
    assert!((widths[0] - 2.0 * widths[1]).abs() < 0.1, "{widths:?}");
    let texts = texts(&document);
    for expected in ["Participants by round", "Round 1", "40", "Round 3", "0"] {
        assert!(texts.iter().any(|t| t == expected), "{expected} missing from {texts:?}");
    }
    assert_eq!(document.root_element().attribute("role"), Some("img"));
    assert!(!svg.contains("<script") && !svg.contains("href"));
}

#[test]
fn an_empty_bar_chart_says_there_is_no_data() {
    let chart = BarChart {
        title: "Outcomes".to_owned(),
        bars: vec![],
    };
    let document_text = chart.to_svg_with_empty_text("Nessun dato");
    let document = assert_well_formed_and_inside(&document_text);
    assert!(texts(&document).contains(&"Nessun dato".to_owned()));
}

#[test]
fn a_chart_of_zeros_draws_labels_but_no_bars() {
    let chart = BarChart {
        title: "Services activated".to_owned(),
        bars: vec![bar("Home care", 0, "0"), bar("Meals", -3, "-3")],
    };
    let svg = chart.to_svg();
    let document = assert_well_formed_and_inside(&svg);
    assert!(bar_widths(&document).is_empty());
    assert!(texts(&document).contains(&"Meals".to_owned()));
}

#[test]
fn markup_in_labels_is_escaped() {
    let chart = BarChart {
        title: "<script>alert(1)</script> & \"co\"".to_owned(),
        bars: vec![bar("<b>Coop & sons</b>", 1, "1 < 2")],
    };
    let svg = chart.to_svg();
    assert!(!svg.contains("<script>") && !svg.contains("<b>"));
    let document = assert_well_formed_and_inside(&svg);
    let title = document
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text());
    assert_eq!(title, Some("<script>alert(1)</script> & \"co\""));
}

#[test]
fn long_labels_are_cut_with_an_ellipsis_and_keep_bars_inside() {
    let long = "Consorzio di cooperative sociali della provincia autonoma di Trento e Bolzano";
    let chart = BarChart {
        title: long.repeat(3),
        bars: vec![bar(long, i64::MAX, &"9".repeat(40))],
    };
    let svg = chart.to_svg();
    let document = assert_well_formed_and_inside(&svg);
    assert!(
        texts(&document)
            .iter()
            .any(|t| t.ends_with('…') && t.starts_with("Consorzio"))
    );
}

#[test]
fn a_grouped_chart_has_a_legend_and_one_bar_per_series_and_category() {
    let chart = GroupedBarChart {
        title: "Budget use by funding stream".to_owned(),
        categories: vec!["FSE+ 2021–2027".to_owned(), "Fondo regionale".to_owned()],
        series: ["budget", "committed", "claimed", "paid"]
            .iter()
            .enumerate()
            .map(|(i, name)| Series {
                name: (*name).to_owned(),
                values: vec![figure(100_000 - 20_000 * i as i64), figure(50_000)],
            })
            .collect(),
    };
    let svg = chart.to_svg();
    let document = assert_well_formed_and_inside(&svg);
    // Four legend swatches of 12 units, then eight bars.
    let widths = bar_widths(&document);
    assert_eq!(widths.iter().filter(|w| **w == 12.0).count(), 4);
    assert_eq!(widths.len(), 4 + 8);
    let texts = texts(&document);
    for expected in ["budget", "paid", "FSE+ 2021–2027", "€ 100000", "€ 40000"] {
        assert!(texts.iter().any(|t| t == expected), "{expected} missing from {texts:?}");
    }
}

#[test]
fn a_grouped_chart_without_categories_or_figures_says_there_is_no_data() {
    let no_categories = GroupedBarChart {
        title: "Budget".to_owned(),
        categories: vec![],
        series: vec![],
    };
    let no_figures = GroupedBarChart {
        title: "Budget".to_owned(),
        categories: vec!["FSE+".to_owned()],
        series: vec![Series {
            name: "paid".to_owned(),
            values: vec![],
        }],
    };
    for chart in [no_categories, no_figures] {
        let svg = chart.to_svg();
        let document = assert_well_formed_and_inside(&svg);
        assert!(texts(&document).contains(&NO_DATA.to_owned()));
    }
}

fn any_label() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[<>&\"' a-zà-ž€]{0,90}"]
}

fn any_value() -> impl Strategy<Value = i64> {
    prop_oneof![Just(0), Just(i64::MAX), Just(i64::MIN), any::<i64>(), 0..1_000i64]
}

proptest! {
    #[test]
    fn any_bar_chart_is_well_formed_with_bars_inside_the_view_box(
        title in any_label(),
        bars in prop::collection::vec((any_label(), any_value(), any_label()), 0..12),
    ) {
        let chart = BarChart {
            title,
            bars: bars.into_iter().map(|(label, value, display)| Bar { label, value, display }).collect(),
        };
        assert_well_formed_and_inside(&chart.to_svg());
    }

    #[test]
    fn any_grouped_chart_is_well_formed_with_bars_inside_the_view_box(
        title in any_label(),
        categories in prop::collection::vec(any_label(), 0..6),
        series in prop::collection::vec((any_label(), prop::collection::vec((any_value(), any_label()), 0..8)), 0..6),
    ) {
        let chart = GroupedBarChart {
            title,
            categories,
            series: series
                .into_iter()
                .map(|(name, values)| Series {
                    name,
                    values: values.into_iter().map(|(value, display)| Figure { value, display }).collect(),
                })
                .collect(),
        };
        assert_well_formed_and_inside(&chart.to_svg());
    }
}
