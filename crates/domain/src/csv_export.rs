//! The one CSV writer of every export (pages, API downloads, `filiera report`):
//! RFC 4180 quoting, `\n` line ends, and every text cell neutralised so a
//! spreadsheet never runs it as a formula (CSV injection, OWASP "CSV Injection").
//!
//! A name such as `=HYPERLINK("http://x","y")` typed into a form would
//! otherwise become a live link or command in whoever opens the download.

use std::borrow::Cow;

/// First characters that make a spreadsheet read a cell as a formula. Tab and
/// line breaks are on the list because spreadsheets strip them before deciding;
/// the full-width forms because some spreadsheets fold them to ASCII.
const FORMULA_STARTS: [char; 11] = ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'];

/// The cell as a spreadsheet may safely open it: a text starting like a
/// formula gets a leading `'`, which spreadsheets read as "this is text";
/// a number (`-12.50`, `+3`, `1e3`) stays a number so it can still be summed.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if FORMULA_STARTS.contains(&first) && !is_number(cell) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A plain decimal number: digits, sign, point and exponent only, so words
/// Rust also parses as floats (`-inf`, `NaN`) are treated as text.
fn is_number(cell: &str) -> bool {
    cell.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
        && cell.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Appends one record: each cell neutralised, then quoted when it holds a
/// comma, a quote or a line break.
pub fn write_record<S: AsRef<str>>(out: &mut String, cells: impl IntoIterator<Item = S>) {
    // The csv crate does the RFC 4180 quoting; this module only keeps
    // formulas out of the cells it is given.
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let cells: Vec<String> = cells.into_iter().map(|c| neutralise(c.as_ref()).into_owned()).collect();
    // Writing to memory cannot fail; the bytes are the UTF-8 cells we gave.
    if writer.write_record(&cells).is_ok()
        && let Ok(bytes) = writer.into_inner()
    {
        out.push_str(&String::from_utf8_lossy(&bytes));
    }
}

pub fn line<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    write_record(&mut out, cells);
    out
}

/// A whole table: the header, then the rows.
pub fn table<H: AsRef<str>, S: AsRef<str>, R: IntoIterator<Item = S>>(
    header: impl IntoIterator<Item = H>,
    rows: impl IntoIterator<Item = R>,
) -> String {
    let mut out = line(header);
    for row in rows {
        write_record(&mut out, row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read_records;
    use proptest::prelude::*;

    #[test]
    fn a_formula_in_a_name_is_written_as_text() {
        assert_eq!(
            line(["=HYPERLINK(\"http://x\",\"y\")", "Orti"]),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",Orti\n"
        );
        for cell in ["+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\r=1", "＝1+1", "-inf", "-", "+"] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn numbers_and_ordinary_text_are_written_unchanged() {
        for cell in [
            "-12.50",
            "+3",
            "1e3",
            "0",
            "",
            "Il Girasole",
            "2026-11-23",
            "<5",
            "'quoted",
        ] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }

    proptest! {
        #[test]
        fn no_written_cell_starts_like_a_formula_unless_it_is_a_number(
            cells in proptest::collection::vec("[=+\\-@\t\r\n ,\"a-z0-9.'＝]{0,8}", 1..6),
        ) {
            let text = line(&cells);
            let read = read_records(&text).unwrap();
            // An all-blank record is not a record for the reader; nothing to check.
            if let Some(record) = read.first() {
                prop_assert_eq!(record.fields.len(), cells.len());
                for (written, original) in record.fields.iter().zip(&cells) {
                    let dangerous = written.starts_with(FORMULA_STARTS);
                    prop_assert!(!dangerous || is_number(written), "{:?}", written);
                    // Nothing is lost: the original is the written cell, or it after the `'`.
                    prop_assert!(written == original || written.strip_prefix('\'') == Some(original.as_str()));
                }
            }
        }

        #[test]
        fn a_number_is_never_changed(n in proptest::num::f64::NORMAL | proptest::num::f64::ZERO, cents in any::<i64>()) {
            let decimal = format!("{}.{:02}", cents / 100, (cents % 100).abs());
            for cell in [n.to_string(), decimal] {
                prop_assert_eq!(neutralise(&cell), cell.as_str());
            }
        }
    }
}
