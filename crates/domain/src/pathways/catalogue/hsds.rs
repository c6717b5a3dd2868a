//! The catalogue as Open Referral HSDS 3.0 JSON: an array of `service` objects
//! (schema `service.schema.json`, the "compiled" form with the organisation,
//! program, languages, cost options, location and contacts inlined).
//!
//! HSDS has no words for what filiera needs to exchange a catalogue with
//! another filiera (kind, code, ISCO-08 occupation, hours, capacity per round,
//! host firm, interest tags, improved areas, eligibility rule), so they travel
//! as `attributes` whose taxonomy term is in the `filiera` taxonomy (ISCO-08
//! codes in the `ISCO-08` taxonomy), as the specification intends for
//! extensions. Identifiers are UUIDs derived from the programme's name and the
//! service's code, so exporting twice gives the same document.

use super::{ServiceDraft, ServiceKind, ValidService, clean_tags, parse_code};
use crate::msg;
use crate::validation::ValidationErrors;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// One stored service with the names HSDS wants inline.
#[derive(Debug, Clone)]
pub struct CatalogueEntry {
    pub service: ValidService,
    pub organisation_name: Option<String>,
    pub host_firm_name: Option<String>,
    pub archived: bool,
}

/// A service read from an HSDS document, with the organisations it names
/// (resolved against the registry by the caller).
#[derive(Debug, Clone)]
pub struct ImportedService {
    pub draft: ServiceDraft,
    pub organisation_name: Option<String>,
    pub host_firm_name: Option<String>,
}

/// A stable UUID (version 8, RFC 9562 "custom") for a key.
pub fn stable_uuid(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

const TAXONOMY: &str = "filiera";

fn attribute(service_id: &str, term: &str, taxonomy: &str, name: &str, value: &str, index: usize) -> Value {
    let term_id = stable_uuid(&format!("term/{taxonomy}/{term}"));
    json!({
        "id": stable_uuid(&format!("{service_id}/attribute/{term}/{index}")),
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "value": value,
        "taxonomy_term": {
            "id": term_id,
            "code": term,
            "name": name,
            "description": format!("{name} ({taxonomy} extension to HSDS)"),
            "taxonomy": taxonomy,
        },
    })
}

/// The catalogue of a programme as an array of HSDS services.
pub fn export(programme_name: &str, programme_description: &str, entries: &[CatalogueEntry]) -> Value {
    let program_id = stable_uuid(&format!("programme/{programme_name}"));
    let services: Vec<Value> = entries
        .iter()
        .map(|entry| export_one(programme_name, programme_description, &program_id, entry))
        .collect();
    Value::Array(services)
}

fn export_one(programme_name: &str, programme_description: &str, program_id: &str, entry: &CatalogueEntry) -> Value {
    let s = &entry.service;
    let id = stable_uuid(&format!("programme/{programme_name}/service/{}", s.code));
    let mut attributes = vec![
        attribute(&id, "service_code", TAXONOMY, "Service code", &s.code, 0),
        attribute(&id, "service_kind", TAXONOMY, "Service kind", s.kind.as_str(), 0),
        attribute(
            &id,
            "minutes",
            TAXONOMY,
            "Duration in minutes",
            &s.minutes.to_string(),
            0,
        ),
    ];
    if let Some(isco) = &s.isco08 {
        attributes.push(attribute(
            &id,
            isco.as_str(),
            "ISCO-08",
            "ISCO-08 occupation",
            isco.as_str(),
            0,
        ));
    }
    if let Some(firm) = &entry.host_firm_name {
        attributes.push(attribute(&id, "host_firm", TAXONOMY, "Host firm", firm, 0));
    }
    for (i, tag) in s.interest_tags.iter().enumerate() {
        attributes.push(attribute(&id, "interest_tag", TAXONOMY, "Interest tag", tag, i));
    }
    for (i, area) in s.improves_areas.iter().enumerate() {
        attributes.push(attribute(
            &id,
            "improves_area",
            TAXONOMY,
            "Employability area improved",
            area.as_str(),
            i,
        ));
    }
    for (i, (round, capacity)) in s.capacities.iter().enumerate() {
        let value = format!("{round}:{capacity}");
        attributes.push(attribute(
            &id,
            "round_capacity",
            TAXONOMY,
            "Capacity in a round (round:places)",
            &value,
            i,
        ));
    }
    if let Some(rule) = &s.eligibility {
        attributes.push(attribute(
            &id,
            "eligibility_rule",
            TAXONOMY,
            "Eligibility rule (JSON)",
            &rule.to_json(),
            0,
        ));
    }
    let mut service = json!({
        "id": id,
        "name": s.name,
        "alternate_name": s.code,
        "description": s.description,
        "status": if entry.archived { "inactive" } else { "active" },
        "program_id": program_id,
        "program": { "id": program_id, "name": programme_name, "description": programme_description },
        "cost_options": [{
            "id": stable_uuid(&format!("{id}/cost")),
            "service_id": id,
            "option": "per participant",
            "currency": "EUR",
            "amount": s.unit_cost_cents as f64 / 100.0,
        }],
        "attributes": attributes,
    });
    let object = service.as_object_mut().expect("a service is a JSON object");
    if let Some(rule) = &s.eligibility {
        object.insert("eligibility_description".into(), json!(describe_rule(rule)));
    }
    if let Some(name) = &entry.organisation_name {
        let organization_id = stable_uuid(&format!("organisation/{name}"));
        object.insert("organization_id".into(), json!(organization_id));
        object.insert(
            "organization".into(),
            json!({ "id": organization_id, "name": name, "description": "" }),
        );
    }
    if let Some(language) = &s.language {
        object.insert(
            "languages".into(),
            json!([{ "id": stable_uuid(&format!("{id}/language")), "service_id": id, "code": language }]),
        );
    }
    if let Some(location) = &s.location {
        let location_id = stable_uuid(&format!("{id}/location"));
        object.insert(
            "service_at_locations".into(),
            json!([{
                "id": stable_uuid(&format!("{id}/service_at_location")),
                "service_id": id,
                "location_id": location_id,
                "location": { "id": location_id, "location_type": "physical", "name": location },
            }]),
        );
    }
    if let Some(tutor) = &s.tutor_name {
        let mut contact = json!({
            "id": stable_uuid(&format!("{id}/tutor")),
            "service_id": id,
            "name": tutor,
            "title": "Tutor",
        });
        if let (Some(email), Some(contact)) = (&s.tutor_email, contact.as_object_mut()) {
            contact.insert("email".into(), json!(email));
        }
        object.insert("contacts".into(), json!([contact]));
    }
    service
}

/// A rule in words for directories that cannot read filiera rules.
fn describe_rule(rule: &super::Rule) -> String {
    format!("filiera eligibility rule: {}", rule.to_json())
}

/// Reads an HSDS array of services (or one service object). Services from
/// other directories have no filiera attributes: their kind is `other` and
/// their code is made from the name.
pub fn import(document: &Value) -> Result<Vec<ImportedService>, ValidationErrors> {
    let services: Vec<&Value> = match document {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![document],
        _ => {
            return Err(ValidationErrors::single("services", msg!("error-hsds-service-array")));
        }
    };
    let mut errors = ValidationErrors::new();
    let mut imported = Vec::new();
    for (index, service) in services.iter().enumerate() {
        match import_one(service) {
            Ok(entry) => imported.push(entry),
            Err(field_errors) => {
                errors
                    .0
                    .extend(field_errors.prefixed(|field| format!("services[{index}].{field}")).0);
            }
        }
    }
    let mut codes: Vec<&str> = imported.iter().map(|s| s.draft.code.as_str()).collect();
    codes.sort_unstable();
    for pair in codes.windows(2).filter(|w| w[0] == w[1]) {
        errors.add("services", msg!("error-service-code-twice", code = pair[0]));
    }
    errors.into_result(imported)
}

fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

fn import_one(service: &Value) -> Result<ImportedService, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if !service.is_object() {
        return Err(ValidationErrors::single("service", msg!("error-hsds-service-object")));
    }
    let name = text(service, "name").unwrap_or_default();
    let empty = Vec::new();
    let attributes = service.get("attributes").and_then(Value::as_array).unwrap_or(&empty);
    let values = |term: &str| -> Vec<String> {
        attributes
            .iter()
            .filter(|a| a.pointer("/taxonomy_term/code").and_then(Value::as_str) == Some(term))
            .filter_map(|a| text(a, "value"))
            .collect()
    };
    let first = |term: &str| values(term).into_iter().next();
    let code = first("service_code")
        .or_else(|| text(service, "alternate_name"))
        .unwrap_or_else(|| slug(&name));
    let code = parse_code(&code).unwrap_or_else(|_| slug(&code));
    let kind = match first("service_kind") {
        Some(kind) => kind
            .parse::<ServiceKind>()
            .map_err(|m| errors.add("attributes.service_kind", m))
            .ok(),
        None => Some(ServiceKind::Other),
    };
    let isco08 = attributes
        .iter()
        .find(|a| a.pointer("/taxonomy_term/taxonomy").and_then(Value::as_str) == Some("ISCO-08"))
        .and_then(|a| text(a, "value"));
    let minutes = first("minutes")
        .map(|m| m.parse::<i64>())
        .transpose()
        .unwrap_or_else(|_| {
            errors.add("attributes.minutes", msg!("error-whole-minutes"));
            None
        });
    let mut capacities = Vec::new();
    for value in values("round_capacity") {
        let parsed = value
            .split_once(':')
            .and_then(|(round, places)| Some((round.trim().parse::<u32>().ok()?, places.trim().parse::<i64>().ok()?)));
        match parsed {
            Some(pair) => capacities.push(pair),
            None => errors.add(
                "attributes.round_capacity",
                msg!("error-round-capacity-pair", value = value.as_str()),
            ),
        }
    }
    let amount = service.pointer("/cost_options/0/amount").and_then(Value::as_f64);
    let tutor = service
        .get("contacts")
        .and_then(Value::as_array)
        .and_then(|contacts| contacts.iter().find(|c| text(c, "title").as_deref() == Some("Tutor")));
    let draft = ServiceDraft {
        code,
        name,
        kind,
        organisation_id: None,
        description: text(service, "description").unwrap_or_default(),
        unit_cost: amount.map(|a| format!("{a:.2}")).unwrap_or_default(),
        hours: minutes.map(|m| format!("{}", m as f64 / 60.0)).unwrap_or_default(),
        language: service
            .pointer("/languages/0")
            .and_then(|l| text(l, "code").or_else(|| text(l, "name"))),
        location: service
            .pointer("/service_at_locations/0/location")
            .and_then(|l| text(l, "name")),
        eligibility: first("eligibility_rule").unwrap_or_default(),
        isco08,
        host_firm_id: None,
        tutor_name: tutor.and_then(|t| text(t, "name")),
        tutor_email: tutor.and_then(|t| text(t, "email")),
        interest_tags: clean_tags(&values("interest_tag")),
        improves_areas: values("improves_area"),
        capacities,
    };
    // The draft is checked here so every problem carries the service's index;
    // organisations are resolved (and the draft checked again) by the caller.
    if let Err(field_errors) = draft.clone().validate() {
        for e in field_errors.0.into_iter().filter(|e| e.field != "host_firm_id") {
            errors.add(&e.field, e.message);
        }
    }
    errors.into_result(ImportedService {
        draft,
        organisation_name: service
            .pointer("/organization/name")
            .and_then(Value::as_str)
            .map(str::to_owned),
        host_firm_name: first("host_firm"),
    })
}

/// A code made from a name: `Corso HACCP` → `corso_haccp`.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    let slug: String = slug.trim_end_matches('_').chars().take(40).collect();
    if slug.is_empty() { "service".to_owned() } else { slug }
}
