//! Users of the platform: their e-mail (the login name), display name and the
//! password rule.

use crate::msg;
use crate::validation::{ValidationErrors, required_text};
use time::Duration;

/// The shortest password accepted. NIST SP 800-63B §5.1.1.2 asks for at least 8;
/// we ask 10 because these accounts open special-category personal data.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// How long a personal access token opens the API unless it is revoked first:
/// a script keeps working for a quarter, and a forgotten or leaked token does
/// not stay valid for ever.
pub const TOKEN_LIFETIME: Duration = Duration::days(90);

/// A loose check that text is an e-mail address: the delivery test is the login.
pub fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
        && !domain.contains('@')
}

/// E-mail addresses are compared case-insensitively, so one person cannot end up
/// with two accounts that differ only by case.
pub fn normalise_email(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A new user's data as entered.
#[derive(Debug, Clone, Default)]
pub struct UserDraft {
    pub email: String,
    pub display_name: String,
}

/// A user's data that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidUser {
    pub email: String,
    pub display_name: String,
}

impl UserDraft {
    pub fn validate(self) -> Result<ValidUser, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let email = normalise_email(&self.email);
        if !looks_like_email(&email) || email.chars().count() > 254 {
            errors.add("email", msg!("error-email"));
        }
        let display_name = required_text(&mut errors, "display_name", &self.display_name, 120);
        errors.into_result(ValidUser { email, display_name })
    }
}

/// Checks a new password against the rule; the message says what is expected.
pub fn check_password(password: &str) -> Result<(), ValidationErrors> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ValidationErrors::single(
            "password",
            msg!("error-too-short", min = MIN_PASSWORD_CHARS),
        ));
    }
    if password.chars().count() > 1024 {
        return Err(ValidationErrors::single("password", msg!("error-too-long", max = 1024)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_normalised_to_lower_case() {
        let valid = UserDraft {
            email: " Anna.Rossi@SdS.example.IT ".into(),
            display_name: "Anna".into(),
        }
        .validate()
        .expect("valid");
        assert_eq!(valid.email, "anna.rossi@sds.example.it");
    }

    #[test]
    fn text_without_a_domain_is_not_an_email() {
        for text in ["anna", "anna@", "@sds.it", "anna@sds", "an na@sds.it", "a@b@c.it"] {
            assert!(!looks_like_email(text), "{text}");
        }
    }

    #[test]
    fn a_nine_character_password_is_too_short() {
        assert!(check_password("123456789").is_err());
        assert!(check_password("1234567890").is_ok());
    }
}
