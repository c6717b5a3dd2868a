use crate::validation::ValidationErrors;

/// Everything the domain can refuse.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DomainError {
    /// Input that breaks a rule of the domain; each field says what is wrong.
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    /// The policy does not allow this principal to perform this action.
    #[error("not allowed: {0}")]
    Forbidden(String),
}

impl From<ValidationErrors> for DomainError {
    fn from(errors: ValidationErrors) -> Self {
        DomainError::Invalid(errors)
    }
}
