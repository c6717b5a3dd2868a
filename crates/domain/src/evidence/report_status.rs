//! The life cycle of a quarterly provider report.
//!
//! The cooperative generates its report from the register, reviews it and
//! submits it; the programme manager approves it or sends it back with
//! comments. An approved report is frozen: nothing changes it any more, and a
//! correction is a new version, with a reason, that goes through the same steps.

use crate::Message;
use crate::msg;
use crate::pathways::household::word_enum;

word_enum!(
    /// Where a provider report stands.
    ReportStatus { Draft => "draft", Submitted => "submitted", Returned => "returned", Approved => "approved" }
);

word_enum!(
    /// What may be done to a provider report.
    ReportAction { Regenerate => "regenerate", Submit => "submit", Approve => "approve", Return => "return" }
);

/// Why an action is refused, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportRefusal {
    #[error("an approved report is frozen: record a correction as a new version instead")]
    Frozen,
    #[error("a {status} report cannot be {action}: {hint}")]
    NotNow {
        status: ReportStatus,
        action: &'static str,
        hint: &'static str,
    },
    #[error("say why the report goes back to the cooperative")]
    CommentRequired,
    #[error("say why the approved report needs a correction")]
    ReasonRequired,
    #[error("only the latest version of a report can be corrected")]
    NotLatest,
}

impl ReportStatus {
    /// Whether the content may still be regenerated from the register.
    pub fn is_open(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }

    /// The status after `action`, or why it may not happen now. Sending back
    /// needs a comment; the caller passes it to make the rule visible here.
    pub fn after(self, action: ReportAction, comment: &str) -> Result<ReportStatus, ReportRefusal> {
        use ReportAction::*;
        use ReportStatus::*;
        if self == Approved {
            return Err(ReportRefusal::Frozen);
        }
        match (self, action) {
            (Draft | Returned, Regenerate) => Ok(self),
            (Draft | Returned, Submit) => Ok(Submitted),
            (Submitted, Approve) => Ok(Approved),
            (Submitted, Return) if comment.trim().is_empty() => Err(ReportRefusal::CommentRequired),
            (Submitted, Return) => Ok(Returned),
            (Submitted, Regenerate | Submit) => Err(ReportRefusal::NotNow {
                status: self,
                action: action.past_tense(),
                hint: "it is with the programme manager for review",
            }),
            (Draft | Returned, Approve | Return) => Err(ReportRefusal::NotNow {
                status: self,
                action: action.past_tense(),
                hint: "the cooperative has not submitted it yet",
            }),
            (Approved, _) => Err(ReportRefusal::Frozen),
        }
    }
}

impl ReportRefusal {
    /// The refusal for the person who asked.
    pub fn message(&self) -> Message {
        match self {
            ReportRefusal::Frozen => msg!("error-report-frozen"),
            ReportRefusal::NotNow {
                action: "corrected", ..
            } => msg!("error-report-correct-open"),
            ReportRefusal::NotNow { status, action, .. } => {
                // The action as a word without spaces, so the message can select on it.
                let action = action.replace(' ', "_");
                if *status == ReportStatus::Submitted {
                    msg!("error-report-under-review", action = action)
                } else {
                    msg!("error-report-not-submitted", action = action)
                }
            }
            ReportRefusal::CommentRequired => msg!("error-report-comment-required"),
            ReportRefusal::ReasonRequired => msg!("error-report-reason-required"),
            ReportRefusal::NotLatest => msg!("error-report-not-latest"),
        }
    }
}

impl ReportAction {
    fn past_tense(self) -> &'static str {
        match self {
            ReportAction::Regenerate => "regenerated",
            ReportAction::Submit => "submitted",
            ReportAction::Approve => "approved",
            ReportAction::Return => "sent back",
        }
    }
}

/// A correction of an approved report: allowed only on the latest version,
/// which must be approved, and only with a reason.
pub fn may_correct(status: ReportStatus, is_latest: bool, reason: &str) -> Result<(), ReportRefusal> {
    if !is_latest {
        return Err(ReportRefusal::NotLatest);
    }
    if status != ReportStatus::Approved {
        return Err(ReportRefusal::NotNow {
            status,
            action: "corrected",
            hint: "regenerate it while it is open; only approved reports need a correction",
        });
    }
    if reason.trim().is_empty() {
        return Err(ReportRefusal::ReasonRequired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportAction::*;
    use ReportStatus::*;

    #[test]
    fn a_report_goes_from_draft_to_approved_through_review() {
        assert_eq!(Draft.after(Regenerate, ""), Ok(Draft));
        assert_eq!(Draft.after(Submit, ""), Ok(Submitted));
        assert_eq!(Submitted.after(Return, "hours of May missing"), Ok(Returned));
        assert_eq!(Returned.after(Submit, ""), Ok(Submitted));
        assert_eq!(Submitted.after(Approve, ""), Ok(Approved));
        assert_eq!(Submitted.after(Return, "  "), Err(ReportRefusal::CommentRequired));
        assert!(Draft.after(Approve, "").is_err());
        assert!(Submitted.after(Regenerate, "").is_err());
    }

    #[test]
    fn nothing_moves_an_approved_report() {
        for action in ReportAction::ALL {
            assert_eq!(Approved.after(*action, "x"), Err(ReportRefusal::Frozen), "{action}");
        }
        assert!(!Approved.is_open());
    }

    #[test]
    fn only_the_latest_approved_version_is_corrected_and_with_a_reason() {
        assert_eq!(may_correct(Approved, true, "wrong hours in June"), Ok(()));
        assert_eq!(may_correct(Approved, true, ""), Err(ReportRefusal::ReasonRequired));
        assert_eq!(may_correct(Approved, false, "x"), Err(ReportRefusal::NotLatest));
        assert!(may_correct(Submitted, true, "x").is_err());
    }
}
