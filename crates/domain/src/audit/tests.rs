use super::*;
use proptest::prelude::*;

fn chain(actions: &[&str]) -> Vec<AuditEntry> {
    let mut prev = GENESIS_HASH.to_owned();
    let mut entries = Vec::new();
    for (i, action) in actions.iter().enumerate() {
        let mut entry = AuditEntry {
            seq: i as i64 + 1,
            at: format!("2026-11-23T09:00:{:02}.000Z", i % 60),
            actor_user_id: Some(7),
            actor: "anna@sds.example".into(),
            action: (*action).into(),
            resource_type: "organisation".into(),
            resource_id: Some(i.to_string()),
            organisation_id: Some(1),
            ip: Some("127.0.0.1".into()),
            detail: "{}".into(),
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        entry.hash = entry_hash(&entry);
        prev.clone_from(&entry.hash);
        entries.push(entry);
    }
    entries
}

fn verify(entries: &[AuditEntry], head_seq: i64, head_hash: &str) -> Result<u64, ChainBreak> {
    let mut verifier = ChainVerifier::new();
    for entry in entries {
        verifier.check(entry)?;
    }
    verifier.finish(head_seq, head_hash)
}

#[test]
fn an_untouched_chain_verifies() {
    let entries = chain(&["a", "b", "c"]);
    let head = entries[2].hash.clone();
    assert_eq!(verify(&entries, 3, &head), Ok(3));
}

#[test]
fn an_edited_action_is_reported_at_its_entry() {
    let mut entries = chain(&["a", "b", "c"]);
    let head = entries[2].hash.clone();
    entries[1].action = "organisation.delete".into();
    assert_eq!(verify(&entries, 3, &head), Err(ChainBreak::Edited { seq: 2 }));
}

#[test]
fn a_deleted_middle_entry_is_reported_as_a_gap() {
    let mut entries = chain(&["a", "b", "c"]);
    let head = entries[2].hash.clone();
    entries.remove(1);
    assert_eq!(verify(&entries, 3, &head), Err(ChainBreak::Gap { previous: 1, seq: 3 }));
}

#[test]
fn a_deleted_last_entry_is_reported_as_truncation() {
    let mut entries = chain(&["a", "b", "c"]);
    let head = entries[2].hash.clone();
    entries.pop();
    assert_eq!(
        verify(&entries, 3, &head),
        Err(ChainBreak::Truncated { last: 2, expected: 3 })
    );
}

#[test]
fn an_entry_rehashed_after_an_edit_still_breaks_the_link_to_the_next() {
    let mut entries = chain(&["a", "b", "c"]);
    let head = entries[2].hash.clone();
    entries[1].detail = "{\"forged\":true}".into();
    entries[1].hash = entry_hash(&entries[1]);
    assert_eq!(verify(&entries, 3, &head), Err(ChainBreak::Relinked { seq: 3 }));
}

proptest! {
    /// Changing any one field of any one entry is always detected.
    #[test]
    fn any_single_field_edit_is_detected(
        len in 1usize..12, which in 0usize..12, field in 0usize..8, text in "[a-z0-9]{1,8}",
    ) {
        let actions: Vec<String> = (0..len).map(|i| format!("action.{i}")).collect();
        let refs: Vec<&str> = actions.iter().map(String::as_str).collect();
        let mut entries = chain(&refs);
        let head = entries[len - 1].hash.clone();
        let target = &mut entries[which % len];
        let marker = format!("~{text}");
        match field {
            0 => target.at.push_str(&marker),
            1 => target.actor.push_str(&marker),
            2 => target.action.push_str(&marker),
            3 => target.resource_type.push_str(&marker),
            4 => target.detail.push_str(&marker),
            5 => target.actor_user_id = Some(target.actor_user_id.unwrap_or(0) + 1),
            6 => target.organisation_id = None,
            _ => target.ip = Some(marker),
        }
        prop_assert!(verify(&entries, len as i64, &head).is_err());
    }
}

fn verify_anchored(entries: &[AuditEntry], anchor: &Anchor) -> Result<u64, ChainBreak> {
    let mut verifier = ChainVerifier::anchored(anchor.clone());
    for entry in entries {
        verifier.check(entry)?;
    }
    let (head_seq, head_hash) = entries
        .last()
        .map_or((0, GENESIS_HASH.to_owned()), |e| (e.seq, e.hash.clone()));
    verifier.finish(head_seq, &head_hash)
}

fn anchor_at(entry: &AuditEntry) -> Anchor {
    Anchor {
        seq: entry.seq,
        hash: entry.hash.clone(),
    }
}

#[test]
fn a_deleted_last_entry_with_the_head_rewound_is_caught_by_the_anchor() {
    let mut entries = chain(&["a", "b", "c"]);
    let anchor = anchor_at(&entries[2]);
    entries.pop();
    assert_eq!(
        verify_anchored(&entries, &anchor),
        Err(ChainBreak::ShorterThanAnchor { last: 2, anchor: 3 })
    );
}

#[test]
fn a_chain_recomputed_after_an_edit_is_caught_by_the_anchor() {
    let entries = chain(&["a", "b", "c"]);
    let anchor = anchor_at(&entries[2]);
    let forged = chain(&["a", "organisation.delete", "c"]);
    assert_eq!(
        verify_anchored(&forged, &anchor),
        Err(ChainBreak::AnchorMismatch { seq: 3 })
    );
}

#[test]
fn a_chain_that_grew_after_the_anchor_still_verifies() {
    let entries = chain(&["a", "b", "c", "d", "e"]);
    let anchor = anchor_at(&entries[2]);
    assert_eq!(verify_anchored(&entries, &anchor), Ok(5));
}

#[test]
fn an_anchor_is_written_and_read_as_seq_colon_hash() {
    let entries = chain(&["a"]);
    let anchor = anchor_at(&entries[0]);
    let text = anchor.to_string();
    assert_eq!(text, format!("1:{}", entries[0].hash));
    assert_eq!(text.parse::<Anchor>(), Ok(anchor));
    assert!("1".parse::<Anchor>().is_err());
    assert!("x:abc".parse::<Anchor>().is_err());
    assert!("-1:00".parse::<Anchor>().is_err());
}
