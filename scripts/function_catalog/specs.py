"""Which functions the generator calls, and with which arguments.

Each `spec` names functions and lists signatures; a signature lists, per
argument position, the probes tried there (every combination is called).
Only the argument *shapes* are written here; every type in the catalog is
ClickHouse's answer. Options:

    params    the parameters a parametric aggregate is called with: `quantile(0.9)(x)`
              (the first entry; results do not depend on them)
    variadic  (start, size): positions [start, start+size) may repeat; checked
              on longer calls before the catalog says so
    window    call as `f(...) OVER ()`
    lambdas   how a higher-order function types its lambda's parameters

Functions that handle NULLs themselves (if, coalesce, ...) list Nullable and
LowCardinality probes (WRAPPED) among their arguments, so their rows cover
them; for the rest the generator adds wrapped calls to fit the policies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .probes import Lambda, Literal, Probe, Sql, probes

UINTS = probes("UInt8", "UInt16", "UInt32", "UInt64", "UInt128", "UInt256")
SINTS = probes("Int8", "Int16", "Int32", "Int64", "Int128", "Int256")
INTS = UINTS + SINTS
FLOATS = probes("Float32", "Float64", "BFloat16")
DECIMALS = probes("{Decimal32}", "{Decimal64}", "{Decimal128}", "{Decimal256}")
NUMS = INTS + FLOATS + DECIMALS
BOOL = probes("Bool")
STRS = probes("String", "FixedString({n})")
DATES = probes("Date", "Date32", "DateTime", "DateTime({tz})", "DateTime64({p})", "DateTime64({p}, {tz})")
DATETIMES = DATES[2:]
OTHERS = probes("UUID", "IPv4", "IPv6", "{Enum8}", "{Enum16}")
SCALARS = NUMS + BOOL + STRS + DATES + OTHERS
ARRAYS = probes("Array(UInt8)", "Array(Int64)", "Array(Float64)", "Array({Decimal64})", "Array(String)",
                "Array(Nullable(String))", "Array(LowCardinality(String))", "Array(Date)",
                "Array(DateTime({tz}))", "Array(Array(UInt8))", "Array(Tuple(UInt8, String))",
                "Array(Nullable(UInt8))")
MAPS = probes("Map(String, UInt64)", "Map(String, String)", "Map(LowCardinality(String), Float64)",
              "Map(String, Float64)", "Map(UInt8, Array(String))")
TUPLES = probes("Tuple(UInt8, String)", "Tuple(a Int64, b Nullable(String))")
ANY = SCALARS + ARRAYS + MAPS + TUPLES
WRAPPED = probes("Nullable(UInt8)", "Nullable(Int64)", "Nullable(Float64)", "Nullable({Decimal64})",
                 "Nullable(String)", "Nullable(Date)", "Nullable(DateTime({tz}))", "LowCardinality(String)",
                 "LowCardinality(Nullable(String))", "LowCardinality(UInt64)") + [Sql("NULL")]
# Smaller sets for positions where every combination would be too many calls.
SOME = probes("UInt8", "Int64", "UInt64", "Float64", "{Decimal64}", "String", "FixedString({n})", "Date",
              "DateTime({tz})", "DateTime64({p}, {tz})", "UUID", "Array(String)", "Tuple(UInt8, String)",
              "Bool", "{Enum8}")
SOMEW = SOME + WRAPPED
COND = probes("UInt8", "Bool", "Nullable(UInt8)")
BOOLISH = probes("UInt8", "Bool", "Int32", "Float64", "UInt64")
INT_ARG = probes("UInt8", "Int64", "UInt32") + [Literal((4, 7, 9))]
INT_LIT = [Literal((4, 7, 9))]
STR_LIT = [Literal("a,b")]
REGEX = [Literal("(\\w+)")]
FORMAT = [Literal("%Y-%m-%d %H")]
ZONE = [Literal(("Pacific/Auckland", "America/Chicago", "Europe/Moscow"))]
TYPE_NAME = [Literal(("UInt32", "Array(Nullable(String))", "Map(String, Array(Int16))"))]
SCALE_LIT = [Literal((3, 1, 4))]
PRECISION_LIT = [Literal((4, 2, 9))]
SIZE_LIT = [Literal((5, 9, 2))]
STRING_OR_LIT = STRS + STR_LIT
INTERVALS = [Sql(f"INTERVAL 1 {unit}") for unit in ("NANOSECOND", "MICROSECOND", "MILLISECOND", "SECOND",
                                                       "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR")]
UNITS = [Literal(u, enum=True) for u in ("microsecond", "millisecond", "second", "minute", "hour", "day", "week",
                                         "month", "quarter", "year")]
JSON_KEY = probes("String") + [Literal("a"), Literal((1, 2, 3))]
LAMBDA_ANY = [Lambda(t) for t in ("UInt8", "Int64", "Float64", "String", "Nullable(String)", "DateTime({tz})",
                                  "{Decimal64}", "Array(UInt8)", "Tuple(UInt8, String)")]
LAMBDA_ANY2 = [Lambda(t, 2) for t in ("UInt8", "String", "Nullable(Int64)")]
LAMBDA_COND = [Lambda("UInt8"), Lambda("Bool"), Lambda("Nullable(UInt8)")]
LAMBDA_COND2 = [Lambda("UInt8", 2)]
LAMBDA_NUM = [Lambda(t) for t in ("UInt8", "Int32", "UInt64", "Int64", "Float32", "Float64", "{Decimal32}",
                                  "{Decimal64}", "{Decimal128}")]
LAMBDA_SORT = [Lambda(t) for t in ("UInt8", "String", "Float64", "Nullable(Int64)")]
NUM_ARRAYS = probes("Array(UInt8)", "Array(UInt16)", "Array(UInt32)", "Array(UInt64)", "Array(Int8)", "Array(Int16)",
                    "Array(Int32)", "Array(Int64)", "Array(Float32)", "Array(Float64)", "Array({Decimal32})",
                    "Array({Decimal64})", "Array({Decimal128})", "Array(Nullable(UInt8))", "Array(Nullable(Float64))",
                    "Array(UInt128)", "Array(Int256)", "Array(BFloat16)")
ARRAY_PAIR = probes("Array(UInt8)", "Array(Int64)", "Array(String)", "Array(Nullable(UInt8))", "Array(Float64)",
                    "Array(DateTime({tz}))")


class Universal(list):
    """A position set that stands for "any type": a rule that holds for every
    probe there is stored as `*`, so it also covers types never probed."""


U = Universal


@dataclass
class Spec:
    names: list[str]
    signatures: list[list[list[Probe]]]
    params: list[str] = field(default_factory=list)
    variadic: tuple[int, int] | None = None
    window: bool = False
    lambdas: str | None = None


SPECS: list[Spec] = []


def spec(names: str, *signatures, **options):
    SPECS.append(Spec(names.split(), [list(s) for s in signatures], **options))


# --- operators and arithmetic -------------------------------------------------
spec("plus", [NUMS, NUMS], [DATES, INTS], [INTS, DATES], [DATES, INTERVALS], [INTERVALS, DATES],
     [DATES, FLOATS], [probes("Bool"), NUMS])
spec("minus", [NUMS, NUMS], [DATES, INTS], [DATES, DATES], [DATES, INTERVALS], [DATES, FLOATS])
spec("multiply divide intDiv intDivOrZero modulo moduloOrZero positiveModulo divideOrNull intDivOrNull "
     "moduloOrNull min2 max2 gcd lcm midpoint", [NUMS, NUMS])
spec("least greatest", [NUMS, NUMS], [DATES, DATES], [STRS, STRS], [SOMEW[:12], SOMEW[:12]], variadic=(1, 1))
spec("bitAnd bitOr bitXor bitShiftLeft bitShiftRight bitTest bitRotateLeft bitRotateRight", [INTS, INTS])
spec("negate abs sign bitNot bitCount sqr", [NUMS])
spec("equals notEquals less greater lessOrEquals greaterOrEquals isNotDistinctFrom isDistinctFrom",
     [NUMS + BOOL, NUMS + BOOL], [STRS, STRS], [DATES, DATES], [DATES, STRS], [STRS, DATES],
     [OTHERS + probes("String"), OTHERS + probes("String")], [ARRAY_PAIR, ARRAY_PAIR], [TUPLES, TUPLES])
spec("and or xor", [BOOLISH + probes("Nullable(UInt8)"), BOOLISH + probes("Nullable(UInt8)")], variadic=(1, 1))
spec("not", [BOOLISH])
spec("in notIn globalIn globalNotIn nullIn notNullIn",
     [probes("UInt8", "Int64", "Float64", "{Decimal64}") + [Literal(1)], U([Sql("(1, 2)"), Sql("[1, 2]")])],
     [STRS + probes("{Enum8}"), U([Sql("('a', 'b')"), Sql("['a']")])],
     [DATES, U([Sql("('2020-01-01', '2020-01-02')")])])
spec("like notLike ilike notILike match", [STRS, STR_LIT + probes("String")])

# --- conditionals and NULLs -----------------------------------------------------
spec("if", [COND, U(SOMEW), U(SOMEW)], [COND[:1], ARRAYS, ARRAYS])
spec("multiIf", [COND[::2], U(SOMEW), U(SOMEW)], variadic=(0, 2))
spec("ifNull", [U(SOMEW), U(SOMEW)])
spec("caseWithExpression", [probes("UInt8", "String"), probes("UInt8", "String"), U(SOMEW[::2]), U(SOMEW[::2])],
     variadic=(1, 2))
spec("coalesce", [U(SOMEW), U(SOMEW)], variadic=(1, 1))
spec("nullIf", [U(SOMEW), U(SOMEW)])
spec("assumeNotNull toNullable isNull isNotNull isZeroOrNull isNullable toTypeName", [U(ANY + WRAPPED)])
spec("ifNotFinite", [NUMS, NUMS])
spec("transform", [probes("UInt8", "String", "Int64"), [Sql("[1, 2]"), Sql("['a', 'b']")],
                   [Sql("['x', 'y']"), Sql("[10, 20]")], probes("String", "UInt8", "Int64")])

# --- type conversion ----------------------------------------------------------------
CONVERTIBLE = NUMS + BOOL + STRS + DATES + probes("UUID", "IPv4", "{Enum8}")
for target in ("Int8 Int16 Int32 Int64 Int128 Int256 UInt8 UInt16 UInt32 UInt64 UInt128 UInt256 "
               "Float32 Float64 BFloat16 Date Date32 String Bool UUID IPv4 IPv6").split():
    spec(f"to{target}", [CONVERTIBLE])
    spec(f"to{target}OrZero to{target}OrNull to{target}OrDefault", [CONVERTIBLE])
spec("toDecimal32 toDecimal64 toDecimal128 toDecimal256 toDecimal32OrZero toDecimal64OrZero "
     "toDecimal128OrZero toDecimal256OrZero toDecimal32OrNull toDecimal64OrNull toDecimal128OrNull "
     "toDecimal256OrNull toDecimal32OrDefault toDecimal64OrDefault toDecimal128OrDefault toDecimal256OrDefault "
     "toDecimalString", [NUMS + STRS, SCALE_LIT])
spec("toDateTime toDateTime32 toDateTimeOrZero toDateTimeOrNull toDateTimeOrDefault toDate toDate32 toDateOrNull",
     [CONVERTIBLE], [NUMS + STRS + DATES, ZONE])
spec("toDateTime64 toDateTime64OrZero toDateTime64OrNull toDateTime64OrDefault",
     [NUMS + STRS + DATES, PRECISION_LIT], [NUMS + STRS + DATES, PRECISION_LIT, ZONE])
spec("toString", [U(ANY)], [DATETIMES, ZONE])
spec("toFixedString", [STRS, SIZE_LIT])
spec("toLowCardinality", [SCALARS])
spec("CAST _CAST accurateCast accurateCastOrNull", [U(SOMEW), TYPE_NAME])
spec("accurateCastOrDefault", [U(SOMEW), TYPE_NAME])
spec("reinterpretAsString reinterpretAsUInt64 reinterpretAsInt64 reinterpretAsFloat64", [NUMS[:14] + STRS])
spec("toIntervalSecond toIntervalMinute toIntervalHour toIntervalDay toIntervalWeek toIntervalMonth "
     "toIntervalQuarter toIntervalYear toIntervalMillisecond toIntervalMicrosecond toIntervalNanosecond",
     [INTS + FLOATS])
spec("toUnixTimestamp", [DATES + probes("String")], [DATES + probes("String"), ZONE])
spec("toUnixTimestamp64Milli toUnixTimestamp64Micro toUnixTimestamp64Nano toUnixTimestamp64Second", [DATES])
spec("fromUnixTimestamp64Milli fromUnixTimestamp64Micro fromUnixTimestamp64Nano fromUnixTimestamp64Second",
     [probes("Int64", "UInt64", "Int32")], [probes("Int64"), ZONE])
spec("fromUnixTimestamp", [INTS], [INTS, FORMAT], [INTS, FORMAT, ZONE])
spec("parseDateTimeBestEffort parseDateTimeBestEffortOrNull parseDateTimeBestEffortOrZero "
     "parseDateTimeBestEffortUS parseDateTimeBestEffortUSOrNull parseDateTime32BestEffort",
     [STRS], [STRS, ZONE])
spec("parseDateTime64BestEffort parseDateTime64BestEffortOrNull parseDateTime64BestEffortOrZero",
     [STRS], [STRS, PRECISION_LIT], [STRS, PRECISION_LIT, ZONE])
spec("parseDateTime parseDateTimeOrNull parseDateTimeOrZero parseDateTimeInJodaSyntax",
     [STRS, FORMAT], [STRS, FORMAT, ZONE])

# --- dates and times ------------------------------------------------------------------
DATE_PARTS = ("toYear toQuarter toMonth toDayOfYear toDayOfMonth toDayOfWeek toHour toMinute toSecond "
              "toMillisecond toISOYear toISOWeek toWeek toYearWeek toYYYYMM toYYYYMMDD toYYYYMMDDhhmmss "
              "toRelativeYearNum toRelativeMonthNum toRelativeWeekNum toRelativeDayNum toRelativeHourNum "
              "toRelativeMinuteNum toRelativeSecondNum toRelativeQuarterNum toDaysSinceYearZero monthName "
              "toModifiedJulianDay toUnixTimestamp toDaysInMonth toMonthNumSinceEpoch toYearNumSinceEpoch")
spec(DATE_PARTS, [DATES], [DATES, ZONE])
spec("toDayOfWeek toWeek toYearWeek toStartOfWeek toLastDayOfWeek", [DATES, INT_LIT], [DATES, INT_LIT, ZONE])
ROUNDING = ("toStartOfYear toStartOfISOYear toStartOfQuarter toStartOfMonth toMonday toStartOfWeek "
            "toLastDayOfWeek toLastDayOfMonth toStartOfDay toStartOfHour toStartOfMinute toStartOfSecond "
            "toStartOfMillisecond toStartOfMicrosecond toStartOfFiveMinutes toStartOfTenMinutes "
            "toStartOfFifteenMinutes toDate toDate32 toDateTime timeSlot")
spec(ROUNDING, [DATES], [DATES, ZONE])
spec("toStartOfInterval", [DATES, INTERVALS], [DATES, INTERVALS, ZONE])
spec("dateTrunc", [UNITS, DATES], [UNITS, DATES, ZONE])
spec("dateDiff age", [[Literal(("day", "hour", "month"))], DATES, DATES],
     [[Literal(("day", "hour", "month"))], DATES, DATES, ZONE])
spec("dateName", [[Literal(("year", "month", "day"))], DATES])
spec("addYears addQuarters addMonths addWeeks addDays addHours addMinutes addSeconds addMilliseconds "
     "addMicroseconds addNanoseconds subtractYears subtractQuarters subtractMonths subtractWeeks subtractDays "
     "subtractHours subtractMinutes subtractSeconds subtractMilliseconds subtractMicroseconds "
     "subtractNanoseconds", [DATES, probes("UInt8", "Int64", "Float64", "Int32")])
spec("addDate subDate addInterval subtractInterval", [DATES, INTERVALS])
spec("toTimezone", [DATETIMES, ZONE])
spec("formatDateTime formatDateTimeInJodaSyntax", [DATES, FORMAT], [DATES, FORMAT, ZONE])
spec("now today yesterday now64 timezone serverTimezone", [])
spec("now", [ZONE])
spec("now64", [PRECISION_LIT], [PRECISION_LIT, ZONE])
spec("makeDate makeDate32", [INTS[:4] + FLOATS[:2], INTS[:4], INTS[:4]])
spec("makeDateTime", [probes("UInt16", "Int64"), probes("UInt8"), probes("UInt8"), probes("UInt8"),
                      probes("UInt8"), probes("UInt8")])
spec("YYYYMMDDToDate YYYYMMDDToDate32 fromDaysSinceYearZero fromModifiedJulianDay", [INTS[:4] + SINTS[:4]])
spec("timeSlots", [DATETIMES, probes("UInt32")])
spec("toTimeZone timezoneOf timezoneOffset UTCTimestamp", [DATETIMES])
spec("toUTCTimestamp fromUTCTimestamp", [DATETIMES, ZONE])

# --- strings -----------------------------------------------------------------------------
spec("length lengthUTF8 empty notEmpty lower upper lowerUTF8 upperUTF8 reverse reverseUTF8 trimBoth trimLeft "
     "trimRight initcap initcapUTF8 toValidUTF8 base64Encode base64Decode tryBase64Decode hex unhex "
     "isValidUTF8 normalizeUTF8NFC ascii soundex firstLine caseFoldUTF8 removeDiacriticsUTF8 "
     "splitByWhitespace splitByNonAlpha alphaTokens bin unbin encodeXMLComponent decodeXMLComponent "
     "decodeHTMLComponent CRC32 naturalSortKey", [STRS])
spec("length empty notEmpty reverse", [ARRAYS + MAPS])
spec("hex bin", [NUMS[:14] + DATES[:3] + probes("UUID")])
spec("concat", [SCALARS + ARRAYS[:2] + WRAPPED[:5]])
spec("concat", [STRS + WRAPPED[4:5] + WRAPPED[7:9] + probes("UInt8", "Float64", "Date", "Int64") + STR_LIT,
                STRS + WRAPPED[4:5] + WRAPPED[7:9] + probes("UInt8", "Float64", "Date", "Int64") + STR_LIT],
     variadic=(1, 1))
spec("concatWithSeparator", [STRS + STR_LIT, STRS + probes("Nullable(String)", "UInt8"), STRS],
     variadic=(2, 1))
spec("substring substringUTF8 left right leftUTF8 rightUTF8", [STRS, INT_ARG])
spec("substring substringUTF8", [STRS, INT_ARG, INT_ARG])
spec("leftPad rightPad leftPadUTF8 rightPadUTF8", [STRS, INT_ARG], [STRS, INT_ARG, STR_LIT])
spec("repeat", [STRS, INT_ARG])
spec("replaceOne replaceAll replaceRegexpOne replaceRegexpAll", [STRS, STR_LIT, STR_LIT])
spec("position positionCaseInsensitive positionUTF8 locate countSubstrings countMatches startsWith endsWith "
     "hasToken multiSearchAny editDistance levenshteinDistance damerauLevenshteinDistance stringJaccardIndex "
     "ngramDistance jaroSimilarity", [STRS, STR_LIT + probes("String")])
spec("extract extractAll regexpExtract extractGroups extractAllGroupsHorizontal", [STRS, REGEX])
spec("regexpExtract", [STRS, REGEX, INT_LIT])
spec("splitByChar splitByString splitByRegexp", [[Literal(",")], STRS], [[Literal(",")], STRS, INT_LIT])
spec("arrayStringConcat", [ARRAYS], [ARRAYS, STR_LIT])
spec("format", [[Literal("{} {}")], SOME, SOME])
spec("trim", [STRS])
spec("translate translateUTF8", [STRS, STR_LIT, STR_LIT])
spec("multiSearchAny multiSearchFirstIndex multiMatchAny multiSearchAllPositions",
     [STRS, [Sql("['a', 'b']")]])

# --- URLs -----------------------------------------------------------------------------------
spec("domain domainWithoutWWW topLevelDomain protocol path pathFull queryString fragment netloc port "
     "cutQueryString cutFragment cutWWW cutQueryStringAndFragment decodeURLComponent encodeURLComponent "
     "decodeURLFormComponent encodeURLFormComponent firstSignificantSubdomain cutToFirstSignificantSubdomain "
     "cutToFirstSignificantSubdomainWithWWW extractURLParameters extractURLParameterNames URLHierarchy "
     "URLPathHierarchy queryStringAndFragment domainRFC topLevelDomainRFC", [STRS])
spec("extractURLParameter cutURLParameter", [STRS, STR_LIT + probes("String")])

# --- math and rounding -------------------------------------------------------------------------
spec("round roundBankers floor ceil trunc", [NUMS], [NUMS, INT_LIT + probes("Int8")])
spec("exp log ln log2 log10 log1p sqrt cbrt exp2 exp10 sin cos tan asin acos atan sinh cosh tanh erf erfc "
     "lgamma tgamma degrees radians sigmoid isNaN isFinite isInfinite roundToExp2 roundAge roundDuration "
     "intExp2 intExp10 factorial", [NUMS])
spec("pow atan2 hypot", [NUMS[:14], NUMS[:14]])
spec("pi e", [])
spec("roundDown", [NUMS, [Sql("[1, 2, 3]"), Sql("[1.5, 2.5]")]])
spec("widthBucket", [NUMS[:14], probes("Float64", "Int64"), probes("Float64", "Int64"), INT_ARG[:1]])

# --- arrays and higher-order functions -----------------------------------------------------------
spec("array", [U(ANY + WRAPPED)], variadic=(0, 1))
spec("array", [U(SOMEW), U(SOMEW)], variadic=(1, 1))
spec("arrayElement", [ARRAYS, INT_ARG], [MAPS, probes("String", "UInt8") + STR_LIT])
spec("has indexOf countEqual", [ARRAYS, SOME + probes("Nullable(String)")])
spec("hasAll hasAny hasSubstr", [ARRAY_PAIR, ARRAY_PAIR])
spec("arrayConcat arrayIntersect arrayUnion arrayExcept arraySymmetricDifference", [ARRAY_PAIR, ARRAY_PAIR],
     variadic=(1, 1))
spec("arraySlice", [ARRAYS, INT_ARG], [ARRAYS, INT_ARG, INT_ARG])
spec("arrayPushBack arrayPushFront", [ARRAYS, SOME + probes("Nullable(String)")])
spec("arrayPopBack arrayPopFront arrayReverse arraySort arrayReverseSort arrayDistinct arrayUniq arrayJoin "
     "arrayEnumerate arrayEnumerateUniq arrayEnumerateDense arrayCompact arrayFlatten arrayShuffle "
     "arrayCumSum arrayCumSumNonNegative arrayDifference arraySum arrayAvg arrayMin arrayMax arrayProduct "
     "arrayFirstOrNull arrayLastOrNull arrayElementOrNull empty notEmpty length", [ARRAYS + NUM_ARRAYS])
spec("arrayResize", [ARRAYS, INT_ARG], [ARRAYS, INT_ARG[:2], SOME[:6]])
spec("arrayZip", [ARRAY_PAIR, ARRAY_PAIR], variadic=(1, 1))
spec("range", [INTS[:4] + SINTS[:4]], [INTS[:4], INTS[:4]], [INTS[:4], INTS[:4], INTS[:4]])
spec("arrayWithConstant", [INT_ARG, SOME])
spec("arrayMap", [LAMBDA_ANY, ARRAYS], [LAMBDA_ANY2, ARRAY_PAIR, ARRAY_PAIR], lambdas="elements")
spec("arrayFilter arrayExists arrayAll arrayCount arrayFirst arrayLast arrayFirstIndex arrayLastIndex "
     "arrayFirstOrNull arrayLastOrNull arrayFill arrayReverseFill arraySplit arrayReverseSplit",
     [LAMBDA_COND, ARRAYS], [LAMBDA_COND2, ARRAY_PAIR, ARRAY_PAIR], lambdas="elements")
spec("arraySum arrayAvg arrayMin arrayMax arrayCumSum arrayProduct", [LAMBDA_NUM, ARRAYS], lambdas="elements")
spec("arraySort arrayReverseSort", [LAMBDA_SORT, ARRAYS], lambdas="elements")
spec("arrayFold", [[Lambda(t, 2) for t in ("UInt64", "String", "Float64")], ARRAYS[:5],
                   probes("UInt64", "String", "Float64")], lambdas="fold")
spec("arrayReduce", [[Literal(name, enum=True) for name in ("sum", "avg", "min", "max", "any", "uniq", "uniqExact",
                                                           "count", "groupUniqArray")], NUM_ARRAYS[:10]])

# --- maps and tuples --------------------------------------------------------------------------------
spec("map", [probes("String", "UInt8", "LowCardinality(String)") + STR_LIT, SOME], variadic=(0, 2))
spec("mapKeys mapValues", [MAPS])
spec("mapContains mapContainsKey", [MAPS, probes("String", "UInt8") + STR_LIT])
spec("mapFromArrays", [ARRAY_PAIR, ARRAY_PAIR])
spec("mapApply", [[Lambda("Tuple(String, UInt64)", 2), Lambda("Tuple(String, String)", 2)], MAPS],
     lambdas="map")
spec("mapFilter mapExists mapAll", [[Lambda("UInt8", 2)], MAPS], lambdas="map")
spec("mapUpdate mapConcat", [MAPS, MAPS])
spec("mapAdd mapSubtract", [MAPS[:1], MAPS[:1]])
spec("mapSort mapReverseSort", [MAPS])
spec("extractKeyValuePairs", [STRS])
spec("tuple", [U(ANY + WRAPPED[:5])], variadic=(0, 1))
spec("tuple", [U(SOME), U(SOME)], variadic=(1, 1))
spec("tupleElement", [TUPLES + probes("Tuple(x DateTime({tz}), y Array(String))"),
                      [Literal((1, 2, 1)), Literal(("b", "b", "b"))]])
spec("tupleConcat", [TUPLES, TUPLES])
spec("tupleNames", [TUPLES])
spec("untuple", [TUPLES])

# --- JSON ---------------------------------------------------------------------------------------------
spec("JSONExtractString JSONExtractInt JSONExtractUInt JSONExtractFloat JSONExtractBool JSONExtractRaw "
     "JSONExtractArrayRaw JSONExtractKeys JSONHas JSONLength JSONType JSONExtractKeysAndValuesRaw "
     "JSONExtractStringCaseInsensitive JSONArrayLength", [STRS], [STRS, JSON_KEY], variadic=(1, 1))
spec("JSONExtract JSONExtractKeysAndValues JSONExtractCaseInsensitive", [STRS, TYPE_NAME],
     [STRS, JSON_KEY, TYPE_NAME], variadic=(1, 1))
spec("JSON_VALUE JSON_QUERY JSON_EXISTS", [STRS, [Literal("$.a")]])
spec("simpleJSONExtractString simpleJSONExtractInt simpleJSONExtractUInt simpleJSONExtractFloat "
     "simpleJSONExtractBool simpleJSONExtractRaw simpleJSONHas", [STRS, [Literal("a")]])
spec("isValidJSON", [STRS])
spec("toJSONString", [SOME + ARRAYS[:3] + MAPS[:2]])

# --- hashing, UUIDs, IPs, encoding ----------------------------------------------------------------------
spec("cityHash64 sipHash64 xxHash64 xxh3 murmurHash2_64 murmurHash3_64 farmHash64 farmFingerprint64 "
     "wyHash64 metroHash64 halfMD5 xxHash32 murmurHash2_32 murmurHash3_32 javaHash hiveHash sipHash128 "
     "murmurHash3_128 xxh3_128", [U(SOME + ARRAYS[:2] + WRAPPED[:2])])
spec("cityHash64 sipHash64 xxHash64 xxh3 murmurHash3_64 farmFingerprint64 halfMD5 sipHash128",
     [U(SOME[:8]), U(SOME[:8])], variadic=(1, 1))
spec("MD5 SHA1 SHA224 SHA256 SHA512 MD4 SHA384 RIPEMD160 keccak256", [STRS])
spec("intHash32 intHash64", [INTS])
spec("generateUUIDv4 generateUUIDv7 rand rand64 randCanonical generateSnowflakeID", [])
spec("UUIDStringToNum UUIDNumToString toUUIDOrZero", [probes("String", "FixedString(16)")])
spec("UUIDv7ToDateTime", [probes("UUID")])
spec("IPv4NumToString IPv4ToIPv6", [probes("UInt32", "IPv4")])
spec("IPv4StringToNum IPv4StringToNumOrNull IPv6StringToNum isIPv4String isIPv6String", [STRS])
spec("IPv6NumToString", [probes("FixedString(16)", "IPv6")])
spec("isIPAddressInRange", [probes("String"), STR_LIT])
spec("char", [INTS[:4]], variadic=(0, 1))
spec("formatReadableSize formatReadableQuantity formatReadableDecimalSize formatReadableTimeDelta",
     [NUMS[:14]])
spec("materialize identity ignore", [U(SOME + WRAPPED)])
spec("greatCircleDistance geoDistance", [FLOATS[:2], FLOATS[:2], FLOATS[:2], FLOATS[:2]])
spec("bar", [NUMS[:14], INT_LIT, INT_LIT, INT_LIT])
spec("rowNumberInAllBlocks blockNumber hostName currentDatabase version uptime currentUser", [])

# --- aggregates ---------------------------------------------------------------------------------------------
AGG_ANY = ANY + WRAPPED
spec("count", [], [U(AGG_ANY)])
spec("sum avg sumWithOverflow sumKahan stddevPop stddevSamp varPop varSamp skewPop skewSamp kurtPop kurtSamp "
     "entropy deltaSum groupBitAnd groupBitOr groupBitXor sumCount", [NUMS + WRAPPED[:4] + probes("Bool")])
spec("min max any anyLast anyHeavy uniq uniqExact uniqCombined uniqCombined64 uniqHLL12 uniqTheta groupArray "
     "groupUniqArray groupArrayDistinct singleValueOrNull groupConcat", [U(AGG_ANY)])
spec("argMin argMax", [U(AGG_ANY), U(SOME + DATES + WRAPPED[:3])])
spec("uniq uniqExact uniqCombined", [U(SOME), U(SOME)], variadic=(1, 1))
spec("avgWeighted", [NUMS, NUMS[:14]])
spec("corr covarPop covarSamp simpleLinearRegression rankCorr", [NUMS[:15], NUMS[:15]])
spec("sumMap minMap maxMap", [ARRAY_PAIR[:3], NUM_ARRAYS[:6]])
spec("sumMap minMap maxMap", [MAPS[:1] + probes("Map(String, Float64)", "Map(UInt8, Int32)")])
spec("quantile quantileExact quantileTDigest quantileTiming quantileExactWeighted median quantileDeterministic",
     [NUMS + DATES + WRAPPED[:5]], params=["0.9"])
spec("quantile median quantileExact", [NUMS + DATES])
spec("quantiles quantilesExact quantilesTDigest quantilesTiming", [NUMS + DATES + WRAPPED[:5]],
     params=["0.5, 0.9"])
spec("quantileExactWeighted", [NUMS + DATES, INTS[:4]], params=["0.9"])
spec("topK", [U(AGG_ANY)], params=["3"])
spec("topK groupArrayLast", [SOME], params=["5"])
spec("groupArray groupUniqArray groupArraySample", [U(SOME + WRAPPED)], params=["10"])
spec("topKWeighted", [SOME, INTS[:4]], params=["3"])
spec("histogram", [NUMS[:15]], params=["5"])
spec("retention", [COND, COND], variadic=(1, 1))
spec("windowFunnel", [DATES[2:4] + INTS[2:4], COND, COND], params=["3600"], variadic=(2, 1))
spec("sequenceMatch sequenceCount", [DATES[2:4], COND, COND], params=["'(?1)(?2)'"])
spec("groupArrayMovingSum groupArrayMovingAvg", [NUMS])
spec("boundingRatio", [NUMS[:14], NUMS[:14]])
spec("exponentialMovingAverage", [NUMS[:14], INTS[:4] + DATES[2:3]], params=["10"])
spec("uniqUpTo", [SOME], params=["10"])
spec("groupBitmap", [UINTS[:4]])
spec("any_respect_nulls anyLast_respect_nulls first_value_respect_nulls", [U(SOME + WRAPPED)])
spec("maxIntersections maxIntersectionsPosition", [INTS[:4], INTS[:4]])
spec("theilsU cramersV cramersVBiasCorrected contingency", [SOME, SOME])
spec("categoricalInformationValue", [COND[:1], COND[:1]])

# --- window functions ----------------------------------------------------------------------------------
spec("row_number rank dense_rank percent_rank cume_dist", [], window=True)
spec("ntile", [INT_LIT], window=True)
spec("lagInFrame leadInFrame lag lead", [U(AGG_ANY)], [U(AGG_ANY), INT_LIT], [SOME, INT_LIT, SOME], window=True)
spec("nth_value", [U(AGG_ANY), INT_LIT], window=True)
spec("first_value last_value", [U(AGG_ANY)], window=True)
spec("exponentialTimeDecayedSum exponentialTimeDecayedAvg exponentialTimeDecayedMax "
     "exponentialTimeDecayedCount", [NUMS[:14], DATES[2:4] + INTS[:4]], params=["10"], window=True)
spec("nonNegativeDerivative", [NUMS[:14], DATES[2:]], window=True)
