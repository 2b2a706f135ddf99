-- Lawdesk schema 8: how a letter went out and when it arrived, as evidence. Each record is
-- a whole statement (how, tracking number, sent, delivered, receipt scan) tied to a
-- communication-log entry of the client's hash chain (the receipt scan is that entry's
-- attachment, kept under its SHA-256). Append-only: recording the delivery later, or
-- correcting a record, is a new row pointing at the one it replaces; the latest row of a
-- letter is what holds. Collections' legal clocks count from sent_on / delivered_on.
-- Never edit once landed.

CREATE TABLE letter_dispatches (
    id               INTEGER PRIMARY KEY,
    letter_id        INTEGER NOT NULL REFERENCES letters(id),
    via              TEXT NOT NULL CHECK (via IN ('ems', 'courier', 'registered_post', 'email', 'by_hand')),
    carrier          TEXT NOT NULL DEFAULT '',     -- e.g. SF Express, Почта России, Royal Mail
    tracking         TEXT NOT NULL DEFAULT '',     -- tracking number, or the e-mail address written to
    sent_on          TEXT NOT NULL CHECK (sent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    delivered_on     TEXT CHECK (delivered_on IS NULL OR delivered_on >= sent_on),
    receipt_sha256   TEXT CHECK (receipt_sha256 IS NULL OR length(receipt_sha256) = 64),
    note             TEXT NOT NULL DEFAULT '',
    replaces         INTEGER REFERENCES letter_dispatches(id),
    communication_id INTEGER NOT NULL REFERENCES communications(id),
    created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX letter_dispatches_letter ON letter_dispatches(letter_id, id);

CREATE TRIGGER letter_dispatches_no_update BEFORE UPDATE ON letter_dispatches
BEGIN SELECT RAISE(ABORT, 'a dispatch record is never changed; record a new one'); END;
CREATE TRIGGER letter_dispatches_no_delete BEFORE DELETE ON letter_dispatches
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'a dispatch record is never deleted; record a new one'); END;
