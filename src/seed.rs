//! Seeds: reading a CSV's header and cells, inferring ClickHouse types for undeclared
//! columns, and checking the file against declared `column_types`.
//!
//! An undeclared column with empty cells becomes `Nullable(...)`: dbt-clickhouse silently
//! loads empty cells as `0` or `1970-01-01`, which corrupts facts. A declared non-Nullable,
//! non-String column with empty cells is an error for the same reason.

use crate::diagnostic::{Diagnostic, FileId, Label, did_you_mean};
use indexmap::IndexMap;

/// A seed column and the ClickHouse type it is created with.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SeedColumn {
    pub name: String,
    pub data_type: String,
    /// True when the type came from `column_types`, false when inferred from the file.
    pub declared: bool,
}

/// What the planner needs to know about a seed file.
#[derive(Debug, Clone)]
pub struct SeedShape {
    pub columns: Vec<SeedColumn>,
    pub rows: usize,
}

/// The kinds of value a cell can hold, from most to least specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CellKind {
    Bool,
    Integer,
    Float,
    Date,
    DateTime,
    Text,
}

/// Analyses a seed CSV. `column_types` come from the seed's config.
pub fn analyse(
    seed_name: &str,
    file: FileId,
    text: &str,
    column_types: &IndexMap<String, (String, Label)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> SeedShape {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(str::to_string).collect(),
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(
                    "seed-invalid-csv",
                    format!("cannot read the CSV header: {error}"),
                )
                .at(file, 0..0),
            );
            return SeedShape {
                columns: Vec::new(),
                rows: 0,
            };
        }
    };
    for (index, name) in header.iter().enumerate() {
        if header.iter().take(index).any(|earlier| earlier == name) {
            diagnostics.push(
                Diagnostic::error(
                    "seed-invalid-csv",
                    format!("the CSV header names column `{name}` twice"),
                )
                .at(file, line_span(text, 1)),
            );
        }
    }
    if header.iter().any(String::is_empty) {
        diagnostics.push(
            Diagnostic::error(
                "seed-invalid-csv",
                "the CSV header has an empty column name",
            )
            .at(file, line_span(text, 1)),
        );
    }
    let mut kinds: Vec<Option<CellKind>> = vec![None; header.len()];
    let mut empty = vec![false; header.len()];
    let mut problems: Vec<Option<(usize, String)>> = vec![None; header.len()];
    let mut rows = 0;
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(1, |p| p.line() as usize);
                diagnostics.push(
                    Diagnostic::error(
                        "seed-invalid-csv",
                        format!("malformed CSV row: {}", csv_error_message(&error)),
                    )
                    .at(file, line_span(text, line)),
                );
                continue;
            }
        };
        rows += 1;
        let line = record.position().map_or(rows + 1, |p| p.line() as usize);
        for (index, cell) in record.iter().enumerate() {
            let (Some(kind), Some(is_empty)) = (kinds.get_mut(index), empty.get_mut(index)) else {
                continue;
            };
            if cell.is_empty() {
                *is_empty = true;
                continue;
            }
            let cell_kind = classify(cell);
            *kind = Some(kind.map_or(cell_kind, |k| widen(k, cell_kind)));
            if let (Some(name), Some(problem)) = (header.get(index), problems.get_mut(index))
                && problem.is_none()
                && let Some((declared, _)) = column_types.get(name)
                && !fits(cell, declared)
            {
                *problem = Some((
                    line,
                    format!("value `{cell}` in column `{name}` is not a `{declared}`"),
                ));
            }
        }
    }
    for (name, (_, origin)) in column_types {
        if !header.contains(name) {
            let mut diagnostic = Diagnostic::error(
                "seed-column-mismatch",
                format!("`column_types` declares `{name}`, which is not a column of `{seed_name}`"),
            )
            .at_label(origin.clone());
            diagnostic.help = did_you_mean(name, header.iter().map(String::as_str))
                .or_else(|| Some(format!("the file's columns are {}", header.join(", "))));
            diagnostics.push(diagnostic);
        }
    }
    let mut columns = Vec::new();
    for (index, name) in header.iter().enumerate() {
        let has_empty = empty.get(index).copied().unwrap_or(false);
        if let Some((declared, origin)) = column_types.get(name) {
            if let Some(Some((line, message))) = problems.get(index) {
                diagnostics.push(
                    Diagnostic::error("seed-value-mismatch", message.clone())
                        .at(file, line_span(text, *line))
                        .with_label(origin.clone().with_message("declared here")),
                );
            }
            if has_empty && !accepts_empty(declared) {
                diagnostics.push(
                    Diagnostic::error("seed-empty-cells", format!("column `{name}` has empty cells, but `{declared}` is not Nullable"))
                        .at_label(origin.clone())
                        .with_help(format!("declare it `Nullable({declared})`, or fill the cells: ClickHouse would load them as default values")),
                );
            }
            columns.push(SeedColumn {
                name: name.clone(),
                data_type: declared.clone(),
                declared: true,
            });
        } else {
            let base = match kinds.get(index).copied().flatten() {
                Some(CellKind::Bool) => "Bool",
                Some(CellKind::Integer) => "Int64",
                Some(CellKind::Float) => "Float64",
                Some(CellKind::Date) => "Date",
                Some(CellKind::DateTime) => "DateTime",
                Some(CellKind::Text) | None => "String",
            };
            let data_type = if has_empty {
                format!("Nullable({base})")
            } else {
                base.to_string()
            };
            columns.push(SeedColumn {
                name: name.clone(),
                data_type,
                declared: false,
            });
        }
    }
    SeedShape { columns, rows }
}

fn csv_error_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} fields where the header has {expected_len}")
        }
        _ => error.to_string(),
    }
}

/// The byte range of a 1-based line, without its newline.
fn line_span(text: &str, line: usize) -> std::ops::Range<usize> {
    let start = crate::diagnostic::offset_of_line_column(text, line, 1);
    let end = text
        .get(start..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |n| start + n);
    start..end
}

fn classify(cell: &str) -> CellKind {
    if cell == "true" || cell == "false" {
        CellKind::Bool
    } else if cell.parse::<i64>().is_ok() && !has_leading_zero(cell) {
        CellKind::Integer
    } else if cell.parse::<f64>().is_ok()
        && cell.contains(['.', 'e', 'E'])
        && !has_leading_zero(cell)
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || ".-+eE".contains(c))
    {
        CellKind::Float
    } else if is_date(cell) {
        CellKind::Date
    } else if is_datetime(cell) {
        CellKind::DateTime
    } else {
        CellKind::Text
    }
}

/// `01234` is a code (a zip code, an account number), not a number: as an integer it
/// would lose its zeros.
fn has_leading_zero(cell: &str) -> bool {
    let digits = cell.trim_start_matches(['-', '+']);
    digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.")
}

/// The kind that holds both: integers widen to floats, anything else mixed is text.
fn widen(a: CellKind, b: CellKind) -> CellKind {
    match (a.min(b), a.max(b)) {
        (x, y) if x == y => x,
        (CellKind::Integer, CellKind::Float) => CellKind::Float,
        (CellKind::Date, CellKind::DateTime) => CellKind::DateTime,
        _ => CellKind::Text,
    }
}

fn is_date(cell: &str) -> bool {
    let bytes = cell.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

fn is_datetime(cell: &str) -> bool {
    let (date, time) = cell.split_at_checked(10).unwrap_or(("", ""));
    is_date(date) && {
        let time = time.strip_prefix([' ', 'T']).unwrap_or("");
        let bytes = time.as_bytes();
        bytes.len() >= 8
            && bytes.iter().take(8).enumerate().all(|(i, b)| {
                if i == 2 || i == 5 {
                    *b == b':'
                } else {
                    b.is_ascii_digit()
                }
            })
    }
}

/// The type inside `Nullable(...)`/`LowCardinality(...)` wrappers.
fn base_type(declared: &str) -> &str {
    let mut current = declared.trim();
    for wrapper in ["LowCardinality(", "Nullable(", "LowCardinality("] {
        if let Some(inner) = current
            .strip_prefix(wrapper)
            .and_then(|s| s.strip_suffix(')'))
        {
            current = inner.trim();
        }
    }
    current
}

fn accepts_empty(declared: &str) -> bool {
    declared.contains("Nullable(")
        || matches!(base_type(declared), "String")
        || base_type(declared).starts_with("FixedString")
}

/// Whether a non-empty cell can load into the declared type; unknown types accept anything.
fn fits(cell: &str, declared: &str) -> bool {
    let base = base_type(declared);
    let unsigned = |bits: u32| {
        cell.parse::<u128>()
            .is_ok_and(|v| bits >= 128 || v < (1u128 << bits))
    };
    let signed = |bits: u32| {
        cell.parse::<i128>().is_ok_and(|v| {
            bits >= 128 || (v >= -(1i128 << (bits - 1)) && v < (1i128 << (bits - 1)))
        })
    };
    match base {
        "UInt8" => unsigned(8),
        "UInt16" => unsigned(16),
        "UInt32" => unsigned(32),
        "UInt64" => unsigned(64),
        "UInt128" | "UInt256" => unsigned(128),
        "Int8" => signed(8),
        "Int16" => signed(16),
        "Int32" => signed(32),
        "Int64" => signed(64),
        "Int128" | "Int256" => signed(128),
        "Float32" | "Float64" => cell.parse::<f64>().is_ok(),
        "Bool" => matches!(cell, "true" | "false" | "0" | "1"),
        "Date" | "Date32" => is_date(cell),
        _ if base.starts_with("Decimal") => cell.parse::<f64>().is_ok(),
        _ if base.starts_with("DateTime") => is_datetime(cell) || is_date(cell),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(csv: &str) -> Vec<String> {
        let mut diagnostics = Vec::new();
        let shape = analyse("s", FileId(0), csv, &IndexMap::new(), &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        shape
            .columns
            .into_iter()
            .map(|c| format!("{} {}", c.name, c.data_type))
            .collect()
    }

    #[test]
    fn types_are_inferred_from_cells() {
        let csv = "id,price,day,at,name,flag,note\n1,2.5,2024-01-02,2024-01-02 10:00:00,a,true,\n2,3,2024-01-03,2024-01-03 11:00:00,b,false,x\n";
        assert_eq!(
            infer(csv),
            [
                "id Int64",
                "price Float64",
                "day Date",
                "at DateTime",
                "name String",
                "flag Bool",
                "note Nullable(String)"
            ]
        );
    }

    #[test]
    fn declared_types_are_checked_against_cells() {
        let mut types = IndexMap::new();
        let origin = Label::new(FileId(1), 0..1);
        types.insert("id".to_string(), ("UInt8".to_string(), origin.clone()));
        types.insert("day".to_string(), ("Date".to_string(), origin.clone()));
        types.insert("missing".to_string(), ("String".to_string(), origin));
        let mut diagnostics = Vec::new();
        analyse(
            "s",
            FileId(0),
            "id,day\n1,2024-01-01\n300,\n",
            &types,
            &mut diagnostics,
        );
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "seed-column-mismatch",
                "seed-value-mismatch",
                "seed-empty-cells"
            ]
        );
    }
}
