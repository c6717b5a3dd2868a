//! Random secrets (session cookies, CSRF tokens, API tokens) and how they are kept:
//! only a SHA-256 of each bearer secret is stored, so a copy of the database does
//! not let anyone log in.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// 32 random bytes from the OS generator, hex-encoded.
pub(crate) fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}
