//! Password hashing with Argon2id (RFC 9106), the algorithm OWASP recommends,
//! with the argon2 crate's default cost (19 MiB, 2 passes).

use crate::StorageError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

pub fn hash_password(password: &str) -> Result<String, StorageError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| StorageError::PasswordHash(e.to_string()))
}

/// True when the password matches the stored hash; a malformed hash never matches.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A one-time password for a new account: 16 characters from an alphabet
/// without look-alikes (no 0/O, 1/l/I), read aloud or typed without mistakes.
pub fn one_time_password() -> String {
    use argon2::password_hash::rand_core::RngCore;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// A hash to verify against when the user does not exist, so that a login for an
/// unknown e-mail takes as long as one with a wrong password.
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Hh4e2BqI9oZc2WzpJtqYkNNJb6zOZH0Z0YQ4wEIBjE"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_a_different_one_does_not() {
        let hash = hash_password("correct horse battery").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
    }

    #[test]
    fn a_malformed_stored_hash_never_verifies() {
        assert!(!verify_password("anything", "not-a-hash"));
    }

    #[test]
    fn the_dummy_hash_is_well_formed_so_it_costs_a_real_verification() {
        assert!(PasswordHash::new(dummy_hash()).is_ok());
        assert!(!verify_password("anything", dummy_hash()));
    }
}
