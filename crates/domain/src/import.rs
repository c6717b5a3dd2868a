//! What the two CSV importers share — the programme data
//! (`pathways::import`) and the consortium registers (`consortium::import`):
//! the problem they report, and reading a file's records with the csv crate.
//!
//! Lines are counted as a text editor counts them, the header being line 1,
//! so a problem can be found in the file by its number.

use crate::Message;
use crate::msg;
use serde::Serialize;
use std::fmt;

/// One problem in one cell (or row, or file) of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportError {
    pub file: String,
    /// The line in the file, the header being line 1; 0 for the file as a whole.
    pub line: u64,
    /// The column's header name, or empty for the whole row.
    pub column: String,
    #[serde(flatten)]
    pub message: Message,
}

impl ImportError {
    pub fn new(file: &str, line: u64, column: &str, message: Message) -> ImportError {
        ImportError {
            file: file.to_owned(),
            line,
            column: column.to_owned(),
            message,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column.is_empty()) {
            (0, _) => write!(f, "{}: {}", self.file, self.message),
            (line, true) => write!(f, "{}, line {line}: {}", self.file, self.message),
            (line, false) => write!(
                f,
                "{}, line {line}, column {}: {}",
                self.file, self.column, self.message
            ),
        }
    }
}

/// One record and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: u64,
    pub fields: Vec<String>,
}

/// Reads every record of an RFC 4180 text, the header included: fields in
/// double quotes may hold commas, doubled quotes and line breaks; a UTF-8
/// byte-order mark and CRLF line ends (as spreadsheets write them) are fine;
/// blank lines are not records. Records may differ in length from the header
/// (the caller reports that against the row). A quoted field that is never
/// closed is an error naming the line of the record it opens in.
pub fn read_records(text: &str) -> Result<Vec<Record>, (u64, Message)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    // Lines are counted here from the record's first byte: the csv crate's
    // own line count lags by one after each CRLF line end.
    let (mut counted_to, mut line) = (0, 1);
    let mut last_start = 0;
    for record in reader.records() {
        let record = record.map_err(|e| (line, msg!("error-csv-malformed", detail = e.to_string())))?;
        let Some(position) = record.position() else {
            continue;
        };
        let mut start = usize::try_from(position.byte()).unwrap_or(0).min(text.len());
        start += text[start..].len() - text[start..].trim_start_matches(['\r', '\n']).len();
        line += text[counted_to..start].matches('\n').count() as u64;
        counted_to = start;
        if record.len() == 1 && record[0].trim().is_empty() {
            continue;
        }
        last_start = start;
        records.push(Record {
            line,
            fields: record.iter().map(str::to_owned).collect(),
        });
    }
    // The csv crate reads an unclosed quote to the end of the text; in RFC
    // 4180 quotes come in pairs, so an odd count in the last record means one
    // was never closed.
    if let Some(last) = records.last()
        && text
            .get(last_start..)
            .is_some_and(|rest| rest.matches('"').count() % 2 == 1)
    {
        return Err((last.line, msg!("error-csv-unclosed-quote")));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_may_hold_commas_quotes_and_line_breaks() {
        let text = "\u{feff}name,type\r\n\"Orti, in \"\"Comune\"\"\",mixed\r\n\"two\nlines\",B\n\nlast,A\n";
        let records = read_records(text).unwrap();
        assert_eq!(records.len(), 4);
        assert_eq!(
            records[1].fields,
            vec!["Orti, in \"Comune\"".to_owned(), "mixed".to_owned()]
        );
        assert_eq!(records[2].line, 3);
        assert_eq!(records[2].fields[0], "two\nlines");
        assert_eq!(records[3].line, 6, "lines are counted as an editor counts them");
    }

    #[test]
    fn records_may_be_shorter_or_longer_than_the_header() {
        let records = read_records("a,b\n1\n1,2,3\n").unwrap();
        assert_eq!(records[1].fields.len(), 1);
        assert_eq!(records[2].fields.len(), 3);
    }

    #[test]
    fn an_unterminated_quote_is_an_error_on_its_line() {
        assert_eq!(read_records("a,b\n\"open,x\n").unwrap_err().0, 2);
        assert!(read_records("a,b\n\"closed\",x\n").is_ok());
    }

    #[test]
    fn a_problem_names_its_file_line_and_column() {
        assert_eq!(
            ImportError::new("users.csv", 2, "category", msg!("error-required")).to_string(),
            "users.csv, line 2, column category: error-required"
        );
        assert_eq!(
            ImportError::new("users.csv", 3, "", msg!("error-required")).to_string(),
            "users.csv, line 3: error-required"
        );
        assert_eq!(
            ImportError::new("users.csv", 0, "", msg!("error-csv-missing-file")).to_string(),
            "users.csv: error-csv-missing-file"
        );
    }
}
