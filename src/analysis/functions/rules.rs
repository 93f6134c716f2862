//! Applying one function's rules to a call: the LowCardinality and Nullable
//! policies (steps 1 and 2 of the parent module's docs), then the first
//! matching row (step 3).

use crate::types::DataType;

use super::pattern::ArgumentKey;
use super::template::ArgumentView;
use super::{Argument, ArgumentKind, FunctionType, LowCardinalityPolicy, NullPolicy, Row, Rules};

impl Rules {
    /// Steps 1 to 3 of the module docs.
    pub(super) fn apply(&self, args: &[Argument]) -> Option<DataType> {
        let mut views: Vec<ArgumentView> = args
            .iter()
            .map(|arg| ArgumentView {
                data_type: arg.data_type.clone().unwrap_or(DataType::Nothing),
                kind: &arg.kind,
            })
            .collect();
        let wrap_low_cardinality = self.unwrap_low_cardinality(&mut views);
        let result = match self.nulls {
            NullPolicy::Propagate | NullPolicy::Nullable => {
                let has_null_literal = views
                    .iter()
                    .any(|v| !v.is_lambda() && is_null_literal_type(&v.data_type));
                if has_null_literal && self.nulls == NullPolicy::Propagate {
                    return Some(DataType::Nullable(Box::new(DataType::Nothing)));
                }
                let has_nullable = views
                    .iter()
                    .any(|v| !v.is_lambda() && matches!(v.data_type, DataType::Nullable(_)));
                if has_nullable {
                    strip_nullable_arguments(&mut views);
                    self.lookup(&views).and_then(make_nullable_result)
                } else {
                    self.lookup(&views)
                }
            }
            NullPolicy::Strip => {
                strip_nullable_arguments(&mut views);
                self.lookup(&views)
            }
            NullPolicy::Rows => self.lookup(&views),
        }?;
        if wrap_low_cardinality && result.can_be_inside_low_cardinality() {
            Some(DataType::LowCardinality(Box::new(result)))
        } else {
            Some(result)
        }
    }

    /// Unwraps `LowCardinality` arguments unless the rows handle them;
    /// returns whether ClickHouse wraps the result back (one LowCardinality
    /// column, everything else constant).
    fn unwrap_low_cardinality(&self, views: &mut [ArgumentView]) -> bool {
        match self.low_cardinality {
            LowCardinalityPolicy::Rows => return false,
            LowCardinalityPolicy::Deep => {
                for view in views.iter_mut().filter(|v| !v.is_lambda()) {
                    view.data_type = remove_low_cardinality(&view.data_type);
                }
                return false;
            }
            LowCardinalityPolicy::Dictionary | LowCardinalityPolicy::Strip => {}
        }
        let (mut has_low_cardinality, mut columns_low_cardinality, mut columns_other) =
            (false, 0, 0);
        for view in views.iter_mut().filter(|v| !v.is_lambda()) {
            let constant = matches!(view.kind, ArgumentKind::Literal(_) | ArgumentKind::Constant);
            if let DataType::LowCardinality(inner) = &view.data_type {
                let inner = (**inner).clone();
                view.data_type = inner;
                has_low_cardinality = true;
                columns_low_cardinality += usize::from(!constant);
            } else if !constant {
                columns_other += 1;
            }
        }
        self.low_cardinality == LowCardinalityPolicy::Dictionary
            && has_low_cardinality
            && columns_low_cardinality <= 1
            && columns_other == 0
    }

    /// The first matching row's template, evaluated.
    fn lookup(&self, views: &[ArgumentView]) -> Option<DataType> {
        let keys: Vec<ArgumentKey> = views.iter().map(ArgumentView::key).collect();
        let row = self.rows.iter().find(|row| row.matches(&keys))?;
        row.template.evaluate(views)
    }

    /// With some argument types unknown, the answer is known only when every
    /// row the known arguments allow gives the same constant type, and
    /// neither wrapper policy could change it.
    pub(super) fn type_with_unknown_arguments(&self, args: &[Argument]) -> FunctionType {
        if matches!(self.nulls, NullPolicy::Propagate | NullPolicy::Nullable)
            || self.low_cardinality == LowCardinalityPolicy::Dictionary
        {
            // An unknown argument might be Nullable or LowCardinality.
            return FunctionType::Unknown;
        }
        let keys: Vec<Option<ArgumentKey>> = args
            .iter()
            .map(|arg| {
                arg.data_type.as_ref().map(|data_type| {
                    ArgumentView {
                        data_type: data_type.clone(),
                        kind: &arg.kind,
                    }
                    .key()
                })
            })
            .collect();
        let mut answer: Option<&DataType> = None;
        for row in self.rows.iter().filter(|row| row.matches_partially(&keys)) {
            match (row.template.as_constant(), answer) {
                (Some(constant), None) => answer = Some(constant),
                (Some(constant), Some(previous)) if constant == previous => {}
                _ => return FunctionType::Unknown,
            }
        }
        answer.map_or(FunctionType::Unknown, |t| FunctionType::Known(t.clone()))
    }
}

/// ClickHouse's `recursiveRemoveLowCardinality`.
pub(super) fn remove_low_cardinality(data_type: &DataType) -> DataType {
    use crate::types::Field;
    let boxed = |t: &DataType| Box::new(remove_low_cardinality(t));
    match data_type {
        DataType::LowCardinality(inner) => remove_low_cardinality(inner),
        DataType::Nullable(inner) => DataType::Nullable(boxed(inner)),
        DataType::Array(inner) => DataType::Array(boxed(inner)),
        DataType::Map(key, value) => DataType::Map(boxed(key), boxed(value)),
        DataType::Tuple(elements) => {
            DataType::Tuple(elements.iter().map(remove_low_cardinality).collect())
        }
        DataType::NamedTuple(fields) => DataType::NamedTuple(
            fields
                .iter()
                .map(|field| Field {
                    name: field.name.clone(),
                    data_type: remove_low_cardinality(&field.data_type),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `Nullable(Nothing)`, the type of the `NULL` literal.
fn is_null_literal_type(data_type: &DataType) -> bool {
    matches!(data_type, DataType::Nullable(inner) if **inner == DataType::Nothing)
}

fn strip_nullable_arguments(views: &mut [ArgumentView]) {
    for view in views.iter_mut().filter(|v| !v.is_lambda()) {
        if let DataType::Nullable(inner) = &view.data_type {
            let inner = (**inner).clone();
            view.data_type = inner;
        }
    }
}

/// ClickHouse's `makeNullableSafe` on a function result: a type that cannot
/// be inside `Nullable` (an array, say) stays as it is.
fn make_nullable_result(result: DataType) -> Option<DataType> {
    if result.can_be_inside_nullable() {
        Some(DataType::Nullable(Box::new(result)))
    } else {
        Some(result)
    }
}

impl Row {
    fn matches(&self, keys: &[ArgumentKey]) -> bool {
        self.positions(keys.len()).is_some_and(|positions| {
            positions
                .iter()
                .zip(keys)
                .all(|(&index, key)| self.patterns.get(index).is_some_and(|p| p.matches(key)))
        })
    }

    fn matches_partially(&self, keys: &[Option<ArgumentKey>]) -> bool {
        self.positions(keys.len()).is_some_and(|positions| {
            positions.iter().zip(keys).all(|(&index, key)| {
                key.as_ref()
                    .is_none_or(|key| self.patterns.get(index).is_some_and(|p| p.matches(key)))
            })
        })
    }

    /// For a call with `arity` arguments, the pattern index of each argument,
    /// or `None` when the row cannot take that many.
    fn positions(&self, arity: usize) -> Option<Vec<usize>> {
        let base = self.patterns.len();
        let Some((start, size)) = self.repeat else {
            return (arity == base).then(|| (0..base).collect());
        };
        if arity < base || size == 0 || !(arity - base).is_multiple_of(size) {
            return None;
        }
        let suffix_start = arity - (base - start - size);
        Some(
            (0..arity)
                .map(|j| {
                    if j < start + size {
                        j
                    } else if j >= suffix_start {
                        j - (arity - base)
                    } else {
                        start + (j - start) % size
                    }
                })
                .collect(),
        )
    }
}
