-- Statutory interest: the user's own reference-rate rows (newer rates than the tables
-- compiled into the program), layered over the shipped tables by `domain::interest`.
-- Rates are decimal text (percent a year), never binary fractions.
CREATE TABLE interest_rates (
    id         INTEGER PRIMARY KEY,
    rate_table TEXT NOT NULL CHECK (rate_table IN
                   ('ecb_mro', 'de_basiszinssatz', 'boe_base', 'cbr_key', 'cn_lpr_1y')),
    effective  TEXT NOT NULL CHECK (effective GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    rate       TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (length(trim(source)) > 0),
    added_at   TEXT NOT NULL,
    UNIQUE (rate_table, effective)
) STRICT;

-- A rate once used in a calculation is evidence: rows are never rewritten.
CREATE TRIGGER interest_rates_no_update BEFORE UPDATE ON interest_rates
BEGIN SELECT RAISE(ABORT, 'a rate row is never changed'); END;
