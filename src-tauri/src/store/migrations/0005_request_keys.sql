-- Idempotent writes (issue 10): a client-chosen request key on a payment, an invoice or a
-- letter is stored in the same transaction as the write, with a SHA-256 of the request and
-- the first result, so a retried request returns that result instead of writing twice.
CREATE TABLE request_keys (
    key          TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
    operation    TEXT NOT NULL,
    fingerprint  TEXT NOT NULL CHECK (length(fingerprint) = 64),
    result       TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE TRIGGER request_keys_no_update BEFORE UPDATE ON request_keys
BEGIN SELECT RAISE(ABORT, 'request keys are append-only'); END;
