use super::*;

fn files() -> ImportFiles {
    ImportFiles {
        cooperatives: Some("name,type,sector\nLavanderia,B,laundry\nGirasole,A,workshops\nOrti,mixed,\n".into()),
        workers: Some(
            "cooperative,worker_id,member,disadvantaged,category,contract_start,contract_end,weekly_hours\n\
             Lavanderia,L1,yes,yes,psychiatric_treatment,2020-01-01,,30\n\
             Lavanderia,L2,yes,no,,2020-01-01,2026-12-31,38\n\
             Girasole,G1,no,no,,2019-05-01,,36\n"
                .into(),
        ),
        users: Some("cooperative,user_id,category\nGirasole,U1,mental_health\nGirasole,U2,disability\n".into()),
        hours: Some(
            "cooperative,worker_id,month,hours\nLavanderia,L1,2024-01,120.5\nLavanderia,L2,2024-01,160\n".into(),
        ),
    }
}

#[test]
fn a_valid_folder_reads_into_cooperatives_workers_users_and_hours() {
    let import = parse_import(&files()).unwrap();
    assert_eq!(import.cooperatives.len(), 3);
    assert_eq!(import.workers.len(), 3);
    assert!(import.workers[0].record.disadvantage.is_some());
    assert_eq!(
        import.workers[1].record.contract.end.map(|d| d.to_string()).as_deref(),
        Some("2026-12-31")
    );
    assert_eq!(import.workers[2].record.activity, Activity::A);
    assert_eq!(import.users[0].category, UserCategory::MentalHealth);
    assert_eq!(import.hours[0].hours, Hours::from_hundredths(12050));
}

#[test]
fn every_bad_cell_is_reported_with_its_file_line_and_column() {
    let mut bad = files();
    bad.workers = Some(
        "cooperative,worker_id,member,disadvantaged,category,contract_start,contract_end,weekly_hours\n\
         Lavanderia,L1,maybe,yes,,2020-13-01,,30\n\
         Nowhere,L2,yes,no,over_50,2020-01-01,,38\n"
            .into(),
    );
    bad.hours = Some("cooperative,worker_id,month,hours\nLavanderia,L9,2024-1,x\n".into());
    let errors = parse_import(&bad).unwrap_err();
    let found: Vec<(&str, u64, &str)> = errors
        .iter()
        .map(|e| (e.file.as_str(), e.line, e.column.as_str()))
        .collect();
    for expected in [
        ("workers.csv", 2, "member"),
        ("workers.csv", 2, "contract_start"),
        ("workers.csv", 3, "cooperative"),
        ("workers.csv", 3, "category"),
        ("hours.csv", 2, "month"),
        ("hours.csv", 2, "hours"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    assert!(
        errors
            .iter()
            .any(|e| e.to_string().starts_with("workers.csv, line 2, column member:"))
    );
}

#[test]
fn a_disadvantaged_worker_without_a_category_is_rejected() {
    let mut bad = files();
    bad.workers = Some(
        "cooperative,worker_id,member,disadvantaged,category,contract_start,contract_end,weekly_hours\n\
         Lavanderia,L1,yes,yes,,2020-01-01,,30\n"
            .into(),
    );
    bad.hours = None;
    let errors = parse_import(&bad).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column.as_str()), (2, "category"));
}

#[test]
fn a_missing_column_and_an_unknown_type_are_reported() {
    let mut bad = files();
    bad.cooperatives = Some("name,type\nLavanderia,C\n".into());
    let errors = parse_import(&bad).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.file == "cooperatives.csv" && e.column == "sector")
    );
}

#[test]
fn hours_of_a_worker_not_in_workers_csv_are_rejected() {
    let mut bad = files();
    bad.hours = Some("cooperative,worker_id,month,hours\nGirasole,L1,2024-01,10\n".into());
    let errors = parse_import(&bad).unwrap_err();
    assert_eq!(errors[0].column, "worker_id");
}

#[test]
fn a_mixed_cooperatives_worker_may_be_staff_of_its_type_a_activity() {
    let mut with_activity = files();
    with_activity.workers = Some(
        "cooperative,worker_id,member,disadvantaged,category,contract_start,contract_end,weekly_hours,activity,certificate,certified_until\n\
         Orti,O1,yes,no,,2020-01-01,,30,A,,\n\
         Orti,O2,yes,yes,alcoholism,2020-01-01,,30,B,SerD Pisa 2024/7,2026-06-30\n\
         Lavanderia,L1,yes,no,,2020-01-01,,30,A,,\n"
            .into(),
    );
    with_activity.hours = None;
    let errors = parse_import(&with_activity).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].column.as_str()), (4, "activity"));
}
