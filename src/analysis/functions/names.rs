//! Function names as ClickHouse resolves them: exact names first, then
//! case-insensitive ones (`SUM`, `CAST`), aliases (`date_diff` is
//! `dateDiff`), and aggregate combinator suffixes (`sumIf` is `sum` with
//! `If`), tried only when the whole name is no function, as
//! `AggregateFunctionFactory` does.

use std::borrow::Cow;
use std::collections::HashMap;

/// What a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    /// An ordinary function, one value per row.
    Scalar,
    /// An aggregate function (usable as a window function too).
    Aggregate,
    /// An aggregate ClickHouse accepts only with `OVER (...)`.
    Window,
}

#[derive(Debug)]
pub(super) struct Entry {
    pub kind: FunctionKind,
    pub alias_to: Option<String>,
    /// The `N` of `AggregateFunction(N, name, ...)` this aggregate's states carry.
    pub state_version: Option<u64>,
}

/// A name resolved to the function whose rules apply.
#[derive(Debug)]
pub(super) struct Resolved<'a> {
    /// The registered spelling of the name's function part (`sum` for `SUMIf`).
    pub registered: &'a str,
    /// The function whose rules apply: `registered`, or what it is an alias of.
    pub function: &'a str,
    pub kind: FunctionKind,
    /// Combinator suffixes, innermost first: `sumIfState` has `If`, `State`.
    pub combinators: Vec<&'a str>,
    pub state_version: Option<u64>,
}

impl Resolved<'_> {
    /// The canonical spelling: the aliased function plus the combinators.
    pub fn canonical_name(&self) -> Cow<'_, str> {
        if self.combinators.is_empty() {
            Cow::Borrowed(self.function)
        } else {
            Cow::Owned(format!("{}{}", self.function, self.combinators.concat()))
        }
    }

    /// The name with its combinators as ClickHouse prints it in state types:
    /// the registered spelling, not the alias target.
    pub fn written_with(&self, combinators: &[&str]) -> String {
        format!("{}{}", self.registered, combinators.concat())
    }
}

#[derive(Debug, Default)]
pub(super) struct Names {
    entries: HashMap<String, Entry>,
    /// Lowercased case-insensitive names -> their registered spelling.
    lowercase: HashMap<String, String>,
    /// Combinator suffixes, longest first so `OrDefault` is tried before `If`...
    combinators: Vec<String>,
    /// Every name, sorted, for suggestions.
    sorted: Vec<String>,
}

impl Names {
    pub fn insert(&mut self, name: &str, entry: Entry, case_insensitive: bool) {
        if case_insensitive {
            self.lowercase.insert(name.to_lowercase(), name.to_string());
        }
        self.entries.insert(name.to_string(), entry);
        self.sorted.push(name.to_string());
    }

    pub fn insert_combinator(&mut self, suffix: &str) {
        self.combinators.push(suffix.to_string());
    }

    /// Call once every name is in.
    pub fn finish(&mut self) {
        self.sorted.sort();
        self.combinators
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    }

    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.sorted.iter().map(String::as_str)
    }

    pub fn resolve(&self, name: &str) -> Option<Resolved<'_>> {
        if let Some((registered, entry)) = self.lookup(name) {
            return Some(self.resolved(registered, entry));
        }
        for suffix in &self.combinators {
            let Some(prefix) = name.strip_suffix(suffix.as_str()) else {
                continue;
            };
            if prefix.is_empty() {
                continue;
            }
            if let Some(mut resolved) = self.resolve(prefix)
                && resolved.kind != FunctionKind::Scalar
            {
                resolved.combinators.push(suffix);
                resolved.kind = FunctionKind::Aggregate;
                return Some(resolved);
            }
        }
        None
    }

    fn lookup(&self, name: &str) -> Option<(&str, &Entry)> {
        if let Some((registered, entry)) = self.entries.get_key_value(name) {
            return Some((registered.as_str(), entry));
        }
        let registered = self.lowercase.get(&name.to_lowercase())?;
        self.entries
            .get_key_value(registered)
            .map(|(registered, entry)| (registered.as_str(), entry))
    }

    fn resolved<'a>(&'a self, registered: &'a str, entry: &'a Entry) -> Resolved<'a> {
        let mut function = registered;
        let mut target = entry;
        // Aliases point at registered names; the bound guards a cycle in bad data.
        for _ in 0..8 {
            let Some(alias) = &target.alias_to else { break };
            let Some((next, next_entry)) = self.lookup(alias) else {
                break;
            };
            function = next;
            target = next_entry;
        }
        Resolved {
            registered,
            function,
            kind: target.kind,
            combinators: Vec::new(),
            state_version: target.state_version,
        }
    }
}
