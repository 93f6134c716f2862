-- The shop's OLTP database: the live PostgreSQL side of the example project.
--
-- The seeds in data/ are an extract taken at 2026-01-01 00:00; this schema
-- holds what the shop's application writes after that: 300 customer accounts
-- (ids 1..300, the same id space as the seed customers, so marts can join on
-- customer_id) and 400 orders placed from 2026-01-01 on (ids 10001..10400,
-- continuing after the seed's 10,000 orders) whose status still changes.
--
-- Every value is a deterministic expression of generate_series' counter (no
-- random(), no now()), so two loads give byte-identical tables and tests can
-- assert exact counts and sums. Rerunning the file drops and rebuilds the
-- schema.
--
-- Used by scripts/postgres/start.sh DIR scripts/postgres/oltp.sql (tests) and
-- mounted into the postgres service's /docker-entrypoint-initdb.d
-- (docker-compose.yml). Runs as the database's owner; no superuser needed.
--
-- Column types are picked to cover what ClickHouse maps (see docs/postgres.md):
-- integer, bigint, smallint, numeric(10,2), text, varchar(n), char(n), boolean,
-- date, timestamp, timestamptz, and nullable columns beside NOT NULL ones.

\set ON_ERROR_STOP on
SET client_min_messages = warning;

DROP SCHEMA IF EXISTS oltp CASCADE;
CREATE SCHEMA oltp;

CREATE TABLE oltp.customers (
    customer_id    integer      PRIMARY KEY,
    email          text         NOT NULL UNIQUE,
    full_name      varchar(100) NOT NULL,
    country_code   char(2)      NOT NULL,
    phone          text,                               -- NULL for every 7th customer
    loyalty_points integer      NOT NULL DEFAULT 0,
    is_active      boolean      NOT NULL DEFAULT true,
    created_at     timestamp    NOT NULL,
    updated_at     timestamptz  NOT NULL
);

CREATE TABLE oltp.orders (
    order_id     bigint        PRIMARY KEY,
    customer_id  integer       NOT NULL REFERENCES oltp.customers (customer_id),
    status       text          NOT NULL
                 CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled', 'returned')),
    amount       numeric(10,2) NOT NULL CHECK (amount >= 0),
    discount     numeric(10,2),                       -- NULL when no code was used
    currency     char(3)       NOT NULL DEFAULT 'EUR',
    item_count   smallint      NOT NULL,
    order_date   date          NOT NULL,
    ordered_at   timestamp     NOT NULL,
    shipped_at   timestamp,                           -- NULL until shipped
    updated_at   timestamptz   NOT NULL,
    note         text                                 -- free text from checkout, mostly NULL
);

CREATE INDEX orders_customer_id_idx ON oltp.orders (customer_id);
CREATE INDEX orders_status_idx ON oltp.orders (status);

-- The application bumps updated_at on every change; the trigger does it for
-- tests and hand edits, so a replicated row always shows when it last moved.
CREATE FUNCTION oltp.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END
$$;
CREATE TRIGGER customers_touch BEFORE UPDATE ON oltp.customers
    FOR EACH ROW EXECUTE FUNCTION oltp.touch_updated_at();
CREATE TRIGGER orders_touch BEFORE UPDATE ON oltp.orders
    FOR EACH ROW EXECUTE FUNCTION oltp.touch_updated_at();

INSERT INTO oltp.customers
SELECT
    g,
    lower(first_name) || '.' || lower(last_name) || g || '@example.com',
    first_name || ' ' || last_name,
    (ARRAY['DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'AT'])[1 + g % 7],
    CASE WHEN g % 7 = 0 THEN NULL
         ELSE '+49 ' || lpad(((g * 7919) % 1000)::text, 3, '0') || ' ' || lpad(((g * 104729) % 10000000)::text, 7, '0')
    END,
    (g * 37) % 500,
    g % 23 <> 0,
    timestamp '2023-01-01 08:00:00' + (g - 1) * interval '1 day' + (g * 613 % 86400) * interval '1 second',
    timestamptz '2026-01-01 00:00:00+00' + g * interval '17 minutes'
FROM generate_series(1, 300) AS g,
     LATERAL (SELECT (ARRAY['Pia', 'Finn', 'Jonas', 'Paul', 'Lea', 'Emma', 'Luca', 'Sofia', 'Noah', 'Mila', 'Hugo', 'Ines'])[1 + g % 12] AS first_name,
                     (ARRAY['Huber', 'Becker', 'Esposito', 'Rossi', 'Martin', 'Bernard', 'Garcia', 'Jansen', 'Peeters', 'Gruber', 'Moreau'])[1 + (g * 5) % 11] AS last_name) AS names;

INSERT INTO oltp.orders
SELECT
    10000 + g,
    1 + (g * 7) % 300,
    status,
    round((5 + (g * 7919) % 49500 / 100.0)::numeric, 2),
    CASE WHEN g % 5 = 0 THEN round(((g * 31) % 2000 / 100.0)::numeric, 2) END,
    'EUR',
    1 + g % 6,
    ordered_at::date,
    ordered_at,
    CASE WHEN status IN ('shipped', 'delivered', 'returned') THEN ordered_at + (6 + g % 40) * interval '1 hour' END,
    timestamptz '2026-01-10 00:00:00+00' + g * interval '11 minutes',
    CASE WHEN g % 17 = 0 THEN 'please ring twice (order ' || g || ')'
         WHEN g % 29 = 0 THEN 'gift wrap; no invoice in the parcel'
    END
FROM generate_series(1, 400) AS g,
     LATERAL (SELECT timestamp '2026-01-01 07:00:00' + (g - 1) * interval '97 minutes' + (g * 131 % 3600) * interval '1 second' AS ordered_at,
                     (ARRAY['placed', 'paid', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled', 'returned'])[1 + (g * 3) % 8] AS status) AS facts;

ANALYZE oltp.customers;
ANALYZE oltp.orders;
