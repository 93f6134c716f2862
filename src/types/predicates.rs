//! Questions type inference asks about a [`DataType`], and the `Nullable` /
//! `LowCardinality` rewrites it needs, following ClickHouse's `makeNullable`,
//! `removeNullable` and `canBeInsideNullable` (as of ClickHouse 26.x).
//!
//! The value predicates (`is_numeric`, `is_integer`, ...) ask about the
//! values a column holds, so they look through `Nullable` and
//! `LowCardinality`: `Nullable(Int32)` is an integer type.

use super::DataType;

impl DataType {
    /// Whether the column accepts NULL: `Nullable(T)` or
    /// `LowCardinality(Nullable(T))`. `Dynamic`, `Variant` and `JSON` can hold
    /// NULLs too but are not nullable types in ClickHouse's sense.
    pub fn is_nullable(&self) -> bool {
        match self {
            Self::Nullable(_) => true,
            Self::LowCardinality(inner) => matches!(**inner, Self::Nullable(_)),
            _ => false,
        }
    }

    /// Whether ClickHouse allows `Nullable(self)`.
    ///
    /// Containers (`Array`, `Map`, `Nested` and the geo types built on arrays),
    /// `LowCardinality`, `Nullable` itself, `Variant`, `Dynamic`, `Geometry`
    /// and aggregate states cannot be nullable. `Tuple` can since ClickHouse
    /// 25.x (`enable_nullable_tuple_type`, on by default); older servers
    /// refuse `Nullable(Tuple(...))`.
    pub fn can_be_inside_nullable(&self) -> bool {
        use super::GeoKind;
        match self {
            Self::Array(_)
            | Self::Map(..)
            | Self::Nested(_)
            | Self::LowCardinality(_)
            | Self::Nullable(_)
            | Self::Variant(_)
            | Self::Dynamic { .. }
            | Self::AggregateFunction(_) => false,
            Self::Geo(kind) => matches!(kind, GeoKind::Point),
            // A simple aggregate state is stored as its argument type.
            Self::SimpleAggregateFunction(function) => function
                .arguments
                .first()
                .is_some_and(Self::can_be_inside_nullable),
            _ => true,
        }
    }

    /// Whether ClickHouse allows `LowCardinality(self)`: numbers (not
    /// decimals), strings, `Date`, `Date32`, `DateTime`, `Time`, `UUID`, IP
    /// addresses, `Bool`, intervals, and `Nullable` of any of those.
    /// (`CREATE TABLE` also refuses small fixed-size types unless
    /// `allow_suspicious_low_cardinality_types` is set; the type itself is valid.)
    pub fn can_be_inside_low_cardinality(&self) -> bool {
        match self {
            Self::Nullable(inner) => inner.can_be_inside_low_cardinality(),
            Self::SimpleAggregateFunction(function) => function
                .arguments
                .first()
                .is_some_and(Self::can_be_inside_low_cardinality),
            Self::Int8
            | Self::Int16
            | Self::Int32
            | Self::Int64
            | Self::Int128
            | Self::Int256
            | Self::UInt8
            | Self::UInt16
            | Self::UInt32
            | Self::UInt64
            | Self::UInt128
            | Self::UInt256
            | Self::Float32
            | Self::Float64
            | Self::BFloat16
            | Self::String
            | Self::FixedString(_)
            | Self::Uuid
            | Self::Date
            | Self::Date32
            | Self::DateTime { .. }
            | Self::Time
            | Self::IPv4
            | Self::IPv6
            | Self::Bool
            | Self::Interval(_) => true,
            _ => false,
        }
    }

    /// The type a NULL-able version of this column has, as ClickHouse's
    /// `makeNullable`: `T` becomes `Nullable(T)`, `LowCardinality(T)` becomes
    /// `LowCardinality(Nullable(T))`, and types that cannot be nullable
    /// (`Array`, `Map`, ...) stay as they are.
    pub fn make_nullable(&self) -> DataType {
        match self {
            Self::Nullable(_) => self.clone(),
            Self::LowCardinality(inner) => Self::LowCardinality(Box::new(inner.make_nullable())),
            _ if self.can_be_inside_nullable() => Self::Nullable(Box::new(self.clone())),
            _ => self.clone(),
        }
    }

    /// Removes nullability: `Nullable(T)` becomes `T` and
    /// `LowCardinality(Nullable(T))` becomes `LowCardinality(T)`.
    pub fn strip_nullable(&self) -> DataType {
        match self {
            Self::Nullable(inner) => (**inner).clone(),
            Self::LowCardinality(inner) => match &**inner {
                Self::Nullable(value) => Self::LowCardinality(value.clone()),
                _ => self.clone(),
            },
            _ => self.clone(),
        }
    }

    /// Removes an outer `LowCardinality`: `LowCardinality(Nullable(String))`
    /// becomes `Nullable(String)`.
    pub fn strip_low_cardinality(&self) -> DataType {
        match self {
            Self::LowCardinality(inner) => (**inner).clone(),
            _ => self.clone(),
        }
    }

    /// The value type under any `Nullable` and `LowCardinality` wrappers.
    pub fn value_type(&self) -> &DataType {
        match self {
            Self::Nullable(inner) | Self::LowCardinality(inner) => inner.value_type(),
            _ => self,
        }
    }

    /// Integers, floats and decimals. `Bool` is not numeric here, although
    /// ClickHouse stores it as `UInt8`.
    pub fn is_numeric(&self) -> bool {
        let value = self.value_type();
        value.is_integer()
            || matches!(
                value,
                Self::Float32 | Self::Float64 | Self::BFloat16 | Self::Decimal { .. }
            )
    }

    /// `Int8` to `Int256` and `UInt8` to `UInt256`.
    pub fn is_integer(&self) -> bool {
        matches!(
            self.value_type(),
            Self::Int8
                | Self::Int16
                | Self::Int32
                | Self::Int64
                | Self::Int128
                | Self::Int256
                | Self::UInt8
                | Self::UInt16
                | Self::UInt32
                | Self::UInt64
                | Self::UInt128
                | Self::UInt256
        )
    }

    /// Numeric types that can hold negative values: signed integers, floats
    /// and decimals.
    pub fn is_signed(&self) -> bool {
        matches!(
            self.value_type(),
            Self::Int8
                | Self::Int16
                | Self::Int32
                | Self::Int64
                | Self::Int128
                | Self::Int256
                | Self::Float32
                | Self::Float64
                | Self::BFloat16
                | Self::Decimal { .. }
        )
    }

    /// `String` and `FixedString(N)`.
    pub fn is_string_like(&self) -> bool {
        matches!(self.value_type(), Self::String | Self::FixedString(_))
    }

    /// `Date`, `Date32`, `DateTime` and `DateTime64`, with or without a zone.
    pub fn is_date_or_datetime(&self) -> bool {
        matches!(
            self.value_type(),
            Self::Date | Self::Date32 | Self::DateTime { .. } | Self::DateTime64 { .. }
        )
    }
}
