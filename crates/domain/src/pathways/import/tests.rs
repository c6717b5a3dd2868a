use super::*;
use time::macros::date;

fn files() -> CsvFiles {
    CsvFiles {
        rounds: "round,start_date,end_date\n1,2020-10-01,2021-12-31\n2,2022-01-01,2022-06-30\n".into(),
        services:
            "code,name,kind,hours\ninternship,Internship,internship,480\nforklift,Forklift training,training_course,\n"
                .into(),
        participants:
            "external_id,round,gender,birth_year,country_of_birth,household_size,single_parent,minimum_income,notes\n\
                       P1,1,F,1990,it,3,yes,yes,kept out\n\
                       P2,2,,,,,,,\n"
                .into(),
        interventions:
            "participant_external_id,round,service,status\nP1,1,internship,active\nP1,1,forklift,cancelled\n".into(),
    }
}

fn error_at(errors: &[ImportError], file: &str, line: u64, column: &str) -> bool {
    errors
        .iter()
        .any(|e| e.file == file && e.line == line && e.column == column)
}

#[test]
fn a_clean_folder_is_read_whole_with_missing_values_left_empty() {
    let data = parse(&files(), &Existing::default()).unwrap();
    assert_eq!(data.rounds.len(), 2);
    assert_eq!(data.services[0].service.minutes, 480 * 60);
    assert_eq!(data.participants[0].country_of_birth.as_deref(), Some("IT"));
    assert_eq!(data.participants[0].single_parent, Some(true));
    let p2 = &data.participants[1];
    assert_eq!(
        (p2.gender, p2.birth_year, p2.household_size, p2.minimum_income),
        (None, None, None, None)
    );
    assert_eq!(data.interventions[1].status, "cancelled");
}

#[test]
fn every_bad_cell_is_reported_with_its_file_line_and_column() {
    let mut bad = files();
    bad.rounds.push_str("3,2022-07-01,2022-06-01\n");
    bad.services
        .push_str("forklift,Again,training_course,\nhaccp,HACCP,cooking_class,\n");
    bad.participants.push_str("P1,9,X,1850,Italy,0,maybe,si,\n");
    bad.interventions.push_str("P7,1,yoga,finished\n");
    let errors = parse(&bad, &Existing::default()).unwrap_err();
    assert!(error_at(&errors, ROUNDS_FILE, 4, "end_date"), "{errors:#?}");
    assert!(error_at(&errors, SERVICES_FILE, 4, "code"));
    assert!(error_at(&errors, SERVICES_FILE, 5, "kind"));
    for column in [
        "external_id",
        "round",
        "gender",
        "birth_year",
        "country_of_birth",
        "household_size",
        "single_parent",
        "minimum_income",
    ] {
        assert!(error_at(&errors, PARTICIPANTS_FILE, 4, column), "{column}: {errors:#?}");
    }
    for column in ["participant_external_id", "service", "status"] {
        assert!(error_at(&errors, INTERVENTIONS_FILE, 4, column), "{column}");
    }
    assert_eq!(errors.len(), 3 + 8 + 3, "{errors:#?}");
}

#[test]
fn a_missing_column_is_reported_on_the_header_line() {
    let mut bad = files();
    bad.interventions = "participant_external_id,round,service\nP1,1,internship\n".into();
    let errors = parse(&bad, &Existing::default()).unwrap_err();
    assert!(error_at(&errors, INTERVENTIONS_FILE, 1, "status"), "{errors:#?}");
}

#[test]
fn a_row_with_too_many_cells_is_reported_on_its_line() {
    let mut bad = files();
    bad.rounds.push_str("3,2022-07-01,2022-12-31,extra\n");
    let errors = parse(&bad, &Existing::default()).unwrap_err();
    assert_eq!(errors[0].line, 4);
    assert_eq!(errors[0].message.key(), "error-csv-field-count", "{}", errors[0]);
}

#[test]
fn an_empty_file_is_reported_as_a_whole() {
    let mut bad = files();
    bad.services = String::new();
    let errors = parse(&bad, &Existing::default()).unwrap_err();
    assert!(
        errors.iter().any(|e| e.file == SERVICES_FILE && e.line == 0),
        "{errors:#?}"
    );
}

#[test]
fn rows_may_refer_to_rounds_and_services_already_stored() {
    let mut more = files();
    more.rounds = "round,start_date,end_date\n".into();
    more.services = "code,name,kind\n".into();
    let existing = Existing {
        rounds: BTreeMap::from([
            (1, (date!(2020 - 10 - 01), date!(2021 - 12 - 31))),
            (2, (date!(2022 - 01 - 01), date!(2022 - 06 - 30))),
        ]),
        services: BTreeSet::from(["internship".to_owned(), "forklift".to_owned()]),
    };
    assert!(parse(&more, &existing).is_ok());
}

#[test]
fn a_round_stored_with_other_dates_is_refused() {
    let existing = Existing {
        rounds: BTreeMap::from([(1, (date!(2020 - 09 - 01), date!(2021 - 12 - 31)))]),
        ..Default::default()
    };
    let errors = parse(&files(), &existing).unwrap_err();
    assert!(error_at(&errors, ROUNDS_FILE, 2, "start_date"), "{errors:#?}");
}

#[test]
fn overlapping_rounds_are_refused() {
    let mut bad = files();
    bad.rounds.push_str("3,2022-06-01,2022-12-31\n");
    let errors = parse(&bad, &Existing::default()).unwrap_err();
    assert!(error_at(&errors, ROUNDS_FILE, 4, "start_date"), "{errors:#?}");
}

#[test]
fn an_import_error_reads_as_file_line_and_column() {
    let error = ImportError {
        file: PARTICIPANTS_FILE.into(),
        line: 4,
        column: "gender".into(),
        message: crate::msg!("error-gender", value = "X"),
    };
    assert_eq!(
        error.to_string(),
        "participants.csv, line 4, column gender: error-gender(value=X)"
    );
}

#[test]
fn a_quoted_cell_with_a_line_break_does_not_shift_later_line_numbers() {
    let mut quoted = files();
    quoted.services =
        "code,name,kind,description\ninternship,Internship,internship,\"two\nlines\"\nforklift,Forklift,bad_kind,\n"
            .into();
    let errors = parse(&quoted, &Existing::default()).unwrap_err();
    assert!(error_at(&errors, SERVICES_FILE, 4, "kind"), "{errors:#?}");
}
