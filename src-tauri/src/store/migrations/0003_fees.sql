-- Lawdesk schema 3: fees and money — quotes and their revisions, engagements with versioned
-- payment plans, gapless document numbers, invoices (cancel / credit, never rewrite),
-- payments with allocations and reversals. Amounts are integer minor units plus a currency
-- code; rates and quantities are exact decimal strings. Never edit once landed.

-- Firm defaults for fees.
ALTER TABLE firm_profile ADD COLUMN vat_percent TEXT NOT NULL DEFAULT '0';
ALTER TABLE firm_profile ADD COLUMN prices_include_vat INTEGER NOT NULL DEFAULT 0 CHECK (prices_include_vat IN (0, 1));
ALTER TABLE firm_profile ADD COLUMN invoice_prefix TEXT NOT NULL DEFAULT 'INV';
ALTER TABLE firm_profile ADD COLUMN payment_terms_days INTEGER NOT NULL DEFAULT 14 CHECK (payment_terms_days BETWEEN 0 AND 365);

-- Document number sequences ('invoice/2026', 'credit_note/2026', 'quote/2026', …). A number
-- is taken in the same transaction as its document, so a failed save takes none: no gaps,
-- and a sequence only ever moves up by one, so no reuse.
CREATE TABLE number_sequences (
    name TEXT PRIMARY KEY NOT NULL,
    last INTEGER NOT NULL CHECK (last >= 1)
) STRICT;
CREATE TRIGGER number_sequences_step BEFORE UPDATE ON number_sequences
WHEN new.last <> old.last + 1 OR new.name <> old.name
BEGIN SELECT RAISE(ABORT, 'a number sequence only moves up by one'); END;
CREATE TRIGGER number_sequences_no_delete BEFORE DELETE ON number_sequences
BEGIN SELECT RAISE(ABORT, 'a number sequence is never reset'); END;

-- Fee quotes. The header is the quote's current state; every content change is a new row in
-- quote_revisions (kept forever).
CREATE TABLE quotes (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    client_id     INTEGER NOT NULL REFERENCES clients(id),
    matter_id     INTEGER REFERENCES matters(id),
    status        TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'declined', 'expired')),
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    engagement_id INTEGER,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX quotes_client ON quotes(client_id);

CREATE TABLE quote_revisions (
    id          INTEGER PRIMARY KEY,
    quote_id    INTEGER NOT NULL REFERENCES quotes(id),
    revision    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    pricing     TEXT NOT NULL,            -- JSON: lines, factors, discount, tax (decimal strings)
    plan        TEXT NOT NULL,            -- JSON: the proposed payment plan
    late_terms  TEXT NOT NULL,            -- JSON: the contractual late charge
    terms       TEXT NOT NULL DEFAULT '',
    valid_until TEXT NOT NULL,
    total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
    created_at  TEXT NOT NULL,
    UNIQUE (quote_id, revision)
) STRICT;
CREATE TRIGGER quote_revisions_no_update BEFORE UPDATE ON quote_revisions
BEGIN SELECT RAISE(ABORT, 'quote revisions are kept as written'); END;
CREATE TRIGGER quote_revisions_no_delete BEFORE DELETE ON quote_revisions
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'quote revisions are kept as written'); END;

-- An engagement: the accepted fee on a matter, with its late-charge terms.
CREATE TABLE engagements (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES clients(id),
    matter_id      INTEGER NOT NULL REFERENCES matters(id),
    quote_id       INTEGER UNIQUE REFERENCES quotes(id),
    title          TEXT NOT NULL,
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    total_minor    INTEGER NOT NULL CHECK (total_minor >= 0),
    tax_percent    TEXT NOT NULL,
    late_rule      TEXT NOT NULL CHECK (late_rule IN ('none', 'annual', 'daily', 'fixed')),
    late_rate      TEXT NOT NULL DEFAULT '0',
    late_day_count TEXT NOT NULL DEFAULT 'act365' CHECK (late_day_count IN ('act365', 'act360')),
    accepted_on    TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX engagements_client ON engagements(client_id);
CREATE INDEX engagements_matter ON engagements(matter_id);

-- Payment plans: version 1 on acceptance; every change after that is a new version.
CREATE TABLE payment_plans (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements(id),
    version       INTEGER NOT NULL CHECK (version >= 1),
    reason        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    UNIQUE (engagement_id, version)
) STRICT;

-- `item_no` names an item across versions (an invoice points at it).
CREATE TABLE plan_items (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES payment_plans(id),
    item_no      INTEGER NOT NULL CHECK (item_no >= 1),
    kind         TEXT NOT NULL CHECK (kind IN ('prepayment', 'installment', 'balance')),
    label        TEXT NOT NULL DEFAULT '',
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    due_on       TEXT NOT NULL,
    UNIQUE (plan_id, item_no)
) STRICT;
CREATE TRIGGER payment_plans_no_update BEFORE UPDATE ON payment_plans
BEGIN SELECT RAISE(ABORT, 'a payment plan version is kept as written'); END;
CREATE TRIGGER payment_plans_no_delete BEFORE DELETE ON payment_plans
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'a payment plan version is kept as written'); END;
CREATE TRIGGER plan_items_no_update BEFORE UPDATE ON plan_items
BEGIN SELECT RAISE(ABORT, 'a payment plan version is kept as written'); END;
CREATE TRIGGER plan_items_no_delete BEFORE DELETE ON plan_items
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'a payment plan version is kept as written'); END;

-- Invoices, late-charge documents and credit notes. Issued documents are never rewritten:
-- a cancellation or a credit note is a new row. Personal links are cut (SET NULL) only when
-- a client's file is destroyed; the number and amounts stay in the register.
CREATE TABLE invoices (
    id                 INTEGER PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL CHECK (kind IN ('invoice', 'late_charge', 'credit_note')),
    client_id          INTEGER REFERENCES clients(id) ON DELETE SET NULL,
    matter_id          INTEGER REFERENCES matters(id) ON DELETE SET NULL,
    engagement_id      INTEGER REFERENCES engagements(id) ON DELETE SET NULL,
    plan_item_no       INTEGER,
    credits_invoice_id INTEGER REFERENCES invoices(id),
    currency           TEXT NOT NULL CHECK (length(currency) = 3),
    issued_on          TEXT NOT NULL,
    due_on             TEXT NOT NULL,
    net_minor          INTEGER NOT NULL,
    tax_minor          INTEGER NOT NULL CHECK (tax_minor >= 0),
    total_minor        INTEGER NOT NULL CHECK (total_minor > 0),
    tax_percent        TEXT NOT NULL DEFAULT '0',
    notes              TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    CHECK (net_minor + tax_minor = total_minor),
    CHECK ((kind = 'credit_note') = (credits_invoice_id IS NOT NULL)),
    CHECK (due_on >= issued_on)
) STRICT;
CREATE INDEX invoices_client ON invoices(client_id, issued_on);
CREATE INDEX invoices_engagement ON invoices(engagement_id, plan_item_no);
CREATE INDEX invoices_credits ON invoices(credits_invoice_id) WHERE credits_invoice_id IS NOT NULL;
CREATE INDEX invoices_issued ON invoices(issued_on);

CREATE TABLE invoice_lines (
    id                INTEGER PRIMARY KEY,
    invoice_id        INTEGER NOT NULL REFERENCES invoices(id),
    seq               INTEGER NOT NULL,
    description       TEXT NOT NULL,
    quantity          TEXT NOT NULL DEFAULT '1',
    unit_price        TEXT NOT NULL,
    amount            TEXT NOT NULL,      -- exact; late-charge lines are rounded only in the total
    source_invoice_id INTEGER REFERENCES invoices(id),
    period_from       TEXT,
    period_to         TEXT,
    UNIQUE (invoice_id, seq)
) STRICT;
CREATE INDEX invoice_lines_source ON invoice_lines(source_invoice_id) WHERE source_invoice_id IS NOT NULL;

CREATE TABLE invoice_cancellations (
    invoice_id   INTEGER PRIMARY KEY REFERENCES invoices(id),
    cancelled_on TEXT NOT NULL,
    reason       TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

-- Payments received. A mistake is corrected by a reversal, never by edit or delete.
CREATE TABLE payments (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER REFERENCES clients(id) ON DELETE SET NULL,
    currency        TEXT NOT NULL CHECK (length(currency) = 3),
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    received_on     TEXT NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('bank_transfer', 'cash', 'cheque', 'card', 'alipay', 'wechat_pay', 'sbp', 'other')),
    payer           TEXT NOT NULL DEFAULT '',
    reference       TEXT NOT NULL DEFAULT '',
    bank_account_id INTEGER REFERENCES bank_accounts(id),
    notes           TEXT NOT NULL DEFAULT '',
    voucher_name    TEXT,
    voucher_sha256  TEXT CHECK (voucher_sha256 IS NULL OR length(voucher_sha256) = 64),
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX payments_client ON payments(client_id, received_on);

-- What part of a payment settles which invoice. What is not allocated is client credit.
CREATE TABLE allocations (
    id           INTEGER PRIMARY KEY,
    payment_id   INTEGER NOT NULL REFERENCES payments(id),
    invoice_id   INTEGER NOT NULL REFERENCES invoices(id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX allocations_payment ON allocations(payment_id);
CREATE INDEX allocations_invoice ON allocations(invoice_id);

CREATE TABLE payment_reversals (
    payment_id  INTEGER PRIMARY KEY REFERENCES payments(id),
    reversed_on TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

-- Money records are append-only (a destroyed file's personal details may be wiped).
CREATE TRIGGER invoices_no_update BEFORE UPDATE ON invoices
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'an issued invoice is never rewritten: cancel or credit it'); END;
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices
BEGIN SELECT RAISE(ABORT, 'an issued invoice is never deleted: cancel or credit it'); END;
CREATE TRIGGER invoice_lines_no_update BEFORE UPDATE ON invoice_lines
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'an issued invoice is never rewritten: cancel or credit it'); END;
CREATE TRIGGER invoice_lines_no_delete BEFORE DELETE ON invoice_lines
BEGIN SELECT RAISE(ABORT, 'an issued invoice is never rewritten: cancel or credit it'); END;
CREATE TRIGGER invoice_cancellations_no_update BEFORE UPDATE ON invoice_cancellations
BEGIN SELECT RAISE(ABORT, 'a cancellation is permanent'); END;
CREATE TRIGGER invoice_cancellations_no_delete BEFORE DELETE ON invoice_cancellations
BEGIN SELECT RAISE(ABORT, 'a cancellation is permanent'); END;
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'a recorded payment is never edited: reverse it'); END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'a recorded payment is never deleted: reverse it'); END;
CREATE TRIGGER allocations_no_update BEFORE UPDATE ON allocations
BEGIN SELECT RAISE(ABORT, 'allocations are append-only'); END;
CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations
BEGIN SELECT RAISE(ABORT, 'allocations are append-only'); END;
CREATE TRIGGER payment_reversals_no_update BEFORE UPDATE ON payment_reversals
BEGIN SELECT RAISE(ABORT, 'a reversal is permanent'); END;
CREATE TRIGGER payment_reversals_no_delete BEFORE DELETE ON payment_reversals
BEGIN SELECT RAISE(ABORT, 'a reversal is permanent'); END;

-- What is still open on each invoice, kept by triggers in the same transaction as the
-- entry that changes it, so the aging report reads only open invoices. `check` recomputes
-- it from the ledger.
CREATE TABLE invoice_open (
    invoice_id  INTEGER PRIMARY KEY REFERENCES invoices(id),
    client_id   INTEGER,
    currency    TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    open_minor  INTEGER NOT NULL CHECK (open_minor >= 0)
) STRICT;
-- Covering: the aging report reads only this index.
CREATE INDEX invoice_open_open ON invoice_open(currency, client_id, due_on, open_minor) WHERE open_minor > 0;
CREATE INDEX invoice_open_client ON invoice_open(client_id) WHERE open_minor > 0;

CREATE TRIGGER invoice_open_issue AFTER INSERT ON invoices WHEN new.kind <> 'credit_note'
BEGIN
    INSERT INTO invoice_open(invoice_id, client_id, currency, due_on, open_minor)
    VALUES (new.id, new.client_id, new.currency, new.due_on, new.total_minor);
END;
CREATE TRIGGER invoice_open_credit AFTER INSERT ON invoices WHEN new.kind = 'credit_note'
BEGIN
    UPDATE invoice_open SET open_minor = open_minor - new.total_minor WHERE invoice_id = new.credits_invoice_id;
END;
CREATE TRIGGER invoice_open_cancel AFTER INSERT ON invoice_cancellations
BEGIN
    UPDATE invoice_open SET open_minor = 0 WHERE invoice_id = new.invoice_id;
END;
CREATE TRIGGER invoice_open_allocate AFTER INSERT ON allocations
BEGIN
    UPDATE invoice_open SET open_minor = open_minor - new.amount_minor WHERE invoice_id = new.invoice_id;
END;
CREATE TRIGGER invoice_open_reverse AFTER INSERT ON payment_reversals
BEGIN
    UPDATE invoice_open SET open_minor = open_minor + (
        SELECT coalesce(sum(a.amount_minor), 0) FROM allocations a
        WHERE a.payment_id = new.payment_id AND a.invoice_id = invoice_open.invoice_id)
    WHERE invoice_id IN (SELECT invoice_id FROM allocations WHERE payment_id = new.payment_id);
END;
