//! Documents attached to a record: the signed consent and access forms, the
//! certificate of a disadvantaged condition (Law 381/1991 art. 4, certified by a
//! public administration — INPS circular 296/1992), identity documents.
//!
//! A document belongs to exactly one record — a household member, a project or
//! a worker ([`DocumentOwner`]) — and follows that record's access rules
//! ([`DocumentOwner::read_action`], [`DocumentOwner::change_action`]).
//!
//! What is accepted is decided from the file's bytes, never from its name or
//! the type the browser declared ([`MediaType::sniff`]): a text file renamed
//! `.pdf` is refused, and what is served back is labelled with the type its
//! bytes have. The file name is only a label, cleaned by [`sanitise_file_name`].

use crate::bounds::LINE_MAX_CHARS;
use crate::ids::{ParticipantId, ProjectId, WorkerId};
use crate::policy::Action;
use crate::policy::consortium::ConsortiumAction;
use crate::policy::pathways::PathwayAction;
use crate::validation::{ValidationErrors, optional_text};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// The largest document accepted: 5 MiB, enough for a multi-page scan at
/// 300 dpi, small enough that a database row and a request stay light
/// (documented in `docs/input-limits.md`).
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// The longest file name kept, in characters (extension included).
pub const FILE_NAME_MAX_CHARS: usize = 120;

/// What a document is, as the case file files it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A form signed by the person: consent, the access form, the project.
    SignedForm,
    /// The public administration's certificate of a disadvantaged condition.
    CertificateOfDisadvantage,
    /// An identity document or residence permit.
    IdentityDocument,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::SignedForm,
        DocumentKind::CertificateOfDisadvantage,
        DocumentKind::IdentityDocument,
        DocumentKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::SignedForm => "signed_form",
            DocumentKind::CertificateOfDisadvantage => "certificate_of_disadvantage",
            DocumentKind::IdentityDocument => "identity_document",
            DocumentKind::Other => "other",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocumentKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|k| k.as_str()).collect();
                format!("must be one of {}", known.join(", "))
            })
    }
}

/// The types of file accepted: what scanners and phones produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MediaType {
    #[serde(rename = "application/pdf")]
    Pdf,
    #[serde(rename = "image/png")]
    Png,
    #[serde(rename = "image/jpeg")]
    Jpeg,
}

const PDF_MAGIC: &[u8] = b"%PDF-";
const PNG_MAGIC: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];

impl MediaType {
    pub const ALL: [MediaType; 3] = [MediaType::Pdf, MediaType::Png, MediaType::Jpeg];

    /// The type the bytes are, by their signature at the start of the file
    /// (PDF `%PDF-`, PNG's eight-byte signature, JPEG's SOI marker `FF D8 FF`),
    /// or `None` for anything else. Names and declared types play no part.
    pub fn sniff(content: &[u8]) -> Option<MediaType> {
        if content.starts_with(PDF_MAGIC) {
            Some(MediaType::Pdf)
        } else if content.starts_with(PNG_MAGIC) {
            Some(MediaType::Png)
        } else if content.starts_with(JPEG_MAGIC) {
            Some(MediaType::Jpeg)
        } else {
            None
        }
    }

    /// The MIME type, as stored and as sent in `Content-Type`.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
        }
    }

    /// The extension a file of this type is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Pdf => "pdf",
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
        }
    }

    fn has_extension(self, extension: &str) -> bool {
        let extension = extension.to_ascii_lowercase();
        match self {
            MediaType::Pdf => extension == "pdf",
            MediaType::Png => extension == "png",
            MediaType::Jpeg => extension == "jpg" || extension == "jpeg",
        }
    }
}

impl FromStr for MediaType {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == text)
            .ok_or_else(|| format!("`{text}` is not an accepted media type"))
    }
}

/// The record a document belongs to: exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum DocumentOwner {
    Participant(ParticipantId),
    Project(ProjectId),
    Worker(WorkerId),
}

impl DocumentOwner {
    /// What reading the record's documents asks: what viewing the record's
    /// sensitive data asks (the household's file for a member or a project,
    /// the workforce register for a worker).
    pub fn read_action(self) -> Action {
        match self {
            DocumentOwner::Participant(_) | DocumentOwner::Project(_) => Action::Pathway(PathwayAction::ViewHousehold),
            DocumentOwner::Worker(_) => Action::Consortium(ConsortiumAction::ViewRegisters),
        }
    }

    /// What attaching or removing a document asks: what changing the record asks.
    pub fn change_action(self) -> Action {
        match self {
            DocumentOwner::Participant(_) => Action::Pathway(PathwayAction::ManageHousehold),
            DocumentOwner::Project(_) => Action::Pathway(PathwayAction::ManageProject),
            DocumentOwner::Worker(_) => Action::Consortium(ConsortiumAction::ManageRegisters),
        }
    }

    /// The record's kind, as the audit log and the API name it.
    pub fn kind(self) -> &'static str {
        match self {
            DocumentOwner::Participant(_) => "participant",
            DocumentOwner::Project(_) => "project",
            DocumentOwner::Worker(_) => "worker",
        }
    }

    pub fn id(self) -> i64 {
        match self {
            DocumentOwner::Participant(id) => id.get(),
            DocumentOwner::Project(id) => id.get(),
            DocumentOwner::Worker(id) => id.get(),
        }
    }
}

/// A file as uploaded, before any check.
#[derive(Debug, Clone, Default)]
pub struct DocumentDraft {
    /// The name the client gave the file (may hold a path, or nothing).
    pub file_name: String,
    pub content: Vec<u8>,
    pub kind: Option<String>,
    pub note: Option<String>,
}

/// Why an upload was refused. The web layer answers 413, 415 and 422.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentRefusal {
    /// Larger than [`MAX_DOCUMENT_BYTES`].
    TooLarge { limit: usize },
    /// The bytes are not a PDF, PNG or JPEG, whatever the name says.
    UnsupportedType,
    /// A field is wrong (no file, an unknown kind, a note too long).
    Invalid(ValidationErrors),
}

/// A document that passed every check, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDocument {
    pub file_name: String,
    pub media_type: MediaType,
    pub kind: DocumentKind,
    pub note: Option<String>,
    /// The SHA-256 of the content, lowercase hex: proves later that the file
    /// served is the file received.
    pub sha256: String,
    pub content: Vec<u8>,
}

impl ValidDocument {
    pub fn size(&self) -> usize {
        self.content.len()
    }
}

impl DocumentDraft {
    /// Checks the upload: the size first (nothing else is read from a file
    /// that is too large), then what the bytes are, then the fields.
    pub fn validate(self) -> Result<ValidDocument, DocumentRefusal> {
        if self.content.len() > MAX_DOCUMENT_BYTES {
            return Err(DocumentRefusal::TooLarge {
                limit: MAX_DOCUMENT_BYTES,
            });
        }
        let mut errors = ValidationErrors::new();
        if self.content.is_empty() {
            errors.add("file", crate::msg!("error-document-file-missing"));
        }
        let kind = match self.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            None => {
                errors.add("kind", crate::msg!("error-required"));
                None
            }
            Some(text) => text
                .parse::<DocumentKind>()
                .map_err(|_| errors.add("kind", crate::msg!("error-document-kind")))
                .ok(),
        };
        let note = optional_text(&mut errors, "note", self.note.as_deref(), LINE_MAX_CHARS);
        let media_type = MediaType::sniff(&self.content);
        if media_type.is_none() && !self.content.is_empty() {
            return Err(DocumentRefusal::UnsupportedType);
        }
        let (Some(kind), Some(media_type), true) = (kind, media_type, errors.is_empty()) else {
            return Err(DocumentRefusal::Invalid(errors));
        };
        Ok(ValidDocument {
            file_name: sanitise_file_name(&self.file_name, media_type),
            media_type,
            kind,
            note,
            sha256: sha256_hex(&self.content),
            content: self.content,
        })
    }
}

/// The SHA-256 of `content` in lowercase hex.
pub fn sha256_hex(content: &[u8]) -> String {
    hex::encode(Sha256::digest(content))
}

/// A file name safe to store, show and send back in a header: the last
/// component of whatever path the client sent; no control characters, no
/// characters that mean something to a file system or a header
/// (`/ \ : * ? " < > |` become `_`); no leading dots (no hidden file, no `..`);
/// at most [`FILE_NAME_MAX_CHARS`] characters; and ending in the extension of
/// the type the bytes really are (`scan.pdf` holding a PNG becomes `scan.png`).
pub fn sanitise_file_name(name: &str, media_type: MediaType) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end();
    // The stem, without an extension that names an accepted type (the right
    // one is put back below), so a PNG sent as `scan.pdf` is not `scan.pdf.png`.
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, extension))
            if MediaType::ALL.iter().any(|m| m.has_extension(extension)) && !stem.trim().is_empty() =>
        {
            stem.trim_end()
        }
        _ => cleaned,
    };
    let stem = if stem.is_empty() { "document" } else { stem };
    let suffix = format!(".{}", media_type.extension());
    let room = FILE_NAME_MAX_CHARS - suffix.chars().count();
    let stem: String = stem.chars().take(room).collect();
    format!("{}{suffix}", stem.trim_end())
}

/// The file name as plain ASCII, for the `filename=` of a `Content-Disposition`
/// header (old clients); the full name goes in `filename*=` ([`rfc5987`]).
pub fn ascii_file_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' })
        .map(|c| if matches!(c, '"' | '\\' | ';' | '%') { '_' } else { c })
        .collect()
}

/// The file name percent-encoded as RFC 5987 `ext-value` characters.
pub fn rfc5987(name: &str) -> String {
    let mut encoded = String::new();
    for byte in name.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(byte) {
            encoded.push(char::from(*byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The whole `Content-Disposition` value for downloading `name` as an attachment.
pub fn content_disposition(name: &str) -> String {
    format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_file_name(name),
        rfc5987(name)
    )
}

#[cfg(test)]
mod tests;
