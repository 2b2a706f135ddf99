-- Lawdesk schema 7: what a letter a lawyer signs needs to be right in its jurisdiction.
-- Never edit once landed.

-- The firm as it appears in one letter language: name, address, the signatory and their
-- title (адвокат, 律师, solicitor…), registration ids (JSON object: inn, ogrn, kpp, uscc,
-- practice_licence, ubn, sra_number, company_number) and the letter-number prefix used in
-- that language (Latin script for ru and en; banks reject other characters in a payment
-- reference). A language without a row falls back to the firm profile.
CREATE TABLE firm_letter_identity (
    lang            TEXT PRIMARY KEY NOT NULL CHECK (lang IN ('en', 'zh-CN', 'zh-TW', 'ru')),
    name            TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    signatory_name  TEXT NOT NULL DEFAULT '',
    signatory_title TEXT NOT NULL DEFAULT '',
    ids             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(ids)),
    letter_prefix   TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
) STRICT;

-- The engagement's contract as a demand cites it: title, number, date, the work done, the
-- clause that sets the late charge, and the dispute clause (a court, or arbitration before
-- a named institution). Kept beside the append-only engagement; changed by its own use case
-- (audited).
CREATE TABLE engagement_contracts (
    engagement_id    INTEGER PRIMARY KEY NOT NULL REFERENCES engagements(id),
    contract_title   TEXT NOT NULL DEFAULT '',
    contract_number  TEXT NOT NULL DEFAULT '',
    contract_date    TEXT NOT NULL DEFAULT '',
    work_done        TEXT NOT NULL DEFAULT '',
    late_clause      TEXT NOT NULL DEFAULT '',
    dispute_forum    TEXT NOT NULL DEFAULT '' CHECK (dispute_forum IN ('', 'court', 'arbitration')),
    arbitration_body TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL
) STRICT;

-- Letters are numbered per kind from now on (`letter/<kind>/<year>`). A demand keeps the
-- plain prefix (明理律函〔2026〕第0007号), so its sequence starts after the numbers the
-- shared sequence already gave: a new number never repeats an old one.
INSERT INTO number_sequences(name, last)
SELECT 'letter/demand/' || substr(name, 8), last FROM number_sequences
WHERE name GLOB 'letter/[0-9][0-9][0-9][0-9]';
