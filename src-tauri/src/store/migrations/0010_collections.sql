-- Lawdesk schema 10: collections. The firm's dunning ladder, holds, payment arrangements,
-- and the actions the daily run has done (evidence, append-only). Never edit once landed.

-- The ladder: stages in order of their days after the due date (strictly increasing).
CREATE TABLE dunning_stages (
    position INTEGER PRIMARY KEY CHECK (position >= 1),
    code     TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    days     INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650),
    action   TEXT NOT NULL CHECK (action IN ('reminder', 'second_reminder', 'demand', 'call', 'hand_over')),
    channel  TEXT NOT NULL CHECK (channel IN ('post', 'email', 'phone', 'internal'))
) STRICT;
INSERT INTO dunning_stages(position, code, days, action, channel) VALUES
    (1, 'reminder', 3, 'reminder', 'post'),
    (2, 'second_reminder', 14, 'second_reminder', 'post'),
    (3, 'call', 21, 'call', 'phone'),
    (4, 'demand', 30, 'demand', 'post'),
    (5, 'hand_over', 60, 'hand_over', 'internal');

-- A payment arrangement (instalments with new dates) for a client in difficulty.
CREATE TABLE arrangements (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id),
    currency   TEXT NOT NULL CHECK (length(currency) = 3),
    starts_on  TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('active', 'kept', 'missed', 'cancelled')),
    ended_on   TEXT,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX arrangements_client ON arrangements(client_id, status);

CREATE TABLE arrangement_instalments (
    arrangement_id INTEGER NOT NULL REFERENCES arrangements(id),
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    due_on         TEXT NOT NULL,
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    PRIMARY KEY (arrangement_id, seq)
) STRICT;
CREATE TRIGGER arrangement_instalments_no_update BEFORE UPDATE ON arrangement_instalments
BEGIN SELECT RAISE(ABORT, 'an arrangement''s instalments are never changed'); END;

-- A hold pauses the ladder for a client (invoice_id NULL) or one invoice, with its reason.
CREATE TABLE collection_holds (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES clients(id),
    invoice_id     INTEGER REFERENCES invoices(id),
    reason         TEXT NOT NULL CHECK (reason IN ('dispute', 'arrangement', 'promise', 'other')),
    note           TEXT NOT NULL DEFAULT '',
    until_on       TEXT,
    arrangement_id INTEGER REFERENCES arrangements(id),
    created_at     TEXT NOT NULL,
    released_at    TEXT,
    release_note   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX collection_holds_active ON collection_holds(client_id) WHERE released_at IS NULL;

-- What the daily run did: one row per client and stage and overdue episode (the episode is
-- named by the first invoice the action covered), never changed.
CREATE TABLE collection_actions (
    id               INTEGER PRIMARY KEY,
    client_id        INTEGER NOT NULL REFERENCES clients(id),
    stage_code       TEXT NOT NULL,
    action           TEXT NOT NULL,
    channel          TEXT NOT NULL,
    episode          TEXT NOT NULL,
    done_on          TEXT NOT NULL,
    letter_id        INTEGER REFERENCES letters(id),
    communication_id INTEGER NOT NULL REFERENCES communications(id),
    created_at       TEXT NOT NULL,
    UNIQUE (client_id, stage_code, episode)
) STRICT;
CREATE INDEX collection_actions_client ON collection_actions(client_id, done_on);

-- Which invoices an action covered at its stage (done) or passed over below it (skipped,
-- said so in the action's log entry): a stage is never done twice for an invoice.
CREATE TABLE collection_covered (
    invoice_id INTEGER NOT NULL REFERENCES invoices(id),
    stage_code TEXT NOT NULL,
    action_id  INTEGER NOT NULL REFERENCES collection_actions(id),
    skipped    INTEGER NOT NULL CHECK (skipped IN (0, 1)),
    PRIMARY KEY (invoice_id, stage_code)
) STRICT;

CREATE TRIGGER collection_actions_no_update BEFORE UPDATE ON collection_actions
BEGIN SELECT RAISE(ABORT, 'a collection action is never changed'); END;
CREATE TRIGGER collection_actions_no_delete BEFORE DELETE ON collection_actions
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'a collection action is never deleted'); END;
CREATE TRIGGER collection_covered_no_update BEFORE UPDATE ON collection_covered
BEGIN SELECT RAISE(ABORT, 'a collection action is never changed'); END;
CREATE TRIGGER collection_covered_no_delete BEFORE DELETE ON collection_covered
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'a collection action is never deleted'); END;
