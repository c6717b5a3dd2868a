use super::*;
use proptest::prelude::*;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];

fn draft(name: &str, content: &[u8]) -> DocumentDraft {
    DocumentDraft {
        file_name: name.into(),
        content: content.to_vec(),
        kind: Some("signed_form".into()),
        note: None,
    }
}

#[test]
fn pdf_png_and_jpeg_are_known_by_their_first_bytes() {
    assert_eq!(MediaType::sniff(PDF), Some(MediaType::Pdf));
    assert_eq!(MediaType::sniff(PNG), Some(MediaType::Png));
    assert_eq!(MediaType::sniff(JPEG), Some(MediaType::Jpeg));
    assert_eq!(MediaType::sniff(b"hello, I am text"), None);
    assert_eq!(MediaType::sniff(b"%PD"), None);
    assert_eq!(MediaType::sniff(b""), None);
    // A GIF, a ZIP (an .docx), an HTML page: none is accepted.
    assert_eq!(MediaType::sniff(b"GIF89a"), None);
    assert_eq!(MediaType::sniff(b"PK\x03\x04"), None);
    assert_eq!(MediaType::sniff(b"<html><script>"), None);
}

#[test]
fn a_signed_pdf_is_accepted_with_its_hash() {
    let valid = draft("modulo firmato.pdf", PDF).validate().unwrap();
    assert_eq!(valid.media_type, MediaType::Pdf);
    assert_eq!(valid.kind, DocumentKind::SignedForm);
    assert_eq!(valid.file_name, "modulo firmato.pdf");
    assert_eq!(valid.size(), PDF.len());
    assert_eq!(valid.sha256, sha256_hex(PDF));
    assert_eq!(valid.sha256.len(), 64);
}

#[test]
fn the_sha256_is_the_standard_one() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn a_text_file_named_pdf_is_refused_whatever_its_name() {
    assert_eq!(
        draft("certificato.pdf", b"this is not a PDF").validate(),
        Err(DocumentRefusal::UnsupportedType)
    );
}

#[test]
fn a_file_one_byte_over_the_limit_is_too_large_and_one_at_it_is_not() {
    let mut content = PDF.to_vec();
    content.resize(MAX_DOCUMENT_BYTES, b' ');
    assert!(draft("big.pdf", &content).validate().is_ok());
    content.push(b' ');
    assert_eq!(
        draft("big.pdf", &content).validate(),
        Err(DocumentRefusal::TooLarge {
            limit: MAX_DOCUMENT_BYTES
        })
    );
}

#[test]
fn no_file_an_unknown_kind_and_a_long_note_name_their_fields() {
    let mut bad = draft("x.pdf", b"");
    bad.kind = Some("passport_photo".into());
    bad.note = Some("n".repeat(501));
    let Err(DocumentRefusal::Invalid(errors)) = bad.validate() else {
        panic!("expected field errors");
    };
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["file", "kind", "note"]);
    let mut no_kind = draft("x.pdf", PDF);
    no_kind.kind = None;
    assert!(matches!(no_kind.validate(), Err(DocumentRefusal::Invalid(e)) if e.for_field("kind").is_some()));
}

#[test]
fn kinds_read_and_write_as_their_words() {
    for kind in DocumentKind::ALL {
        assert_eq!(kind.as_str().parse::<DocumentKind>(), Ok(kind));
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
    assert!("photo".parse::<DocumentKind>().is_err());
    for media in MediaType::ALL {
        assert_eq!(media.as_str().parse::<MediaType>(), Ok(media));
        assert_eq!(serde_json::to_value(media).unwrap(), media.as_str());
    }
}

#[test]
fn file_names_lose_their_path_and_gain_the_true_extension() {
    let pdf = MediaType::Pdf;
    assert_eq!(sanitise_file_name("C:\\fakepath\\modulo.pdf", pdf), "modulo.pdf");
    assert_eq!(sanitise_file_name("../../etc/passwd", pdf), "passwd.pdf");
    assert_eq!(sanitise_file_name("..", pdf), "document.pdf");
    assert_eq!(sanitise_file_name("", pdf), "document.pdf");
    assert_eq!(sanitise_file_name(".pdf", pdf), "pdf.pdf");
    assert_eq!(sanitise_file_name("a\r\nb\u{0}.PDF", pdf), "ab.pdf");
    assert_eq!(sanitise_file_name(". .hidden.pdf", pdf), "hidden.pdf");
    assert_eq!(sanitise_file_name("say \"hi\"?.pdf", pdf), "say _hi__.pdf");
    assert_eq!(sanitise_file_name("scan.pdf", MediaType::Png), "scan.png");
    assert_eq!(sanitise_file_name("foto.JPEG", MediaType::Jpeg), "foto.jpg");
    assert_eq!(sanitise_file_name("report.txt", pdf), "report.txt.pdf");
    assert_eq!(
        sanitise_file_name("carta d'identità.jpg", MediaType::Jpeg),
        "carta d'identità.jpg"
    );
    let long = sanitise_file_name(&format!("{}.pdf", "x".repeat(500)), pdf);
    assert_eq!(long.chars().count(), FILE_NAME_MAX_CHARS);
    assert!(long.ends_with(".pdf"));
}

#[test]
fn the_download_header_carries_an_ascii_name_and_the_full_one() {
    assert_eq!(
        content_disposition("carta d'identità.pdf"),
        "attachment; filename=\"carta d'identit_.pdf\"; filename*=UTF-8''carta%20d%27identit%C3%A0.pdf"
    );
}

#[test]
fn each_owner_asks_the_rule_of_its_record() {
    use crate::ids::{ParticipantId, ProjectId, WorkerId};
    let participant = DocumentOwner::Participant(ParticipantId(1));
    assert_eq!(participant.read_action(), Action::Pathway(PathwayAction::ViewHousehold));
    assert_eq!(
        participant.change_action(),
        Action::Pathway(PathwayAction::ManageHousehold)
    );
    let project = DocumentOwner::Project(ProjectId(1));
    assert_eq!(project.read_action(), Action::Pathway(PathwayAction::ViewHousehold));
    assert_eq!(project.change_action(), Action::Pathway(PathwayAction::ManageProject));
    let worker = DocumentOwner::Worker(WorkerId(1));
    assert_eq!(
        worker.read_action(),
        Action::Consortium(ConsortiumAction::ViewRegisters)
    );
    assert_eq!(
        worker.change_action(),
        Action::Consortium(ConsortiumAction::ManageRegisters)
    );
}

proptest! {
    /// Whatever a client sends as a name, what is kept has no path, no
    /// control character, no header-breaking character, is bounded and ends
    /// in the extension of the type the bytes are.
    #[test]
    fn a_sanitised_name_is_always_safe(name in "\\PC{0,300}|[./\\\\:\"\u{0}-\u{1f}a-z]{0,40}", media in 0usize..3) {
        let media = MediaType::ALL[media];
        let clean = sanitise_file_name(&name, media);
        prop_assert!(!clean.is_empty());
        prop_assert!(clean.chars().count() <= FILE_NAME_MAX_CHARS);
        prop_assert!(!clean.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | '"' | ':' | '*' | '?' | '<' | '>' | '|')));
        prop_assert!(!clean.starts_with('.'));
        let suffix = format!(".{}", media.extension());
        prop_assert!(clean.ends_with(&suffix));
        let ascii = ascii_file_name(&clean);
        prop_assert!(ascii.chars().all(|c| c.is_ascii_graphic() || c == ' '));
        prop_assert!(!ascii.contains('"'));
        prop_assert!(rfc5987(&clean).chars().all(|c| c.is_ascii_graphic() && c != '\'' && c != '"'));
    }

    /// Bytes that do not start with an accepted signature are refused as an
    /// unsupported type, whatever name and kind come with them.
    #[test]
    fn bytes_without_a_signature_are_refused(content in proptest::collection::vec(any::<u8>(), 1..256), name in "[a-z]{1,8}\\.(pdf|png|jpg)") {
        let sniffed = MediaType::sniff(&content);
        let result = draft(&name, &content).validate();
        match sniffed {
            None => prop_assert_eq!(result, Err(DocumentRefusal::UnsupportedType)),
            Some(media) => prop_assert_eq!(result.map(|v| v.media_type), Ok(media)),
        }
    }

    /// A valid file is accepted as the type its bytes say, with a hash that
    /// is the hash of exactly those bytes.
    #[test]
    fn any_body_behind_a_signature_is_accepted(tail in proptest::collection::vec(any::<u8>(), 0..512), media in 0usize..3) {
        let media = MediaType::ALL[media];
        let magic: &[u8] = match media { MediaType::Pdf => PDF_MAGIC, MediaType::Png => PNG_MAGIC, MediaType::Jpeg => JPEG_MAGIC };
        let content: Vec<u8> = magic.iter().chain(&tail).copied().collect();
        let valid = draft("file.bin", &content).validate().unwrap();
        prop_assert_eq!(valid.media_type, media);
        prop_assert_eq!(valid.sha256, sha256_hex(&content));
        prop_assert_eq!(valid.content, content);
    }
}
