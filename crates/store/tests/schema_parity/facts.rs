//! The one vocabulary both schemas are described in, and the comparison.

use std::collections::BTreeSet;

pub type Facts = BTreeSet<String>;

/// The type both sides are compared in. SQLite keeps every integer in up to 8 bytes, so its
/// INTEGER and BIGINT are PostgreSQL's bigint; PostgreSQL's 4-byte integer is deliberately no
/// match for them (the code reads every integer as i64, and a value past 2^31 would fail on
/// PostgreSQL only). Flags are 0/1 integers on both sides, so boolean has no match either.
pub fn sqlite_type(declared: &str) -> String {
    match declared.to_ascii_uppercase().as_str() {
        "INTEGER" | "BIGINT" => "bigint".into(),
        "TEXT" => "text".into(),
        "REAL" => "double precision".into(),
        "BLOB" => "bytes".into(),
        other => format!("unmapped SQLite type {other}"),
    }
}

pub fn postgres_type(data_type: &str) -> String {
    match data_type {
        "bigint" => "bigint".into(),
        "text" => "text".into(),
        "double precision" => "double precision".into(),
        "bytea" => "bytes".into(),
        other => format!("unmapped PostgreSQL type {other}"),
    }
}

/// An index condition or a default as both sides can agree on it: PostgreSQL gives back
/// `((status = 'confirmed'::text) AND (counted = 0))` for SQLite's `status = 'confirmed' AND
/// counted = 0`, so casts and parentheses go, and case and spacing are made uniform.
pub fn normalized(sql: &str) -> String {
    let mut out = String::new();
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ':' if chars.peek() == Some(&':') => {
                chars.next();
                while chars
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    chars.next();
                }
            }
            '(' | ')' => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn column_fact(
    table: &str,
    column: &str,
    ty: &str,
    not_null: bool,
    default: Option<&str>,
    generated: bool,
) -> String {
    let mut fact = format!(
        "{table}: column {column} {ty} {}",
        if not_null { "not null" } else { "null" }
    );
    if let Some(default) = default {
        fact += &format!(" default {}", normalized(default));
    }
    if generated {
        fact += " generated";
    }
    fact
}

pub fn index_fact(
    table: &str,
    name: &str,
    columns: &str,
    unique: bool,
    condition: Option<&str>,
) -> String {
    let mut fact = format!(
        "{table}: {}index {name} ({columns})",
        if unique { "unique " } else { "" }
    );
    if let Some(condition) = condition {
        fact += &format!(" where {}", normalized(condition));
    }
    fact
}

pub fn foreign_key_fact(
    table: &str,
    from: &str,
    target: &str,
    to: &str,
    on_delete: &str,
) -> String {
    format!("{table}: foreign key ({from}) references {target}({to}) on delete {on_delete}")
}

/// None when both sides agree; otherwise the facts only one side has, table by table.
pub fn drift(sqlite: &Facts, postgres: &Facts) -> Option<String> {
    let mut lines: Vec<(&String, &str)> = sqlite
        .difference(postgres)
        .map(|fact| (fact, "SQLite only:    "))
        .chain(
            postgres
                .difference(sqlite)
                .map(|fact| (fact, "PostgreSQL only:")),
        )
        .collect();
    if lines.is_empty() {
        return None;
    }
    lines.sort();
    let mut report = String::from(
        "the SQLite and PostgreSQL migrations build different schemas \
         (add a migration to the side that is wrong):\n",
    );
    for (fact, side) in lines {
        report += &format!("  {side} {fact}\n");
    }
    Some(report)
}
