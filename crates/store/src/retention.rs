//! The retention rules: what we stop keeping, and when. Each rule states its condition once,
//! and both the count (what `essaim retention --dry-run` lists) and the deletion (what the
//! maintenance runs) use it: the dry run lists exactly what the run deletes, by construction.

use crate::{Store, StoreError};

/// The instants before which each rule's rows go (Unix seconds), worked out from the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionCutoffs {
    /// People whose signature, still unconfirmed, was made before this.
    pub unconfirmed_before: i64,
    /// Now: login links and sessions expired at or before it.
    pub expired_by: i64,
    /// Requests for a login link made before this (they no longer count towards any limit).
    pub login_requests_before: i64,
    /// Emails delivered, or given up, before this.
    pub sent_emails_before: i64,
    /// Audit entries recorded before this.
    pub audit_before: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionRule {
    UnconfirmedSigners,
    LoginTokens,
    Sessions,
    LoginRequests,
    SentEmails,
    AuditEntries,
}

/// People with a signature never confirmed, made before `$1`.
pub(crate) const UNCONFIRMED_PEOPLE: &str = "id IN (SELECT person_id FROM signatures \
     WHERE status = 'pending' AND created_at < $1 AND person_id IS NOT NULL)";

impl RetentionRule {
    /// In the order they apply. The unconfirmed signers go last: erasing a person also takes
    /// their sessions and emails, and if it came first, the rules on those would then delete
    /// fewer rows than the dry run counted for them.
    pub const ALL: [RetentionRule; 6] = [
        RetentionRule::LoginTokens,
        RetentionRule::Sessions,
        RetentionRule::LoginRequests,
        RetentionRule::SentEmails,
        RetentionRule::AuditEntries,
        RetentionRule::UnconfirmedSigners,
    ];

    /// What the rule deletes, in French, for the command's output.
    pub fn label(self) -> &'static str {
        match self {
            RetentionRule::UnconfirmedSigners => "signataires jamais confirmé·es",
            RetentionRule::LoginTokens => "liens de connexion expirés",
            RetentionRule::Sessions => "sessions expirées",
            RetentionRule::LoginRequests => "demandes de lien de connexion",
            RetentionRule::SentEmails => "emails envoyés ou abandonnés",
            RetentionRule::AuditEntries => "entrées du journal des actions de l'équipe",
        }
    }

    /// The table and the condition on it (over `$1`, the cut-off), for the rules that delete
    /// rows of one table. The unconfirmed signers go through `delete_person` (a person has rows
    /// in many tables), and the audit log through its own module.
    fn rows(self) -> (&'static str, &'static str) {
        match self {
            RetentionRule::UnconfirmedSigners => ("people", UNCONFIRMED_PEOPLE),
            RetentionRule::LoginTokens => ("login_tokens", "expires_at <= $1"),
            RetentionRule::Sessions => ("sessions", "expires_at <= $1"),
            RetentionRule::LoginRequests => ("login_requests", "requested_at < $1"),
            RetentionRule::SentEmails => (
                "outbox",
                "(sent_at IS NOT NULL AND sent_at < $1) \
                 OR (sent_at IS NULL AND dead_at IS NOT NULL AND dead_at < $1)",
            ),
            RetentionRule::AuditEntries => ("audit_log", "at < $1"),
        }
    }

    fn cutoff(self, cutoffs: &RetentionCutoffs) -> i64 {
        match self {
            RetentionRule::UnconfirmedSigners => cutoffs.unconfirmed_before,
            RetentionRule::LoginTokens | RetentionRule::Sessions => cutoffs.expired_by,
            RetentionRule::LoginRequests => cutoffs.login_requests_before,
            RetentionRule::SentEmails => cutoffs.sent_emails_before,
            RetentionRule::AuditEntries => cutoffs.audit_before,
        }
    }
}

/// Per rule, how many rows it would delete (dry run) or deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionReport {
    pub lines: Vec<(RetentionRule, u64)>,
}

impl RetentionReport {
    pub fn count(&self, rule: RetentionRule) -> u64 {
        self.lines
            .iter()
            .find(|(r, _)| *r == rule)
            .map_or(0, |(_, n)| *n)
    }

    pub fn total(&self) -> u64 {
        self.lines.iter().map(|(_, n)| n).sum()
    }
}

impl Store {
    /// What each rule would delete now; deletes nothing.
    pub async fn count_retention(
        &self,
        cutoffs: &RetentionCutoffs,
    ) -> Result<RetentionReport, StoreError> {
        let mut lines = Vec::new();
        for rule in RetentionRule::ALL {
            let cutoff = rule.cutoff(cutoffs);
            let count = match rule {
                RetentionRule::AuditEntries => self.count_audit_before(cutoff).await?,
                _ => {
                    let (table, condition) = rule.rows();
                    sqlx::query_scalar::<_, i64>(&format!(
                        "SELECT COUNT(*) FROM {table} WHERE {condition}"
                    ))
                    .bind(cutoff)
                    .fetch_one(&self.pool)
                    .await?
                }
            };
            lines.push((rule, count.max(0) as u64));
        }
        Ok(RetentionReport { lines })
    }

    /// Applies every rule; returns what each deleted.
    pub async fn apply_retention(
        &self,
        cutoffs: &RetentionCutoffs,
    ) -> Result<RetentionReport, StoreError> {
        let mut lines = Vec::new();
        for rule in RetentionRule::ALL {
            let cutoff = rule.cutoff(cutoffs);
            let deleted = match rule {
                RetentionRule::UnconfirmedSigners => self.purge_unconfirmed(cutoff).await?,
                RetentionRule::AuditEntries => self.purge_audit_before(cutoff).await?,
                _ => {
                    let (table, condition) = rule.rows();
                    sqlx::query(&format!("DELETE FROM {table} WHERE {condition}"))
                        .bind(cutoff)
                        .execute(&self.pool)
                        .await?
                        .rows_affected()
                }
            };
            lines.push((rule, deleted));
        }
        Ok(RetentionReport { lines })
    }
}
