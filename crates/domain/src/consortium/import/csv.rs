//! A small RFC 4180 reader for the import files: comma-separated, fields in
//! double quotes may hold commas, quotes (doubled) and line breaks; a UTF-8
//! byte-order mark and CRLF line ends (as spreadsheets write them) are fine.
//! Each record keeps the line it starts on, for error messages.

/// One record and the line (1-based) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Reads every record; an unterminated quoted field is an error naming its line.
pub fn read_records(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start_line = 1;
    let mut in_quotes = false;
    let mut quote_line = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                other => field.push(other),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                in_quotes = true;
                quote_line = line;
            }
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                push_record(&mut records, start_line, std::mem::take(&mut fields));
                line += 1;
                start_line = line;
            }
            other => field.push(other),
        }
    }
    if in_quotes {
        return Err((quote_line, "a quoted field is never closed".into()));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        push_record(&mut records, start_line, fields);
    }
    Ok(records)
}

fn push_record(records: &mut Vec<Record>, line: usize, fields: Vec<String>) {
    // Blank lines (often at the end of a file) are not records.
    if fields.len() == 1 && fields[0].trim().is_empty() {
        return;
    }
    records.push(Record { line, fields });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_may_hold_commas_quotes_and_line_breaks() {
        let text = "\u{feff}name,type\r\n\"Orti, in \"\"Comune\"\"\",mixed\r\n\"two\nlines\",B\n\n";
        let records = read_records(text).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(
            records[1].fields,
            vec!["Orti, in \"Comune\"".to_owned(), "mixed".to_owned()]
        );
        assert_eq!(records[2].line, 3);
        assert_eq!(records[2].fields[0], "two\nlines");
    }

    #[test]
    fn an_unterminated_quote_is_an_error_on_its_line() {
        assert_eq!(read_records("a,b\n\"open,x\n").unwrap_err().0, 2);
    }

    #[test]
    fn written_records_read_back() {
        let fields = vec!["a,b".to_owned(), "say \"hi\"".to_owned(), "plain".to_owned()];
        let out = crate::csv_export::line(&fields);
        assert_eq!(read_records(&out).unwrap()[0].fields, fields);
    }
}
