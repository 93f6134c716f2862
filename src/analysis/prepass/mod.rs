//! The pre-pass: rewrites the ClickHouse constructs sqlparser 0.64 fails on or misreads
//! into SQL it parses with the same meaning for column resolution and typing, and maps
//! every position in the rewritten text back to the text the user wrote.
//!
//! It works on sqlparser's own tokens, never on raw text, so string literals, quoted
//! identifiers and comments are never rewritten. Each rewrite is a list of [`Edit`]s of
//! original byte ranges; [`offsets::apply`] makes the text and the [`OffsetMap`]. Untouched
//! text maps one to one; a replacement maps to the range it replaced.
//!
//! ```text
//! WITH <expr> AS name          __kiln_scalar_<n> AS (SELECT <expr> AS name)   with.rs
//! t FINAL                      t                                             joins.rs
//! ANY LEFT / LEFT ANY / SEMI LEFT / ASOF LEFT / GLOBAL ALL INNER JOIN
//!                              LEFT / LEFT / LEFT / LEFT / INNER JOIN        joins.rs
//! ANY JOIN, ASOF JOIN          JOIN                                          joins.rs
//! USING a, b                   USING (a, b)                                  joins.rs
//! ARRAY JOIN [1, 2] AS x       ARRAY JOIN array(1, 2) AS x                   joins.rs
//! c ? a : b                    if(c, a, b)                                   ternary.rs
//! 0xFF, 0b101                  255, 5                                        literals.rs
//! x IN [1, 2]                  x IN (1, 2)                                   literals.rs
//! LIMIT a, b BY x              LIMIT b BY x                                  literals.rs
//! LIMIT n BY x LIMIT m         LIMIT n BY x                                  literals.rs
//! LIMIT n WITH TIES            LIMIT n                                       literals.rs
//! f(x AS y), GROUP BY e AS k   f(__kiln_alias(x, y)), GROUP BY __kiln_alias(e, k)
//!                                                                            aliases.rs
//! a DIV b, a MOD b             intDiv(a, b), modulo(a, b)                    operators.rs
//! INTERVAL '1 day'             INTERVAL 1 DAY                                strings.rs
//! CAST(x AS DateTime('UTC'))   CAST(x, 'DateTime(''UTC'')')                  strings.rs
//! COLUMNS('re') APPLY(f)       __kiln_apply(COLUMNS('re'), f)                transformers.rs
//! ```
//!
//! Scalar `WITH` is the one rewrite the analyser must know about: ClickHouse makes `name`
//! an alias visible in the whole query and its subqueries, which no standard SQL spells.
//! The marker CTE keeps the expression where sqlparser parses and spans it, and the
//! analyser (`query.rs`) turns each marker CTE back into an alias instead of a table.
//!
//! Aliases inside expressions are the other: the analyser registers each `__kiln_alias`
//! marker call as an alias of its SELECT (`inner_alias.rs`), and so is `APPLY`: the
//! projection expands its `__kiln_apply` marker (`projection.rs`).
//!
//! **Invariant:** a rewrite changes no column's name or type as ClickHouse sees them; when
//! a construct is not recognised the text stays as written and the parser reports it.

mod aliases;
mod joins;
mod literals;
mod offsets;
mod operators;
mod strings;
mod ternary;
mod tokens;
mod transformers;
mod with;

pub(crate) use offsets::OffsetMap;
use offsets::{Edit, apply};

/// The name prefix of the CTEs that stand for scalar `WITH` items.
pub(crate) const SCALAR_MARKER: &str = "__kiln_scalar_";

/// The name of the call that stands for an alias inside an expression, `f(x AS y)`.
pub(crate) const INNER_ALIAS_MARKER: &str = "__kiln_alias";

/// The name of the call that stands for `COLUMNS('re') APPLY(f)`.
pub(crate) const APPLY_MARKER: &str = "__kiln_apply";

/// SQL rewritten for sqlparser, with the way back to the original.
pub(crate) struct Rewritten {
    pub(crate) text: String,
    pub(crate) map: OffsetMap,
    /// The tokens of `text` when nothing was rewritten, so the parser need not tokenize
    /// the same text again (most models need no rewrite).
    pub(crate) tokens: Option<Vec<sqlparser::tokenizer::TokenWithSpan>>,
}

/// Rewrites `sql` for sqlparser; text the tokenizer rejects is returned unchanged.
pub(crate) fn rewrite(sql: &str) -> Rewritten {
    let all_tokens = tokens::tokenize(sql);
    let Some(tokens) = all_tokens
        .as_deref()
        .and_then(|all| tokens::significant_tokens(sql, all))
    else {
        let (text, map) = apply(sql, Vec::new());
        return Rewritten {
            text,
            map,
            tokens: None,
        };
    };
    let mut edits: Vec<Edit> = Vec::new();
    // Scalar WITH first: its insertion goes before a ternary's `if(` at the same offset.
    with::scalars(&tokens, &mut edits);
    joins::final_modifier(&tokens, &mut edits);
    joins::strictness(&tokens, &mut edits);
    joins::using_list(&tokens, &mut edits);
    joins::array_join_literal(&tokens, &mut edits);
    transformers::columns_apply(&tokens, &mut edits);
    // Before ternaries: an aliased ternary's marker call wraps the ternary's `if(`.
    aliases::inner_aliases(&tokens, &mut edits);
    literals::integers(sql, &tokens, &mut edits);
    operators::div_mod(&tokens, &mut edits);
    strings::interval_strings(&tokens, &mut edits);
    strings::cast_type_strings(sql, &tokens, &mut edits);
    literals::in_array(&tokens, &mut edits);
    literals::limit(&tokens, &mut edits);
    ternary::ternaries(&tokens, &mut edits);
    let unchanged = edits.is_empty();
    let (text, map) = apply(sql, edits);
    Rewritten {
        text,
        map,
        tokens: all_tokens.filter(|_| unchanged),
    }
}

#[cfg(test)]
mod tests;
