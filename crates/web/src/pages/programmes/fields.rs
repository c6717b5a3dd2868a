//! Reading the programme forms: fields as the browser sent them, repeated
//! ones (checkboxes, the rows of the rule builder) kept in order, so that a
//! form with errors comes back exactly as typed.

use crate::error::{WebError, WebResult};
use filiera_domain::Message;
use filiera_domain::ValidationErrors;

/// The submitted fields, in order, without the CSRF token.
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &[u8]) -> WebResult<Fields> {
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(body).map_err(|e| WebError::BadRequest {
            detail: format!("the form could not be read: {e}"),
            errors: Vec::new(),
        })?;
        crate::extract::check_form_fields(&fields, Some(filiera_domain::bounds::LONG_TEXT_MAX_CHARS))?;
        Ok(Fields(
            fields
                .into_iter()
                .filter(|(name, _)| name != crate::auth::CSRF_FIELD)
                .collect(),
        ))
    }

    /// The first value of a field, trimmed; blank when absent.
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }

    /// Every value of a repeated field, in order (blanks included).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }
}

/// A number chosen in a list; blank is `None`, anything else unreadable is a field error.
pub fn id_field<T: std::str::FromStr>(
    errors: &mut ValidationErrors,
    field: &str,
    text: &str,
    message: Message,
) -> Option<T> {
    if text.trim().is_empty() {
        return None;
    }
    text.trim().parse().map_err(|_| errors.add(field, message)).ok()
}

/// A service code made from its name: `Corso muletto` → `corso_muletto`.
pub fn code_from(name: &str) -> String {
    let mut code = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'à' | 'á' | 'â' => 'a',
            'è' | 'é' | 'ê' => 'e',
            'ì' | 'í' => 'i',
            'ò' | 'ó' | 'ô' => 'o',
            'ù' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            code.push(c);
        } else if !code.ends_with('_') && !code.is_empty() {
            code.push('_');
        }
    }
    code.trim_end_matches('_')
        .chars()
        .take(36)
        .collect::<String>()
        .trim_end_matches('_')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_keep_their_order_and_the_csrf_token_is_dropped() {
        let fields = Fields::parse(b"csrf_token=x&a=1&b=&a=2").unwrap();
        assert_eq!(fields.all("a"), vec!["1", "2"]);
        assert_eq!(fields.get("b"), "");
        assert_eq!(fields.get("csrf_token"), "");
    }

    #[test]
    fn a_code_is_made_from_the_name() {
        assert_eq!(
            code_from("Corso di Italiano — livello A2"),
            "corso_di_italiano_livello_a2"
        );
        assert_eq!(code_from("Più attività!"), "piu_attivita");
    }
}
