//! The retention rules: what we stop keeping, and when. Each rule states its condition once,
//! and both the count (what `essaim retention --dry-run` lists) and the deletion (what the
//! maintenance runs) use it: the dry run lists exactly what the run deletes, by construction.

use jiff::civil::Date;

use crate::{Store, StoreError};

/// What each rule measures against (Unix seconds, unless said), worked out from the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionCutoffs {
    /// Now: login links and sessions expired at or before it.
    pub now: i64,
    /// Today, in France (the days of the ledger and of the ballots).
    pub today: Date,
    /// People whose signature, still unconfirmed, was made before this.
    pub unconfirmed_before: i64,
    /// Requests for a login link made before this (they no longer count towards any limit).
    pub login_requests_before: i64,
    /// Emails delivered, or given up, before this.
    pub sent_emails_before: i64,
    /// Audit entries recorded before this.
    pub audit_before: i64,
    /// Gifts asked before this and never paid.
    pub unpaid_gifts_before: i64,
    /// Ledger lines received before this day.
    pub ledger_kept_from: Date,
    /// Days after delivery (or cancellation) a material order keeps its shipping address.
    pub order_address_days: i64,
    /// Days after a ballot's last round its procurations are kept.
    pub proxy_days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionRule {
    UnconfirmedSigners,
    LoginTokens,
    Sessions,
    LoginRequests,
    SentEmails,
    AuditEntries,
    UnpaidGifts,
    LedgerLines,
    OrderAddresses,
    PastProxies,
}

/// People with a signature never confirmed, made before `$1`.
pub(crate) const UNCONFIRMED_PEOPLE: &str = "id IN (SELECT person_id FROM signatures \
     WHERE status = 'pending' AND created_at < $1 AND person_id IS NOT NULL)";

impl RetentionRule {
    /// In the order they apply. The unconfirmed signers go last: erasing a person also takes
    /// their sessions and emails, and if it came first, the rules on those would then delete
    /// fewer rows than the dry run counted for them.
    pub const ALL: [RetentionRule; 10] = [
        RetentionRule::LoginTokens,
        RetentionRule::Sessions,
        RetentionRule::LoginRequests,
        RetentionRule::SentEmails,
        RetentionRule::AuditEntries,
        RetentionRule::UnpaidGifts,
        RetentionRule::LedgerLines,
        RetentionRule::OrderAddresses,
        RetentionRule::PastProxies,
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
            RetentionRule::UnpaidGifts => "dons jamais payés",
            RetentionRule::LedgerLines => "lignes du registre des dons",
            RetentionRule::OrderAddresses => "adresses de livraison de matériel",
            RetentionRule::PastProxies => "demandes et offres de procuration de scrutins passés",
        }
    }

    /// The ending of a past participle agreeing with `label` (plural): "s" (masculine), "es"
    /// (feminine), "·es" (people, of any gender).
    pub fn agreement(self) -> &'static str {
        match self {
            RetentionRule::UnconfirmedSigners => "·es",
            RetentionRule::LoginTokens | RetentionRule::SentEmails | RetentionRule::UnpaidGifts => {
                "s"
            }
            RetentionRule::Sessions
            | RetentionRule::LoginRequests
            | RetentionRule::AuditEntries
            | RetentionRule::LedgerLines
            | RetentionRule::OrderAddresses
            | RetentionRule::PastProxies => "es",
        }
    }

    /// The table and the condition on it (over `$1`, the cut-off), for the rules that delete
    /// rows of one table. The others have their count beside their purge, in their own module,
    /// over one condition; the unconfirmed signers go through `delete_person` (a person has
    /// rows in many tables).
    fn rows(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            RetentionRule::UnconfirmedSigners => ("people", UNCONFIRMED_PEOPLE),
            RetentionRule::LoginTokens => ("login_tokens", "expires_at <= $1"),
            RetentionRule::Sessions => ("sessions", "expires_at <= $1"),
            RetentionRule::LoginRequests => ("login_requests", "requested_at < $1"),
            RetentionRule::SentEmails => (
                "outbox",
                "(sent_at IS NOT NULL AND sent_at < $1) \
                 OR (sent_at IS NULL AND dead_at IS NOT NULL AND dead_at < $1)",
            ),
            _ => return None,
        })
    }

    /// The cut-off of the rules that have one instant.
    fn cutoff(self, cutoffs: &RetentionCutoffs) -> i64 {
        match self {
            RetentionRule::UnconfirmedSigners => cutoffs.unconfirmed_before,
            RetentionRule::LoginRequests => cutoffs.login_requests_before,
            RetentionRule::SentEmails => cutoffs.sent_emails_before,
            RetentionRule::AuditEntries => cutoffs.audit_before,
            RetentionRule::UnpaidGifts => cutoffs.unpaid_gifts_before,
            _ => cutoffs.now,
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
            lines.push((rule, self.count_rule(rule, cutoffs).await?.max(0) as u64));
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
            lines.push((rule, self.apply_rule(rule, cutoffs).await?));
        }
        Ok(RetentionReport { lines })
    }

    async fn count_rule(
        &self,
        rule: RetentionRule,
        cutoffs: &RetentionCutoffs,
    ) -> Result<i64, StoreError> {
        let cutoff = rule.cutoff(cutoffs);
        if let Some((table, condition)) = rule.rows() {
            return Ok(sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE {condition}"
            ))
            .bind(cutoff)
            .fetch_one(&self.pool)
            .await?);
        }
        match rule {
            RetentionRule::AuditEntries => self.count_audit_before(cutoff).await,
            RetentionRule::UnpaidGifts => self.count_unpaid_gifts(cutoff).await,
            RetentionRule::LedgerLines => self.count_ledger_before(cutoffs.ledger_kept_from).await,
            RetentionRule::OrderAddresses => {
                self.count_order_addresses(cutoffs.order_address_days, cutoffs.now)
                    .await
            }
            _ => {
                self.count_past_proxies(cutoffs.today, cutoffs.proxy_days)
                    .await
            }
        }
    }

    async fn apply_rule(
        &self,
        rule: RetentionRule,
        cutoffs: &RetentionCutoffs,
    ) -> Result<u64, StoreError> {
        let cutoff = rule.cutoff(cutoffs);
        match rule {
            RetentionRule::UnconfirmedSigners => self.purge_unconfirmed(cutoff).await,
            RetentionRule::AuditEntries => self.purge_audit_before(cutoff).await,
            RetentionRule::UnpaidGifts => self.purge_unpaid_gifts(cutoff).await,
            RetentionRule::LedgerLines => self.purge_ledger_before(cutoffs.ledger_kept_from).await,
            RetentionRule::OrderAddresses => {
                self.purge_order_addresses(cutoffs.order_address_days, cutoffs.now)
                    .await
            }
            RetentionRule::PastProxies => {
                self.purge_past_proxies(cutoffs.today, cutoffs.proxy_days)
                    .await
            }
            RetentionRule::SentEmails => {
                let (_, condition) = rule.rows().expect("the sent emails are rows of the outbox");
                self.purge_sent_emails(condition, cutoff).await
            }
            _ => {
                let Some((table, condition)) = rule.rows() else {
                    unreachable!("every other rule deletes rows of one table")
                };
                Ok(
                    sqlx::query(&format!("DELETE FROM {table} WHERE {condition}"))
                        .bind(cutoff)
                        .execute(&self.pool)
                        .await?
                        .rows_affected(),
                )
            }
        }
    }
}
