-- Lawdesk schema 4: letters. Every generated letter is evidence: its PDF is kept under its
-- SHA-256 with the communication-log entry that records it, and the row is never changed.
-- Never edit once landed.

CREATE TABLE letters (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL CHECK (kind IN ('quote', 'confirmation', 'reminder', 'second_reminder', 'demand')),
    lang             TEXT NOT NULL CHECK (lang IN ('en', 'zh-CN', 'zh-TW', 'ru')),
    paper            TEXT NOT NULL CHECK (paper IN ('a4', 'letter')),
    client_id        INTEGER NOT NULL REFERENCES clients(id),
    subject_id       INTEGER,              -- the quote or payment the letter is about
    issued_on        TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    sha256           TEXT NOT NULL CHECK (length(sha256) = 64),
    pages            INTEGER NOT NULL CHECK (pages >= 1),
    bytes            INTEGER NOT NULL,
    communication_id INTEGER NOT NULL REFERENCES communications(id),
    created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX letters_client ON letters(client_id, issued_on);

-- Which invoices a reminder or demand covered (the dunning history per invoice).
CREATE TABLE letter_invoices (
    letter_id  INTEGER NOT NULL REFERENCES letters(id),
    invoice_id INTEGER NOT NULL REFERENCES invoices(id),
    PRIMARY KEY (letter_id, invoice_id)
) STRICT;
CREATE INDEX letter_invoices_invoice ON letter_invoices(invoice_id);

CREATE TRIGGER letters_no_update BEFORE UPDATE ON letters
BEGIN SELECT RAISE(ABORT, 'a sent letter is never changed'); END;
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'a sent letter is never deleted'); END;
CREATE TRIGGER letter_invoices_no_update BEFORE UPDATE ON letter_invoices
BEGIN SELECT RAISE(ABORT, 'a sent letter is never changed'); END;
CREATE TRIGGER letter_invoices_no_delete BEFORE DELETE ON letter_invoices
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'a sent letter is never deleted'); END;

-- The lawyer's own letter texts; a kind and language without a row uses the built-in text.
CREATE TABLE letter_templates (
    kind       TEXT NOT NULL,
    lang       TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, lang)
) STRICT;

-- The firm's own payment QR images (Alipay, WeChat Pay…) for currencies without a
-- standard payload.
CREATE TABLE payment_qr_images (
    id         INTEGER PRIMARY KEY,
    label      TEXT NOT NULL,
    currency   TEXT NOT NULL CHECK (length(currency) = 3),
    mime       TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg')),
    image      BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
