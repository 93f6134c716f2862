//! Ephemeral models: never built, inlined as CTEs into the SQL of every node that reads them.
//!
//! `ref('e')` renders as the CTE name `__kiln_cte__e`; here each reading node gets
//! `__kiln_cte__e AS (<e's SQL>)` added to its `WITH` clause (or a new one), ephemerals of
//! ephemerals first. Where the `WITH` keyword is, is found with sqlparser's tokenizer, so a
//! comment or string that says "with" is never mistaken for it.

use super::models::EPHEMERAL_PREFIX;
use crate::node::{Node, ResourceType};
use crate::project::config::Materialization;
use sqlparser::dialect::ClickHouseDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

/// Injects ephemeral CTEs into every non-ephemeral node, in topological `order`.
pub fn inline(nodes: &mut [Node], parents: &[Vec<usize>], order: &[usize]) {
    let is_ephemeral = |node: &Node| {
        node.resource_type == ResourceType::Model
            && node.config.materialized == Materialization::Ephemeral
    };
    if !nodes.iter().any(is_ephemeral) {
        return;
    }
    // For each node, the ephemerals it needs, transitively, dependencies first.
    let mut needs: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for &index in order {
        let mut list = Vec::new();
        for &parent in parents.get(index).map_or(&[][..], Vec::as_slice) {
            let Some(parent_node) = nodes.get(parent) else {
                continue;
            };
            if is_ephemeral(parent_node) {
                for &inner in needs.get(parent).map_or(&[][..], Vec::as_slice) {
                    if !list.contains(&inner) {
                        list.push(inner);
                    }
                }
                if !list.contains(&parent) {
                    list.push(parent);
                }
            }
        }
        if let Some(slot) = needs.get_mut(index) {
            *slot = list;
        }
    }
    let bodies: Vec<Option<(String, String)>> = nodes
        .iter()
        .map(|n| {
            is_ephemeral(n).then(|| (n.name.clone(), n.compiled_sql.clone().unwrap_or_default()))
        })
        .collect();
    for (index, node) in nodes.iter_mut().enumerate() {
        let wanted = needs.get(index).map_or(&[][..], Vec::as_slice);
        if wanted.is_empty() || is_ephemeral(node) {
            continue;
        }
        let ctes: Vec<(String, String)> = wanted
            .iter()
            .filter_map(|&e| {
                let (name, body) = bodies.get(e)?.as_ref()?;
                Some((format!("{EPHEMERAL_PREFIX}{name}"), body.clone()))
            })
            .collect();
        for sql in [&mut node.compiled_sql, &mut node.incremental_sql] {
            if let Some(text) = sql.as_mut() {
                *text = inject_ctes(text, &ctes);
            }
        }
        if let Some(test) = node.test.as_mut() {
            test.failing_rows_sql = inject_ctes(&test.failing_rows_sql, &ctes);
        }
    }
}

/// Adds `name AS (body)` CTEs to the statement's `WITH` clause, creating one if needed.
pub fn inject_ctes(sql: &str, ctes: &[(String, String)]) -> String {
    if ctes.is_empty() {
        return sql.to_string();
    }
    let definitions: Vec<String> = ctes
        .iter()
        .map(|(name, body)| {
            format!(
                "{} AS (\n{}\n)",
                crate::quote::quote_identifier(name),
                body.trim()
            )
        })
        .collect();
    let definitions = definitions.join(",\n");
    match first_token(sql) {
        Some((offset, true)) => {
            let after_with = offset + 4;
            let (head, tail) = sql.split_at(after_with.min(sql.len()));
            format!("{head}\n{definitions},{tail}")
        }
        Some((offset, false)) => {
            let (head, tail) = sql.split_at(offset.min(sql.len()));
            format!("{head}WITH {definitions}\n{tail}")
        }
        None => format!("WITH {definitions}\n{sql}"),
    }
}

/// Byte offset of the first token that is not whitespace or a comment, and whether it is
/// the `WITH` keyword.
fn first_token(sql: &str) -> Option<(usize, bool)> {
    let dialect = ClickHouseDialect {};
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize_with_location()
        .ok()?;
    let token = tokens.into_iter().find(|t| {
        !matches!(
            t.token,
            Token::Whitespace(Whitespace::Space | Whitespace::Newline | Whitespace::Tab)
                | Token::Whitespace(
                    Whitespace::SingleLineComment { .. } | Whitespace::MultiLineComment(_)
                )
        )
    })?;
    let offset = crate::diagnostic::offset_of_line_column(
        sql,
        token.span.start.line as usize,
        token.span.start.column as usize,
    );
    let is_with = matches!(&token.token, Token::Word(word) if word.keyword == Keyword::WITH);
    Some((offset, is_with))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctes_join_an_existing_with_clause() {
        let ctes = [("__kiln_cte__e".to_string(), "select 1 as x".to_string())];
        assert_eq!(
            inject_ctes(
                "-- with a comment\nwith a as (select 2) select * from a",
                &ctes
            ),
            "-- with a comment\nwith\n`__kiln_cte__e` AS (\nselect 1 as x\n), a as (select 2) select * from a"
        );
        assert_eq!(
            inject_ctes("select * from x", &ctes),
            "WITH `__kiln_cte__e` AS (\nselect 1 as x\n)\nselect * from x"
        );
    }
}
