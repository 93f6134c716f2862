//! Generic data tests (`not_null`, `unique`, `accepted_values`, `relationships`): their names,
//! as dbt derives them, and the queries returning their failing rows.

use crate::quote::{quote_identifier, quote_string};
use serde_json::Value;

/// The generic tests kiln knows.
pub const GENERIC_TESTS: &[&str] = &["not_null", "unique", "accepted_values", "relationships"];

/// What a failing-rows query needs besides the test's own arguments.
pub struct TestTarget<'a> {
    /// The tested relation, quoted.
    pub relation: &'a str,
    pub column: Option<&'a str>,
    pub arguments: &'a serde_json::Map<String, Value>,
    /// `config.where`: a filter applied to the tested relation first.
    pub where_clause: Option<&'a str>,
    /// For `relationships`: the rendered `to` relation.
    pub to_relation: Option<&'a str>,
}

/// The query returning the failing rows, or a message saying what is missing.
pub fn failing_rows_sql(test_name: &str, target: &TestTarget) -> Result<String, String> {
    let from = match target.where_clause {
        Some(filter) => format!("(SELECT * FROM {} WHERE {filter})", target.relation),
        None => target.relation.to_string(),
    };
    let column = || {
        target.column.map(quote_identifier).ok_or_else(|| {
            format!(
                "`{test_name}` needs a column: declare it under a column, or give `column_name`"
            )
        })
    };
    match test_name {
        "not_null" => Ok(format!(
            "SELECT *\nFROM {from}\nWHERE {} IS NULL",
            column()?
        )),
        "unique" => {
            let column = column()?;
            Ok(format!(
                "SELECT {column} AS unique_field, count() AS n_records\nFROM {from}\nWHERE {column} IS NOT NULL\nGROUP BY {column}\nHAVING count() > 1"
            ))
        }
        "accepted_values" => {
            let column = column()?;
            let values = match target.arguments.get("values") {
                Some(Value::Array(values)) if !values.is_empty() => values,
                _ => return Err("`accepted_values` needs a non-empty list `values`".into()),
            };
            let quote = target
                .arguments
                .get("quote")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            let literals: Vec<String> = values
                .iter()
                .map(|value| match (value, quote) {
                    (Value::String(text), true) => quote_string(text),
                    (Value::String(text), false) => text.clone(),
                    (other, true) => quote_string(&other.to_string()),
                    (other, false) => other.to_string(),
                })
                .collect();
            Ok(format!(
                "SELECT {column} AS value_field, count() AS n_records\nFROM {from}\nGROUP BY {column}\nHAVING {column} NOT IN ({})",
                literals.join(", ")
            ))
        }
        "relationships" => {
            let column = column()?;
            let field = target
                .arguments
                .get("field")
                .and_then(Value::as_str)
                .ok_or("`relationships` needs `field`: the column of the `to` relation")?;
            let to = target
                .to_relation
                .ok_or("`relationships` needs `to`, e.g. `to: ref('dim_customers')`")?;
            Ok(format!(
                "SELECT {column} AS from_field\nFROM {from}\nWHERE {column} IS NOT NULL\n  AND {column} NOT IN (SELECT {} FROM {to})",
                quote_identifier(field)
            ))
        }
        other => Err(format!("unknown generic test `{other}`")),
    }
}

/// dbt's test name: `not_null_orders_id`, `accepted_values_orders_status__placed__shipped`,
/// `relationships_orders_customer_id__id__ref_customers_`; source tests start `source_`.
pub fn test_name(
    test_name: &str,
    subject: &str,
    column: Option<&str>,
    arguments: &serde_json::Map<String, Value>,
) -> String {
    let mut parts = vec![test_name.to_string(), subject.to_string()];
    if let Some(column) = column {
        parts.push(column.to_string());
    }
    let mut name = parts.join("_");
    let mut extras = Vec::new();
    let mut keys: Vec<&String> = arguments.keys().collect();
    keys.sort();
    for key in keys {
        let Some(value) = arguments.get(key) else {
            continue;
        };
        if key == "column_name" || key == "quote" {
            continue;
        }
        match value {
            Value::Array(items) => extras.extend(items.iter().map(value_text)),
            other => extras.push(value_text(other)),
        }
    }
    for extra in extras {
        name.push_str("__");
        name.push_str(&extra);
    }
    // dbt replaces each run of other characters by one underscore.
    let mut cleaned = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            cleaned.push(c);
            in_run = false;
        } else if !in_run {
            cleaned.push('_');
            in_run = true;
        }
    }
    cleaned
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_dbt() {
        let mut arguments = serde_json::Map::new();
        arguments.insert("values".into(), serde_json::json!(["placed", "shipped"]));
        assert_eq!(
            test_name("accepted_values", "orders", Some("status"), &arguments),
            "accepted_values_orders_status__placed__shipped"
        );
        let mut arguments = serde_json::Map::new();
        arguments.insert("to".into(), serde_json::json!("ref('customers')"));
        arguments.insert("field".into(), serde_json::json!("id"));
        assert_eq!(
            test_name("relationships", "orders", Some("customer_id"), &arguments),
            "relationships_orders_customer_id__id__ref_customers_"
        );
    }
}
