//! Quoting of identifiers and string literals in emitted ClickHouse SQL.
//!
//! **Invariant:** every name that comes from a file name or YAML reaches SQL only through
//! these functions, so no name can inject SQL.

/// A ClickHouse identifier in backticks, with backslashes and backticks escaped.
pub fn quote_identifier(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('`');
    for ch in name.chars() {
        match ch {
            '`' => out.push_str("\\`"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            other => out.push(other),
        }
    }
    out.push('`');
    out
}

/// `` `database`.`table` ``.
pub fn quote_relation(database: &str, table: &str) -> String {
    format!("{}.{}", quote_identifier(database), quote_identifier(table))
}

/// A ClickHouse string literal in single quotes, with backslashes and quotes escaped.
pub fn quote_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for ch in value.chars() {
        match ch {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            other => out.push(other),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_would_end_the_quote() {
        assert_eq!(quote_identifier("orders"), "`orders`");
        assert_eq!(
            quote_identifier("a`; DROP TABLE x; --"),
            "`a\\`; DROP TABLE x; --`"
        );
        assert_eq!(quote_identifier("a\\`b"), "`a\\\\\\`b`");
        assert_eq!(quote_string("it's"), "'it\\'s'");
        assert_eq!(
            quote_relation("analytics", "fct_orders"),
            "`analytics`.`fct_orders`"
        );
    }
}
