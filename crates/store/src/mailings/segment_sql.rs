//! A segment as one SQL condition on `people p`, with its values bound: the count shown to
//! staff and the queueing of the mailing use this very condition, so that the count is the
//! number of emails queued. Lists stored as comma-separated codes (skills, interests) are
//! matched as `,code,` inside `,list,`.

use essaim_domain::agir::Coded;
use essaim_domain::mailing::{GroupRole, Segment, WeeklyCap};
use sqlx::any::AnyArguments;
use sqlx::Arguments;

use crate::StoreError;

/// A value to bind, in the order of the `$n` of the condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Int(i64),
    Text(String),
}

/// SQL text with numbered placeholders from `first`, and their values.
pub(crate) struct Condition {
    pub sql: String,
    pub values: Vec<Value>,
    first: usize,
}

impl Condition {
    fn new(first: usize) -> Self {
        Self {
            sql: String::new(),
            values: Vec::new(),
            first,
        }
    }

    /// Binds `value` and returns its placeholder.
    fn bind(&mut self, value: Value) -> String {
        self.values.push(value);
        format!("${}", self.first + self.values.len() - 1)
    }

    fn list(&mut self, values: impl IntoIterator<Item = Value>) -> String {
        values
            .into_iter()
            .map(|v| self.bind(v))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn and(&mut self, clause: &str) {
        self.sql.push_str(" AND ");
        self.sql.push_str(clause);
    }

    /// Adds the values, in order, after those already in `arguments`.
    pub fn add_to(&self, arguments: &mut AnyArguments<'_>) -> Result<(), StoreError> {
        for value in &self.values {
            match value {
                Value::Int(v) => arguments.add(*v),
                Value::Text(v) => arguments.add(v.clone()),
            }
            .map_err(sqlx::Error::Encode)?;
        }
        Ok(())
    }
}

/// Who the segment holds, placeholders numbered from `first`. Always: accepted the news and
/// confirmed their signature (an address never confirmed gets no campaign email).
pub(crate) fn segment_condition(segment: &Segment, first: usize) -> Condition {
    let mut c = Condition::new(first);
    c.sql.push_str("p.news_optin = 1");
    let departements = if segment.departements.is_empty() {
        String::new()
    } else {
        let list = c.list(segment.departements.iter().cloned().map(Value::Text));
        format!(" AND s.departement IN ({list})")
    };
    c.and(&format!(
        "EXISTS (SELECT 1 FROM signatures s WHERE s.person_id = p.id AND s.status = 'confirmed'{departements})"
    ));
    if let Some(area) = &segment.area {
        // An area with no postal code holds nobody.
        let list = if area.postal_codes.is_empty() {
            "NULL".to_string()
        } else {
            c.list(area.postal_codes.iter().cloned().map(Value::Text))
        };
        c.and(&format!("p.postal_code IN ({list})"));
    }
    if let Some(role) = segment.group_role {
        let animator = match role {
            GroupRole::Member => "",
            GroupRole::Animator => " AND gm.is_animator = 1",
        };
        c.and(&format!(
            "EXISTS (SELECT 1 FROM group_members gm JOIN support_groups g ON g.id = gm.group_id \
             WHERE gm.person_id = p.id AND g.closed_at IS NULL{animator})"
        ));
    }
    if !segment.skills.is_empty() {
        let codes: Vec<String> = segment
            .skills
            .iter()
            .map(|s| format!("%,{},%", s.code()))
            .collect();
        let offered = any_of(&mut c, "so.skills", &codes);
        let profiled = any_of(&mut c, "ap.skills", &codes);
        c.and(&format!(
            "(EXISTS (SELECT 1 FROM skill_offers so WHERE so.person_id = p.id \
             AND so.withdrawn_at IS NULL AND ({offered})) \
             OR EXISTS (SELECT 1 FROM action_profiles ap WHERE ap.person_id = p.id AND ({profiled})))"
        ));
    }
    if !segment.interests.is_empty() {
        let codes: Vec<String> = segment
            .interests
            .iter()
            .map(|i| format!("%,{},%", Coded::code(*i)))
            .collect();
        let liked = any_of(&mut c, "ap.interests", &codes);
        c.and(&format!(
            "EXISTS (SELECT 1 FROM action_profiles ap WHERE ap.person_id = p.id AND ({liked}))"
        ));
    }
    if let Some(event) = segment.event {
        let event = c.bind(Value::Int(event.get()));
        c.and(&format!(
            "EXISTS (SELECT 1 FROM event_registrations er WHERE er.person_id = p.id \
             AND er.event_id = {event} AND er.status = 'confirmed')"
        ));
    }
    if segment.donors {
        c.and(
            "EXISTS (SELECT 1 FROM gifts gi JOIN payments pay ON pay.gift_id = gi.id \
             WHERE gi.person_id = p.id AND pay.amount_cents > 0)",
        );
    }
    c
}

/// `',' || column || ',' LIKE $a OR …` for each pattern.
fn any_of(c: &mut Condition, column: &str, patterns: &[String]) -> String {
    patterns
        .iter()
        .map(|pattern| {
            let placeholder = c.bind(Value::Text(pattern.clone()));
            format!("',' || {column} || ',' LIKE {placeholder}")
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The weekly cap on `people p` for a mailing sent at `send_at`, placeholders from `first`:
/// fewer than the cap other mailings due to the person within a week either side.
pub(crate) fn under_cap(cap: WeeklyCap, send_at: i64, first: usize) -> Condition {
    let mut c = Condition::new(first);
    let (from, to) = WeeklyCap::window(send_at);
    let from = c.bind(Value::Int(from));
    let to = c.bind(Value::Int(to));
    let cap = c.bind(Value::Int(i64::from(cap.per_week())));
    c.sql = format!(
        "(SELECT COUNT(*) FROM outbox o JOIN mailings m ON m.id = o.mailing_id \
         WHERE o.person_id = p.id AND o.mailing_id IS NOT NULL \
         AND m.send_at > {from} AND m.send_at < {to}) < {cap}"
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use essaim_domain::agir::Skill;
    use essaim_domain::ids::EventId;

    #[test]
    fn placeholders_follow_the_values() {
        let segment = Segment {
            departements: vec!["93".into(), "69".into()],
            skills: vec![Skill::Video],
            event: Some(EventId::new(7)),
            ..Segment::default()
        };
        let c = segment_condition(&segment, 3);
        assert!(c.sql.contains("s.departement IN ($3, $4)"), "{}", c.sql);
        assert!(
            c.sql.contains("so.skills || ',' LIKE $5")
                && c.sql.contains("ap.skills || ',' LIKE $6")
        );
        assert!(c.sql.contains("er.event_id = $7"));
        assert_eq!(c.values.len(), 5);
        assert_eq!(c.values[4], Value::Int(7));
        let cap = under_cap(WeeklyCap::new(2), 1000, 8);
        assert!(cap.sql.ends_with("< $10"), "{}", cap.sql);
    }
}
