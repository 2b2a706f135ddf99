-- Issue 13 part 5: the debtor's signed written acknowledgments of a debt. In England & Wales
-- each restarts the limitation period of the debt it acknowledges (Limitation Act 1980
-- s.29(5), s.30): of the invoice it names, or, naming none, of every debt of the client's
-- owed on that day. Evidence: never changed; removed only with the client file.
CREATE TABLE debt_acknowledgments (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES clients(id),
    invoice_id      INTEGER REFERENCES invoices(id),
    acknowledged_on TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
) STRICT;

CREATE INDEX debt_acknowledgments_client ON debt_acknowledgments(client_id, acknowledged_on);

CREATE TRIGGER debt_acknowledgments_no_update BEFORE UPDATE ON debt_acknowledgments
BEGIN SELECT RAISE(ABORT, 'debt acknowledgments are evidence and never changed'); END;

CREATE TRIGGER debt_acknowledgments_no_delete BEFORE DELETE ON debt_acknowledgments
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'debt acknowledgments are removed only when a client file is destroyed'); END;
