//! The organisation form: text fields as the browser sends them, turned into a
//! draft for the domain to check. Unparseable fields become field errors, so the
//! form comes back with everything the user typed and every problem marked.

use filiera_domain::Message;
use filiera_domain::ValidationErrors;
use filiera_domain::ids::OrganisationId;
use filiera_domain::msg;
use filiera_domain::organisation::{OrganisationDraft, OrganisationKind};
use filiera_storage::organisations::Organisation;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OrganisationFields {
    pub name: String,
    pub kind: String,
    pub cooperative_type: String,
    pub sectors: String,
    pub vat_number: String,
    pub municipality: String,
    pub email: String,
    pub law381_region: String,
    pub law381_number: String,
    pub law381_registered_on: String,
    pub consortium_id: String,
}

fn non_blank(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

impl OrganisationFields {
    pub fn from_organisation(org: &Organisation) -> Self {
        OrganisationFields {
            name: org.name.clone(),
            kind: org.kind.as_str().to_owned(),
            cooperative_type: org.cooperative_type.map(|t| t.as_str().to_owned()).unwrap_or_default(),
            sectors: org.sectors.join(", "),
            vat_number: org.vat_number.clone().unwrap_or_default(),
            municipality: org.municipality.clone().unwrap_or_default(),
            email: org.email.clone().unwrap_or_default(),
            law381_region: org.law381.as_ref().map(|r| r.region.clone()).unwrap_or_default(),
            law381_number: org.law381.as_ref().map(|r| r.number.clone()).unwrap_or_default(),
            law381_registered_on: org
                .law381
                .as_ref()
                .map(|r| r.registered_on.to_string())
                .unwrap_or_default(),
            consortium_id: org.consortium_id.map(|id| id.to_string()).unwrap_or_default(),
        }
    }

    /// The draft, or the fields that could not even be read.
    pub fn to_draft(&self) -> Result<OrganisationDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = match non_blank(&self.kind) {
            None => None,
            Some(text) => match text.parse::<OrganisationKind>() {
                Ok(kind) => Some(kind),
                Err(message) => {
                    errors.add("kind", message);
                    None
                }
            },
        };
        let cooperative_type = match non_blank(&self.cooperative_type) {
            None => None,
            Some(text) => text
                .parse()
                .map_err(|message: Message| errors.add("cooperative_type", message))
                .ok(),
        };
        let law381_registered_on = match non_blank(&self.law381_registered_on) {
            None => None,
            Some(text) => filiera_domain::validation::date(&mut errors, "law381_registered_on", &text),
        };
        let consortium_id = match non_blank(&self.consortium_id) {
            None => None,
            Some(text) => text
                .parse::<i64>()
                .map(OrganisationId)
                .map_err(|_| errors.add("consortium_id", msg!("error-choose-consortium")))
                .ok(),
        };
        let draft = OrganisationDraft {
            name: self.name.clone(),
            kind,
            cooperative_type,
            sectors: self.sectors.split(',').map(str::to_owned).collect(),
            vat_number: non_blank(&self.vat_number),
            municipality: non_blank(&self.municipality),
            email: non_blank(&self.email),
            law381_region: non_blank(&self.law381_region),
            law381_number: non_blank(&self.law381_number),
            law381_registered_on,
            consortium_id,
        };
        errors.into_result(draft)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_date_and_kind_are_field_errors() {
        let fields = OrganisationFields {
            name: "X".into(),
            kind: "bank".into(),
            law381_registered_on: "12/05/1998".into(),
            ..Default::default()
        };
        let errors = fields.to_draft().unwrap_err();
        assert!(errors.for_field("kind").is_some());
        assert!(errors.for_field("law381_registered_on").is_some());
    }

    #[test]
    fn comma_separated_sectors_become_a_list() {
        let fields = OrganisationFields {
            name: "X".into(),
            kind: "firm".into(),
            sectors: "laundry, cleaning".into(),
            ..Default::default()
        };
        let valid = fields.to_draft().unwrap().validate().unwrap();
        assert_eq!(valid.sectors, vec!["laundry".to_owned(), "cleaning".to_owned()]);
    }
}
