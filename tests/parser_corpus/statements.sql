-- ClickHouse SELECT statements, one construct each, for the parser corpus test
-- (src/analysis/tests/corpus.rs). Each statement starts with a `-- name` line and ends
-- with `;` at the end of a line. They read the tables the test declares: db.events,
-- db.users, db.orders, db.prices, db.metrics.

-- select_columns
SELECT event_id, user_id, event_time FROM db.events;

-- select_star
SELECT * FROM db.users;

-- select_qualified_star
SELECT u.* FROM db.users AS u;

-- select_star_except
SELECT * EXCEPT (props, tags) FROM db.events;

-- select_star_except_bare
SELECT * EXCEPT props FROM db.events;

-- select_star_replace
SELECT * REPLACE (amount * 2 AS amount) FROM db.orders;

-- select_columns_regex
SELECT COLUMNS('^event_') FROM db.events;

-- select_columns_regex_except
SELECT COLUMNS('_id$') FROM db.events;

-- columns_apply
SELECT COLUMNS('_id$') APPLY(toString) APPLY length FROM db.events;

-- select_distinct
SELECT DISTINCT country FROM db.users;

-- select_distinct_on
SELECT DISTINCT ON (country) country, name FROM db.users;

-- alias_reuse
SELECT amount * 2 AS doubled, doubled + 1 AS plus_one FROM db.orders;

-- alias_in_where
SELECT toDate(event_time) AS day FROM db.events WHERE day >= '2024-01-01';

-- alias_quoted
SELECT user_id AS `user id`, name AS "user name" FROM db.users;

-- where_and_or
SELECT event_id FROM db.events WHERE is_bot = 0 AND (event_type = 'click' OR event_type = 'view');

-- where_in_list
SELECT event_id FROM db.events WHERE event_type IN ('click', 'view');

-- where_not_in_list
SELECT event_id FROM db.events WHERE event_type NOT IN ('click', 'view');

-- where_in_subquery
SELECT event_id FROM db.events WHERE user_id IN (SELECT user_id FROM db.users WHERE country = 'DE');

-- where_global_in
SELECT event_id FROM db.events WHERE user_id GLOBAL IN (SELECT user_id FROM db.users);

-- where_global_not_in
SELECT event_id FROM db.events WHERE user_id GLOBAL NOT IN (1, 2, 3);

-- where_in_array
SELECT event_id FROM db.events WHERE user_id IN [1, 2, 3];

-- where_tuple_in
SELECT event_id FROM db.events WHERE (user_id, event_type) IN ((1, 'click'), (2, 'view'));

-- where_between
SELECT order_id FROM db.orders WHERE amount BETWEEN 10 AND 100;

-- where_not_between
SELECT order_id FROM db.orders WHERE amount NOT BETWEEN 10 AND 100;

-- where_like
SELECT url FROM db.events WHERE url LIKE '%/checkout%';

-- where_not_like
SELECT url FROM db.events WHERE url NOT LIKE '%/admin%';

-- where_ilike
SELECT name FROM db.users WHERE name ILIKE 'a%';

-- where_is_null
SELECT user_id FROM db.users WHERE email IS NULL;

-- where_is_not_null
SELECT user_id, email IS NOT NULL AS has_email FROM db.users WHERE email IS NOT NULL;

-- where_exists
SELECT user_id FROM db.users AS u WHERE EXISTS (SELECT 1 FROM db.orders AS o WHERE o.user_id = u.user_id);

-- prewhere
SELECT event_id FROM db.events PREWHERE event_date = '2024-01-01' WHERE is_bot = 0;

-- final_table
SELECT event_id, version FROM db.events FINAL;

-- final_with_alias
SELECT e.event_id FROM db.events AS e FINAL WHERE e.is_bot = 0;

-- final_before_where
SELECT event_id FROM db.events FINAL WHERE user_id = 1;

-- final_prewhere
SELECT event_id FROM db.events FINAL PREWHERE event_date = today();

-- final_in_join
SELECT e.event_id, u.name FROM db.events AS e FINAL JOIN db.users AS u ON e.user_id = u.user_id;

-- sample_ratio
SELECT count() FROM db.events SAMPLE 0.1;

-- sample_offset
SELECT count() FROM db.events SAMPLE 1/10 OFFSET 1/2;

-- sample_rows
SELECT count() FROM db.events SAMPLE 10000;

-- group_by_count
SELECT event_type, count() AS events FROM db.events GROUP BY event_type;

-- group_by_position
SELECT event_type, count() FROM db.events GROUP BY 1;

-- group_by_alias
SELECT toStartOfHour(event_time) AS hour, count() AS events FROM db.events GROUP BY hour;

-- group_by_all
SELECT event_type, user_id, sum(duration_ms) AS total FROM db.events GROUP BY ALL;

-- group_by_having
SELECT user_id, count() AS c FROM db.events GROUP BY user_id HAVING c > 10;

-- group_by_with_totals
SELECT event_type, count() AS c FROM db.events GROUP BY event_type WITH TOTALS;

-- group_by_rollup
SELECT country, signup_date, count() AS c FROM db.users GROUP BY ROLLUP(country, signup_date);

-- group_by_cube
SELECT country, age, count() AS c FROM db.users GROUP BY CUBE(country, age);

-- group_by_with_rollup
SELECT country, count() AS c FROM db.users GROUP BY country WITH ROLLUP;

-- group_by_with_cube
SELECT country, count() AS c FROM db.users GROUP BY country WITH CUBE;

-- group_by_grouping_sets
SELECT country, age, count() AS c FROM db.users GROUP BY GROUPING SETS ((country), (age), ());

-- group_by_expression
SELECT toYear(signup_date) AS y, count() AS c FROM db.users GROUP BY toYear(signup_date);

-- order_by_desc
SELECT user_id, score FROM db.users ORDER BY score DESC;

-- order_by_nulls_last
SELECT user_id, email FROM db.users ORDER BY email ASC NULLS LAST;

-- order_by_with_fill
SELECT event_date, count() AS c FROM db.events GROUP BY event_date ORDER BY event_date WITH FILL;

-- order_by_collate
SELECT name FROM db.users ORDER BY name COLLATE 'en';

-- order_by_all
SELECT name, age FROM db.users ORDER BY ALL;

-- limit_offset
SELECT user_id FROM db.users ORDER BY user_id LIMIT 10 OFFSET 20;

-- limit_comma
SELECT user_id FROM db.users ORDER BY user_id LIMIT 20, 10;

-- limit_by
SELECT user_id, event_time FROM db.events ORDER BY event_time DESC LIMIT 3 BY user_id;

-- limit_offset_by
SELECT user_id, event_time FROM db.events ORDER BY event_time DESC LIMIT 1, 2 BY user_id;

-- limit_by_then_limit
SELECT user_id, event_time FROM db.events ORDER BY event_time DESC LIMIT 3 BY user_id LIMIT 100;

-- limit_with_ties
SELECT user_id, score FROM db.users ORDER BY score DESC LIMIT 5 WITH TIES;

-- settings_trailing
SELECT user_id FROM db.users SETTINGS max_threads = 4;

-- settings_two
SELECT user_id FROM db.users SETTINGS max_threads = 4, max_execution_time = 60;

-- format_trailing
SELECT user_id FROM db.users FORMAT JSONEachRow;

-- settings_and_format
SELECT user_id FROM db.users SETTINGS max_threads = 1 FORMAT TabSeparated;

-- join_inner_on
SELECT o.order_id, u.name FROM db.orders AS o INNER JOIN db.users AS u ON o.user_id = u.user_id;

-- join_plain
SELECT o.order_id, u.name FROM db.orders AS o JOIN db.users AS u ON o.user_id = u.user_id;

-- join_left
SELECT o.order_id, u.name FROM db.orders AS o LEFT JOIN db.users AS u ON o.user_id = u.user_id;

-- join_left_outer
SELECT o.order_id, u.name FROM db.orders AS o LEFT OUTER JOIN db.users AS u ON o.user_id = u.user_id;

-- join_right
SELECT o.order_id, u.name FROM db.orders AS o RIGHT JOIN db.users AS u ON o.user_id = u.user_id;

-- join_full
SELECT o.order_id, u.name FROM db.orders AS o FULL OUTER JOIN db.users AS u ON o.user_id = u.user_id;

-- join_cross
SELECT u.name, m.metric FROM db.users AS u CROSS JOIN db.metrics AS m;

-- join_comma
SELECT u.name, m.metric FROM db.users AS u, db.metrics AS m;

-- join_using_parens
SELECT user_id, name, order_id FROM db.orders JOIN db.users USING (user_id);

-- join_using_bare
SELECT user_id, name, order_id FROM db.orders JOIN db.users USING user_id;

-- join_using_bare_two
SELECT p.product_id, p.price FROM db.prices AS p JOIN db.prices AS q USING product_id, price_time;

-- join_left_any
SELECT o.order_id, u.name FROM db.orders AS o LEFT ANY JOIN db.users AS u ON o.user_id = u.user_id;

-- join_any_left
SELECT o.order_id, u.name FROM db.orders AS o ANY LEFT JOIN db.users AS u ON o.user_id = u.user_id;

-- join_any_inner
SELECT o.order_id, u.name FROM db.orders AS o ANY INNER JOIN db.users AS u ON o.user_id = u.user_id;

-- join_inner_any
SELECT o.order_id, u.name FROM db.orders AS o INNER ANY JOIN db.users AS u ON o.user_id = u.user_id;

-- join_any_bare
SELECT o.order_id, u.name FROM db.orders AS o ANY JOIN db.users AS u ON o.user_id = u.user_id;

-- join_all_inner
SELECT o.order_id, u.name FROM db.orders AS o ALL INNER JOIN db.users AS u ON o.user_id = u.user_id;

-- join_all_left
SELECT o.order_id, u.name FROM db.orders AS o ALL LEFT JOIN db.users AS u USING user_id;

-- join_right_any
SELECT o.order_id, u.name FROM db.orders AS o RIGHT ANY JOIN db.users AS u ON o.user_id = u.user_id;

-- join_full_all
SELECT o.order_id, u.name FROM db.orders AS o FULL ALL JOIN db.users AS u ON o.user_id = u.user_id;

-- join_global_any_left
SELECT o.order_id, u.name FROM db.orders AS o GLOBAL ANY LEFT JOIN db.users AS u ON o.user_id = u.user_id;

-- join_global_left
SELECT o.order_id, u.name FROM db.orders AS o GLOBAL LEFT JOIN db.users AS u ON o.user_id = u.user_id;

-- join_global_inner
SELECT o.order_id, u.name FROM db.orders AS o GLOBAL INNER JOIN db.users AS u ON o.user_id = u.user_id;

-- join_semi_left
SELECT o.order_id, u.name FROM db.orders AS o SEMI LEFT JOIN db.users AS u ON o.user_id = u.user_id;

-- join_left_semi
SELECT o.order_id, u.name FROM db.orders AS o LEFT SEMI JOIN db.users AS u ON o.user_id = u.user_id;

-- join_anti_left
SELECT o.order_id FROM db.orders AS o ANTI LEFT JOIN db.users AS u ON o.user_id = u.user_id;

-- join_left_anti
SELECT o.order_id FROM db.orders AS o LEFT ANTI JOIN db.users AS u ON o.user_id = u.user_id;

-- join_right_semi
SELECT u.name FROM db.orders AS o RIGHT SEMI JOIN db.users AS u ON o.user_id = u.user_id;

-- join_anti_right
SELECT u.name FROM db.orders AS o ANTI RIGHT JOIN db.users AS u ON o.user_id = u.user_id;

-- join_asof
SELECT o.order_id, p.price FROM db.orders AS o ASOF JOIN db.prices AS p ON o.user_id = p.product_id AND o.order_time >= p.price_time;

-- join_asof_left
SELECT o.order_id, p.price FROM db.orders AS o ASOF LEFT JOIN db.prices AS p ON o.user_id = p.product_id AND o.order_time >= p.price_time;

-- join_left_asof
SELECT o.order_id, p.price FROM db.orders AS o LEFT ASOF JOIN db.prices AS p ON o.user_id = p.product_id AND o.order_time >= p.price_time;

-- join_asof_using
SELECT p.product_id, q.price FROM db.prices AS p ASOF JOIN db.prices AS q USING (product_id, price_time);

-- join_paste
SELECT u.name, m.metric FROM db.users AS u PASTE JOIN db.metrics AS m;

-- join_three
SELECT o.order_id, u.name, e.url FROM db.orders AS o JOIN db.users AS u ON o.user_id = u.user_id LEFT JOIN db.events AS e ON e.user_id = u.user_id;

-- join_subquery
SELECT u.name, s.total FROM db.users AS u JOIN (SELECT user_id, sum(amount) AS total FROM db.orders GROUP BY user_id) AS s ON s.user_id = u.user_id;

-- join_self
SELECT a.user_id, b.user_id AS other FROM db.users AS a JOIN db.users AS b ON a.country = b.country AND a.user_id < b.user_id;

-- join_use_nulls
SELECT o.order_id, u.name FROM db.orders AS o LEFT JOIN db.users AS u ON o.user_id = u.user_id SETTINGS join_use_nulls = 1;

-- join_any_left_use_nulls
SELECT o.order_id, u.name FROM db.orders AS o ANY LEFT JOIN db.users AS u ON o.user_id = u.user_id SETTINGS join_use_nulls = 1;

-- join_on_expression
SELECT o.order_id, u.name FROM db.orders AS o JOIN db.users AS u ON toUInt64(o.user_id) = toUInt64(u.user_id);

-- array_join_column
SELECT event_id, tags FROM db.events ARRAY JOIN tags;

-- array_join_alias
SELECT event_id, tag FROM db.events ARRAY JOIN tags AS tag;

-- array_join_left
SELECT event_id, tag FROM db.events LEFT ARRAY JOIN tags AS tag;

-- array_join_two
SELECT order_id, item, quantity FROM db.orders ARRAY JOIN items AS item, quantities AS quantity;

-- array_join_literal
SELECT event_id, n FROM db.events ARRAY JOIN [1, 2, 3] AS n;

-- array_join_function
SELECT event_id, i FROM db.events ARRAY JOIN arrayEnumerate(tags) AS i;

-- array_join_map_function
SELECT order_id, doubled FROM db.orders ARRAY JOIN arrayMap(x -> x * 2, items) AS doubled;

-- array_join_function_in_select
SELECT event_id, arrayJoin(tags) AS tag FROM db.events;

-- cte_basic
WITH active AS (SELECT user_id FROM db.users WHERE age > 18) SELECT user_id FROM active;

-- cte_two
WITH a AS (SELECT user_id, name FROM db.users), b AS (SELECT user_id, count() AS c FROM db.orders GROUP BY user_id) SELECT a.name, b.c FROM a JOIN b ON a.user_id = b.user_id;

-- cte_reads_cte
WITH a AS (SELECT user_id FROM db.users), b AS (SELECT user_id FROM a) SELECT user_id FROM b;

-- cte_nested_with
SELECT user_id FROM (WITH a AS (SELECT user_id FROM db.users) SELECT user_id FROM a);

-- cte_column_list
WITH a (id, n) AS (SELECT user_id, name FROM db.users) SELECT id, n FROM a;

-- scalar_with_constant
WITH 5 AS five SELECT five, user_id * five AS scaled FROM db.users;

-- scalar_with_string
WITH 'click' AS kind SELECT count() AS c FROM db.events WHERE event_type = kind;

-- scalar_with_function
WITH toDate('2024-01-01') AS start SELECT count() AS c FROM db.events WHERE event_date >= start;

-- scalar_with_two
WITH toDate('2024-01-01') AS start, toDate('2024-02-01') AS stop SELECT start, stop, count() AS c FROM db.events WHERE event_date BETWEEN start AND stop;

-- scalar_with_subquery
WITH (SELECT max(amount) FROM db.orders) AS largest SELECT order_id, amount / largest AS share FROM db.orders;

-- scalar_with_mixed
WITH toDate('2024-01-01') AS start, (SELECT max(event_time) FROM db.events) AS m SELECT start, m;

-- scalar_with_and_cte
WITH 10 AS top_n, ranked AS (SELECT user_id, score FROM db.users ORDER BY score DESC) SELECT user_id FROM ranked LIMIT 10;

-- scalar_with_column_expression
WITH amount * 2 AS doubled SELECT order_id, doubled FROM db.orders;

-- scalar_with_in_group_by
WITH toStartOfDay(event_time) AS day SELECT day, count() AS c FROM db.events GROUP BY day;

-- scalar_with_in_order_by
WITH score * 100 AS pct SELECT user_id FROM db.users ORDER BY pct DESC;

-- scalar_with_in_subquery
WITH 3 AS n SELECT user_id FROM (SELECT user_id FROM db.users WHERE age > n);

-- scalar_with_array
WITH ['click', 'view'] AS kinds SELECT count() AS c FROM db.events WHERE has(kinds, event_type);

-- scalar_with_lambda_use
WITH [1, 2, 3] AS xs SELECT arrayMap(x -> x * 2, xs) AS doubled;

-- scalar_with_tuple
WITH (1, 'a') AS pair SELECT pair.1 AS first, pair.2 AS second;

-- scalar_with_interval
WITH now() - INTERVAL 7 DAY AS week_ago SELECT count() AS c FROM db.events WHERE event_time > week_ago;

-- scalar_with_quoted_alias
WITH 42 AS `the answer` SELECT `the answer`;

-- scalar_with_ternary
WITH 1 ? 'yes' : 'no' AS answer SELECT answer;

-- ternary_basic
SELECT is_bot ? 'bot' : 'human' AS kind FROM db.events;

-- ternary_comparison
SELECT amount > 100 ? 'big' : 'small' AS size FROM db.orders;

-- ternary_unaliased
SELECT age >= 18 ? 1 : 0 FROM db.users;

-- ternary_nested_parenthesised
SELECT age < 13 ? 'child' : (age < 18 ? 'teen' : 'adult') AS bracket FROM db.users;

-- ternary_nested_middle
SELECT age > 0 ? (age > 18 ? 'adult' : 'minor') : 'unknown' AS bracket FROM db.users;

-- ternary_in_function
SELECT sum(is_bot ? 0 : duration_ms) AS human_ms FROM db.events;

-- ternary_with_or
SELECT is_bot = 1 OR duration_ms = 0 ? 'skip' : 'keep' AS verdict FROM db.events;

-- ternary_in_where
SELECT event_id FROM db.events WHERE (is_bot ? 0 : 1) = 1;

-- ternary_in_lambda
SELECT arrayMap(x -> x > 1 ? x : 0, items) AS clipped FROM db.orders;

-- ternary_numbers_supertype
SELECT age > 30 ? age : user_id AS mixed FROM db.users;

-- alias_inside_function
SELECT plus(age AS a, 1) AS next_age, a FROM db.users;

-- alias_inside_group_by
SELECT count() AS c FROM db.users GROUP BY country AS k;

-- alias_inside_where
SELECT b, plus(age AS a, 1), [a AS c, 2] FROM db.users WHERE (age + 1 AS b) > 2;

-- if_function
SELECT if(is_bot = 1, 'bot', 'human') AS kind FROM db.events;

-- multi_if
SELECT multiIf(age < 13, 'child', age < 18, 'teen', 'adult') AS bracket FROM db.users;

-- case_searched
SELECT CASE WHEN amount > 100 THEN 'big' WHEN amount > 10 THEN 'medium' ELSE 'small' END AS size FROM db.orders;

-- case_simple
SELECT CASE status WHEN 'paid' THEN 1 WHEN 'refunded' THEN -1 ELSE 0 END AS sign FROM db.orders;

-- case_without_else
SELECT CASE WHEN age > 60 THEN 'senior' END AS bracket FROM db.users;

-- coalesce
SELECT coalesce(email, 'none') AS contact FROM db.users;

-- if_null
SELECT ifNull(session_id, '') AS session FROM db.events;

-- null_if
SELECT nullIf(age, 0) AS age_or_null FROM db.users;

-- assume_not_null
SELECT assumeNotNull(email) AS e FROM db.users;

-- is_null_function
SELECT isNull(email) AS missing FROM db.users;

-- literal_integers
SELECT 1 AS a, 300 AS b, 70000 AS c, -1 AS d, 5000000000 AS e;

-- literal_floats
SELECT 1.5 AS a, 1e3 AS b, -0.25 AS c;

-- literal_strings
SELECT 'abc' AS a, '' AS b;

-- literal_escaped_string
SELECT 'it\'s' AS a, 'back\\slash' AS b, 'new\nline' AS c;

-- literal_doubled_quote
SELECT 'it''s' AS a;

-- literal_hex
SELECT 0xFF AS byte, 0x1FF AS wide;

-- literal_binary
SELECT 0b101 AS bits;

-- literal_hex_unaliased
SELECT 0x10;

-- literal_hex_in_expression
SELECT event_id FROM db.events WHERE duration_ms > 0xFFFF;

-- literal_bool
SELECT true AS t, false AS f;

-- literal_null
SELECT NULL AS n;

-- literal_array
SELECT [1, 2, 3] AS a, ['x', 'y'] AS b, [] AS empty;

-- literal_nested_array
SELECT [[1, 2], [3]] AS nested;

-- literal_tuple
SELECT (1, 'a') AS t, tuple(1, 2) AS u;

-- literal_map
SELECT map('a', 1, 'b', 2) AS m;

-- literal_date_keyword
SELECT DATE '2024-01-01' AS d;

-- literal_timestamp_keyword
SELECT TIMESTAMP '2024-01-01 00:00:00' AS ts;

-- literal_nan_inf
SELECT nan AS n, inf AS i, -inf AS minus_i;

-- literal_underscore_number
SELECT 1_000_000 AS million;

-- cast_function
SELECT CAST(age AS String) AS s FROM db.users;

-- cast_double_colon
SELECT age::String AS s FROM db.users;

-- cast_nullable
SELECT CAST(age AS Nullable(UInt16)) AS n FROM db.users;

-- cast_string_type
SELECT CAST(age, 'UInt16') AS n FROM db.users;

-- cast_decimal
SELECT CAST(score AS Decimal(10, 2)) AS d FROM db.users;

-- cast_datetime_timezone
SELECT CAST(event_time AS DateTime('UTC')) AS utc FROM db.events;

-- cast_datetime64_timezone_unaliased
SELECT CAST(event_time AS DateTime64(3, 'UTC')) FROM db.events;

-- cast_low_cardinality
SELECT CAST(name AS LowCardinality(String)) AS lc FROM db.users;

-- to_type_functions
SELECT toUInt8(age) AS a, toInt64(user_id) AS b, toFloat64(score) AS c, toString(user_id) AS d FROM db.users;

-- to_date_functions
SELECT toDate(event_time) AS d, toDateTime(event_date) AS dt, toDateTime64(event_time, 3) AS dt64 FROM db.events;

-- to_decimal
SELECT toDecimal64(score, 2) AS d FROM db.users;

-- to_or_null
SELECT toUInt32OrNull(url) AS n, toDateOrNull(url) AS d FROM db.events;

-- reinterpret
SELECT reinterpretAsUInt64(event_id) AS r FROM db.events;

-- arith_plus_minus
SELECT user_id + 1 AS a, user_id - 1 AS b, -user_id AS c FROM db.users;

-- arith_multiply_divide
SELECT age * 2 AS a, age / 2 AS b FROM db.users;

-- arith_int_div
SELECT intDiv(age, 2) AS a FROM db.users;

-- arith_div_keyword
SELECT age DIV 2 AS a FROM db.users;

-- arith_modulo
SELECT age % 7 AS a, modulo(age, 7) AS b FROM db.users;

-- arith_mod_keyword
SELECT age MOD 7 AS a FROM db.users;

-- arith_div_mod_unaliased
SELECT age DIV 2, -age DIV 2, age MOD 7 * 2, 1 + age DIV 3 FROM db.users;

-- arith_decimal
SELECT amount * 2 AS a, amount + amount AS b FROM db.orders;

-- arith_float_mix
SELECT score * age AS a FROM db.users;

-- arith_nullable
SELECT discount * 2 AS a FROM db.orders;

-- arith_functions
SELECT abs(score) AS a, round(score, 2) AS b, floor(score) AS c, ceil(score) AS d FROM db.users;

-- arith_greatest_least
SELECT greatest(age, 18) AS a, least(score, 1.0) AS b FROM db.users;

-- compare_operators
SELECT age = 1 AS a, age != 1 AS b, age <> 1 AS c, age < 1 AS d, age <= 1 AS e, age > 1 AS f, age >= 1 AS g FROM db.users;

-- logic_operators
SELECT age > 1 AND score > 0 AS a, age > 1 OR score > 0 AS b, NOT (age > 1) AS c FROM db.users;

-- logic_xor
SELECT xor(age > 1, score > 0) AS x FROM db.users;

-- string_concat_operator
SELECT name || ' <' || coalesce(email, '') || '>' AS label FROM db.users;

-- string_functions
SELECT lower(name) AS a, upper(name) AS b, length(name) AS c, substring(name, 1, 3) AS d FROM db.users;

-- string_concat
SELECT concat(name, '-', toString(user_id)) AS label FROM db.users;

-- string_trim
SELECT trim(name) AS a, trimLeft(name) AS b, trimRight(name) AS c FROM db.users;

-- string_replace
SELECT replaceAll(url, 'http://', 'https://') AS secure FROM db.events;

-- string_regex
SELECT match(url, '^https') AS secure, extract(url, 'id=(\\d+)') AS id FROM db.events;

-- string_split
SELECT splitByChar('/', url) AS parts FROM db.events;

-- string_position
SELECT position(url, 'checkout') AS pos FROM db.events;

-- string_starts_with
SELECT startsWith(url, 'https') AS s, endsWith(url, '.html') AS e FROM db.events;

-- string_format
SELECT format('{} is {}', name, toString(age)) AS sentence FROM db.users;

-- string_left_right
SELECT left(name, 1) AS initial, right(name, 2) AS tail FROM db.users;

-- string_empty
SELECT empty(name) AS e, notEmpty(name) AS ne FROM db.users;

-- string_url_functions
SELECT domain(url) AS d, path(url) AS p, extractURLParameter(url, 'id') AS id FROM db.events;

-- string_hash
SELECT cityHash64(url) AS h, sipHash64(url) AS s FROM db.events;

-- string_md5_hex
SELECT hex(MD5(url)) AS h FROM db.events;

-- date_parts
SELECT toYear(event_date) AS y, toMonth(event_date) AS m, toDayOfWeek(event_date) AS dow, toHour(event_time) AS h FROM db.events;

-- date_truncation
SELECT toStartOfDay(event_time) AS d, toStartOfWeek(event_date) AS w, toStartOfMonth(event_date) AS m FROM db.events;

-- date_start_of_interval
SELECT toStartOfInterval(event_time, INTERVAL 15 MINUTE) AS bucket FROM db.events;

-- date_trunc
SELECT date_trunc('month', event_time) AS m FROM db.events;

-- date_interval_arithmetic
SELECT event_time + INTERVAL 1 HOUR AS later, event_date - INTERVAL 7 DAY AS week_before FROM db.events;

-- date_interval_functions
SELECT addDays(event_date, 1) AS tomorrow, subtractHours(event_time, 2) AS earlier FROM db.events;

-- date_diff
SELECT dateDiff('day', signup_date, today()) AS days FROM db.users;

-- date_now_today
SELECT now() AS n, today() AS t, yesterday() AS y;

-- date_format
SELECT formatDateTime(event_time, '%Y-%m-%d') AS formatted FROM db.events;

-- date_extract
SELECT EXTRACT(YEAR FROM event_date) AS y FROM db.events;

-- date_to_yyyymm
SELECT toYYYYMM(event_date) AS ym FROM db.events;

-- date_parse
SELECT parseDateTimeBestEffort('2024-01-01 10:00:00') AS parsed;

-- date_to_unix
SELECT toUnixTimestamp(event_time) AS ts FROM db.events;

-- date_interval_string
SELECT now() - INTERVAL '1 day' AS yesterday_now;

-- date_interval_string_unaliased
SELECT INTERVAL '2 hours', now() - INTERVAL '3 days';

-- agg_basic
SELECT count() AS c, sum(amount) AS s, avg(amount) AS a, min(amount) AS mn, max(amount) AS mx FROM db.orders;

-- agg_count_column
SELECT count(email) AS c FROM db.users;

-- agg_count_distinct
SELECT count(DISTINCT user_id) AS c FROM db.events;

-- agg_uniq
SELECT uniq(user_id) AS u, uniqExact(user_id) AS ue, uniqHLL12(user_id) AS uh FROM db.events;

-- agg_if
SELECT countIf(is_bot = 1) AS bots, sumIf(duration_ms, is_bot = 0) AS human_ms FROM db.events;

-- agg_arg_max
SELECT user_id, argMax(url, event_time) AS last_url FROM db.events GROUP BY user_id;

-- agg_any
SELECT user_id, any(url) AS some_url, anyLast(url) AS last_url FROM db.events GROUP BY user_id;

-- agg_group_array
SELECT user_id, groupArray(url) AS urls FROM db.events GROUP BY user_id;

-- agg_group_array_limit
SELECT user_id, groupArray(10)(url) AS urls FROM db.events GROUP BY user_id;

-- agg_group_uniq_array
SELECT user_id, groupUniqArray(event_type) AS kinds FROM db.events GROUP BY user_id;

-- agg_quantile
SELECT quantile(0.5)(duration_ms) AS median FROM db.events;

-- agg_quantiles
SELECT quantiles(0.5, 0.9, 0.99)(duration_ms) AS qs FROM db.events;

-- agg_quantile_exact
SELECT quantileExact(0.9)(duration_ms) AS p90 FROM db.events;

-- agg_top_k
SELECT topK(5)(url) AS top_urls FROM db.events;

-- agg_sum_map
SELECT sumMap(items, quantities) AS totals FROM db.orders;

-- agg_state_merge
SELECT uniqMerge(s) AS u FROM (SELECT uniqState(user_id) AS s FROM db.events);

-- agg_array_combinator
SELECT sumArray(quantities) AS total_quantity FROM db.orders;

-- agg_or_null
SELECT sumOrNull(amount) AS s FROM db.orders;

-- agg_distinct_combinator
SELECT sumDistinct(amount) AS s FROM db.orders;

-- agg_stddev
SELECT stddevPop(score) AS sd, varSamp(score) AS v FROM db.users;

-- agg_corr
SELECT corr(score, age) AS c FROM db.users;

-- agg_any_heavy
SELECT anyHeavy(url) AS heavy FROM db.events;

-- agg_min_max_strings
SELECT min(name) AS first_name, max(name) AS last_name FROM db.users;

-- agg_group_bit
SELECT groupBitOr(is_bot) AS any_bot FROM db.events;

-- agg_having_aggregate
SELECT user_id FROM db.orders GROUP BY user_id HAVING sum(amount) > 100;

-- agg_nested_in_expression
SELECT user_id, sum(amount) / count() AS mean FROM db.orders GROUP BY user_id;

-- window_row_number
SELECT user_id, row_number() OVER (PARTITION BY country ORDER BY score DESC) AS rn FROM db.users;

-- window_rank
SELECT user_id, rank() OVER (ORDER BY score DESC) AS r, dense_rank() OVER (ORDER BY score DESC) AS dr FROM db.users;

-- window_sum_frame
SELECT order_id, sum(amount) OVER (PARTITION BY user_id ORDER BY order_time ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM db.orders;

-- window_lag_lead
SELECT order_id, lagInFrame(amount) OVER (PARTITION BY user_id ORDER BY order_time) AS previous FROM db.orders;

-- window_named
SELECT order_id, sum(amount) OVER w AS running FROM db.orders WINDOW w AS (PARTITION BY user_id ORDER BY order_time);

-- window_range_frame
SELECT ts, avg(value) OVER (PARTITION BY host ORDER BY ts RANGE BETWEEN 3600 PRECEDING AND CURRENT ROW) AS hourly FROM db.metrics;

-- window_first_value
SELECT user_id, first_value(name) OVER (PARTITION BY country ORDER BY signup_date) AS first_user FROM db.users;

-- window_count
SELECT user_id, count() OVER (PARTITION BY country) AS in_country FROM db.users;

-- window_qualify
SELECT user_id, score FROM db.users QUALIFY row_number() OVER (PARTITION BY country ORDER BY score DESC) = 1;

-- lambda_array_map
SELECT arrayMap(x -> x * 2, items) AS doubled FROM db.orders;

-- lambda_array_filter
SELECT arrayFilter(x -> x > 10, items) AS big FROM db.orders;

-- lambda_two_arguments
SELECT arrayMap((x, y) -> x * y, items, quantities) AS totals FROM db.orders;

-- lambda_exists
SELECT arrayExists(t -> t = 'promo', tags) AS has_promo FROM db.events;

-- lambda_sort
SELECT arraySort(x -> -x, items) AS sorted FROM db.orders;

-- lambda_array_sum
SELECT arraySum(x -> x * 2, quantities) AS s FROM db.orders;

-- lambda_count
SELECT arrayCount(x -> x > 1, quantities) AS c FROM db.orders;

-- array_functions
SELECT length(tags) AS n, has(tags, 'promo') AS promo, arrayDistinct(tags) AS d, indexOf(tags, 'a') AS i FROM db.events;

-- array_subscript
SELECT tags[1] AS first_tag FROM db.events;

-- array_element_function
SELECT arrayElement(tags, 1) AS first_tag FROM db.events;

-- array_concat
SELECT arrayConcat(items, [0]) AS padded FROM db.orders;

-- array_slice
SELECT arraySlice(items, 1, 2) AS head FROM db.orders;

-- array_string_join
SELECT arrayStringConcat(tags, ',') AS joined FROM db.events;

-- array_empty
SELECT empty(tags) AS no_tags, notEmpty(tags) AS some_tags FROM db.events;

-- array_range
SELECT range(5) AS r;

-- array_zip
SELECT arrayZip(items, quantities) AS pairs FROM db.orders;

-- array_group_array_subscript
SELECT groupArray(amount)[1] AS first_amount FROM db.orders;

-- map_subscript
SELECT props['utm_source'] AS source FROM db.events;

-- map_functions
SELECT mapKeys(props) AS k, mapValues(props) AS v, mapContains(props, 'a') AS has_a FROM db.events;

-- tuple_element_dot
SELECT geo.1 AS country FROM db.events;

-- tuple_element_name
SELECT geo.country AS country, geo.city AS city FROM db.events;

-- tuple_element_function
SELECT tupleElement(geo, 'city') AS city FROM db.events;

-- tuple_literal_element
SELECT (1, 'a').2 AS second;

-- subquery_in_from
SELECT c FROM (SELECT count() AS c FROM db.events);

-- subquery_in_from_alias
SELECT s.c FROM (SELECT count() AS c FROM db.events) AS s;

-- subquery_scalar
SELECT user_id, (SELECT count() FROM db.events) AS total FROM db.users;

-- subquery_correlated
SELECT u.user_id, (SELECT count() FROM db.orders AS o WHERE o.user_id = u.user_id) AS orders FROM db.users AS u;

-- subquery_nested
SELECT c FROM (SELECT c FROM (SELECT count() AS c FROM db.events));

-- union_all
SELECT user_id FROM db.users UNION ALL SELECT user_id FROM db.orders;

-- union_distinct
SELECT user_id FROM db.users UNION DISTINCT SELECT user_id FROM db.orders;

-- union_supertype
SELECT age AS v FROM db.users UNION ALL SELECT user_id FROM db.users;

-- intersect
SELECT user_id FROM db.users INTERSECT SELECT user_id FROM db.orders;

-- except_query
SELECT user_id FROM db.users EXCEPT SELECT user_id FROM db.orders;

-- union_in_subquery
SELECT count() AS c FROM (SELECT user_id FROM db.users UNION ALL SELECT user_id FROM db.orders);

-- table_function_numbers
SELECT number FROM numbers(10);

-- table_function_system
SELECT name FROM system.tables;

-- json_extract
SELECT JSONExtractString(url, 'a') AS a, JSONExtractInt(url, 'b') AS b FROM db.events;

-- json_has
SELECT JSONHas(url, 'a') AS has_a FROM db.events;

-- visit_param
SELECT visitParamExtractString(url, 'a') AS a FROM db.events;

-- type_name
SELECT toTypeName(amount) AS t FROM db.orders;

-- ip_functions
SELECT IPv4NumToString(toUInt32(user_id)) AS ip FROM db.users;

-- uuid_function
SELECT generateUUIDv4() AS id;

-- random_functions
SELECT rand() AS r, rand64() AS r64;

-- bit_functions
SELECT bitAnd(age, 1) AS odd, bitShiftLeft(age, 2) AS shifted FROM db.users;

-- conditional_in_aggregate
SELECT sum(if(is_bot = 1, 1, 0)) AS bots FROM db.events;

-- distinct_in_subquery
SELECT count() AS c FROM (SELECT DISTINCT user_id FROM db.events);

-- parameter_placeholder
SELECT user_id FROM db.users WHERE age > {min_age:UInt8};

-- comment_inline
SELECT user_id -- the key
FROM db.users /* all of them */;

-- comment_containing_keywords
SELECT user_id /* FROM x FINAL ? a : b */ FROM db.users;

-- string_with_keywords
SELECT 'a ? b : c FINAL ANY LEFT JOIN' AS s;

-- quoted_table
SELECT user_id FROM `db`.`users`;

-- lowercase_keywords
select user_id, count() as c from db.orders where amount > 0 group by user_id order by c desc limit 10;

-- mixed_case_keywords
Select user_id From db.users;

-- semicolon_terminated
SELECT 1 AS one;

-- nested_functions
SELECT round(avg(toFloat64(duration_ms)) / 1000, 1) AS seconds FROM db.events;

-- long_analytics_query
WITH daily AS (SELECT event_date, user_id, count() AS events, sum(duration_ms) AS ms FROM db.events WHERE is_bot = 0 GROUP BY event_date, user_id) SELECT event_date, count() AS users, sum(events) AS total_events, round(avg(ms) / 1000, 2) AS avg_seconds FROM daily GROUP BY event_date ORDER BY event_date;

-- funnel_window_funnel
SELECT user_id, windowFunnel(3600)(event_time, event_type = 'view', event_type = 'cart', event_type = 'buy') AS level FROM db.events GROUP BY user_id;

-- retention
SELECT user_id, retention(event_date = '2024-01-01', event_date = '2024-01-02') AS r FROM db.events GROUP BY user_id;

-- sequence_match
SELECT user_id, sequenceMatch('(?1)(?2)')(event_time, event_type = 'view', event_type = 'buy') AS matched FROM db.events GROUP BY user_id;

-- cohort_analysis
SELECT toStartOfMonth(u.signup_date) AS cohort, dateDiff('month', u.signup_date, o.order_time) AS months_after, uniq(o.user_id) AS buyers FROM db.orders AS o ANY LEFT JOIN db.users AS u USING user_id GROUP BY cohort, months_after ORDER BY cohort, months_after;

-- sessionization
SELECT user_id, event_time, event_time - lagInFrame(event_time) OVER (PARTITION BY user_id ORDER BY event_time) AS gap FROM db.events;

-- top_n_per_group
SELECT country, name, score FROM db.users ORDER BY country, score DESC LIMIT 3 BY country;

-- dedup_argmax
SELECT event_id, argMax(url, version) AS url FROM db.events GROUP BY event_id;

-- conversion_rate
SELECT countIf(event_type = 'buy') / countIf(event_type = 'view') AS conversion FROM db.events;

-- percent_of_total
SELECT event_type, count() AS c, c / sum(c) OVER () AS share FROM db.events GROUP BY event_type;

-- moving_average
SELECT ts, avg(value) OVER (ORDER BY ts ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS ma FROM db.metrics;

-- pivot_with_if
SELECT host, avgIf(value, metric = 'cpu') AS cpu, avgIf(value, metric = 'mem') AS mem FROM db.metrics GROUP BY host;

-- histogram_bucket
SELECT floor(duration_ms / 100) * 100 AS bucket, count() AS c FROM db.events GROUP BY bucket ORDER BY bucket;

-- time_series_fill
SELECT toStartOfHour(ts) AS hour, avg(value) AS v FROM db.metrics GROUP BY hour ORDER BY hour WITH FILL STEP 3600;

-- ternary_and_final_and_any_join
WITH 100 AS threshold SELECT e.user_id, u.name, e.duration_ms > threshold ? 'slow' : 'fast' AS speed FROM db.events AS e FINAL ANY LEFT JOIN db.users AS u USING user_id;
