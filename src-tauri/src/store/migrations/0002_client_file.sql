-- Lawdesk schema 2: the client file — clients, contacts, related persons, consent,
-- matters, opposing parties, conflict checks, and the search index.

CREATE TABLE clients (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL CHECK (kind IN ('person', 'organization')),
    name          TEXT NOT NULL CHECK (length(name) > 0),
    id_number     TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL CHECK (language IN ('en', 'zh-CN', 'zh-TW', 'ru')),
    grade         TEXT NOT NULL DEFAULT 'C' CHECK (grade IN ('A', 'B', 'C', 'D')),
    grade_reason  TEXT NOT NULL DEFAULT '',
    practice_area TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    industry      TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    -- Person or organization details of seed 003 (gender, employer, legal representative…).
    profile       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(profile)),
    -- Folded names, transliterations, phone digits, e-mails, id number and tags.
    search_text   TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX clients_name ON clients(name, id);

CREATE TABLE client_contacts (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'address')),
    value     TEXT NOT NULL,
    label     TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX client_contacts_client ON client_contacts(client_id);

CREATE TABLE client_tags (
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (client_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX client_tags_tag ON client_tags(tag);

CREATE TABLE related_persons (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    relation  TEXT NOT NULL CHECK (relation IN ('family', 'legal_representative', 'contact_person', 'other')),
    name      TEXT NOT NULL,
    phone     TEXT NOT NULL DEFAULT '',
    email     TEXT NOT NULL DEFAULT '',
    notes     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX related_persons_client ON related_persons(client_id);

CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL,
    given_on     TEXT NOT NULL,
    channel      TEXT NOT NULL,
    withdrawn_on TEXT
) STRICT;
CREATE INDEX consents_client ON consents(client_id);

CREATE TABLE matters (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id          INTEGER NOT NULL REFERENCES clients(id),
    title              TEXT NOT NULL,
    practice_area      TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'on_hold', 'closed')),
    opened_on          TEXT NOT NULL,
    closed_on          TEXT,
    responsible_lawyer TEXT NOT NULL DEFAULT '',
    -- Years the file is kept after closing; NULL = the firm's default.
    retention_years    INTEGER CHECK (retention_years IS NULL OR retention_years BETWEEN 1 AND 100),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK (closed_on IS NULL OR closed_on >= opened_on)
) STRICT;
CREATE INDEX matters_client ON matters(client_id);

CREATE TABLE opposing_parties (
    id        INTEGER PRIMARY KEY,
    matter_id INTEGER NOT NULL REFERENCES matters(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    role      TEXT NOT NULL DEFAULT 'opposing_party',
    id_number TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX opposing_parties_matter ON opposing_parties(matter_id);

-- Every 1- and 2-character piece of each client's names (folded, and transliterated),
-- for the short queries a trigram index cannot serve. rank 0: the name starts with it.
CREATE TABLE client_name_grams (
    gram      TEXT NOT NULL,
    rank      INTEGER NOT NULL,
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    PRIMARY KEY (gram, rank, client_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX client_name_grams_client ON client_name_grams(client_id);

-- Every name the conflict check compares: clients, related persons, opposing parties.
CREATE TABLE party_names (
    id           INTEGER PRIMARY KEY,
    role         TEXT NOT NULL CHECK (role IN ('client', 'related_person', 'opposing_party')),
    client_id    INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    matter_id    INTEGER REFERENCES matters(id) ON DELETE CASCADE,
    source_id    INTEGER NOT NULL,
    name         TEXT NOT NULL,
    conflict_key TEXT NOT NULL,
    id_number    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX party_names_key ON party_names(conflict_key);
CREATE INDEX party_names_id_number ON party_names(id_number) WHERE id_number <> '';

-- Each conflict check and its outcome, kept on the matter (or the client) it was run for.
CREATE TABLE conflict_checks (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER REFERENCES clients(id) ON DELETE CASCADE,
    matter_id  INTEGER REFERENCES matters(id) ON DELETE CASCADE,
    subject    TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('clear', 'hits')),
    hits       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(hits))
) STRICT;

-- Substring search of 3+ characters (FTS5 trigram over the folded search text).
CREATE VIRTUAL TABLE client_search USING fts5(
    search_text, content = 'clients', content_rowid = 'id', tokenize = 'trigram'
);
-- Deleted entries are removed from the index itself, not only marked: a destroyed client's
-- name must not survive in old index segments.
INSERT INTO client_search(client_search, rank) VALUES ('secure-delete', 1);
CREATE TRIGGER clients_search_ai AFTER INSERT ON clients BEGIN
    INSERT INTO client_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER clients_search_ad AFTER DELETE ON clients BEGIN
    INSERT INTO client_search(client_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER clients_search_au AFTER UPDATE OF search_text ON clients BEGIN
    INSERT INTO client_search(client_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO client_search(rowid, search_text) VALUES (new.id, new.search_text);
END;

-- The communication log (evidence): append-only, one hash chain per client, so a client's
-- whole chain can be destroyed at the end of retention without breaking the others.
CREATE TABLE communications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    matter_id   INTEGER REFERENCES matters(id),
    kind        TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'letter', 'message', 'note')),
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out', 'internal')),
    occurred_at TEXT NOT NULL,
    summary     TEXT NOT NULL,
    corrects    INTEGER REFERENCES communications(id),
    recorded_at TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX communications_client ON communications(client_id, id);

CREATE TABLE communication_attachments (
    id               INTEGER PRIMARY KEY,
    communication_id INTEGER NOT NULL REFERENCES communications(id),
    file_name        TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    size             INTEGER NOT NULL
) STRICT;
CREATE INDEX communication_attachments_comm ON communication_attachments(communication_id);

-- Evidence is never edited; only the destruction use case may delete, and it raises the
-- flag below inside its own transaction.
CREATE TRIGGER communications_no_update BEFORE UPDATE ON communications
BEGIN SELECT RAISE(ABORT, 'the communication log is append-only'); END;
CREATE TRIGGER communications_no_delete BEFORE DELETE ON communications
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'the communication log is append-only'); END;
CREATE TRIGGER communication_attachments_no_update BEFORE UPDATE ON communication_attachments
BEGIN SELECT RAISE(ABORT, 'the communication log is append-only'); END;
CREATE TRIGGER communication_attachments_no_delete BEFORE DELETE ON communication_attachments
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'the communication log is append-only'); END;

-- Follow-ups (回访) and tasks.
CREATE TABLE follow_ups (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id),
    matter_id  INTEGER REFERENCES matters(id),
    reason     TEXT NOT NULL CHECK (reason IN ('manual', 'after_payment', 'after_matter_closed')),
    title      TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    done_at    TEXT,
    done_note  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX follow_ups_open ON follow_ups(due_on) WHERE done_at IS NULL;
CREATE INDEX follow_ups_client ON follow_ups(client_id);

-- Complaints, six steps (seed 003), and satisfaction scores.
CREATE TABLE complaints (
    id               INTEGER PRIMARY KEY,
    client_id        INTEGER NOT NULL REFERENCES clients(id),
    matter_id        INTEGER REFERENCES matters(id),
    step             INTEGER NOT NULL DEFAULT 1 CHECK (step BETWEEN 1 AND 7),
    received_on      TEXT NOT NULL,
    complainant      TEXT NOT NULL,
    against          TEXT NOT NULL DEFAULT '',
    request          TEXT NOT NULL DEFAULT '',
    statement        TEXT NOT NULL,
    founded          INTEGER CHECK (founded IN (0, 1)),
    decision_note    TEXT NOT NULL DEFAULT '',
    client_told_on   TEXT,
    cause            TEXT NOT NULL DEFAULT '',
    owner            TEXT NOT NULL DEFAULT '',
    proposal         TEXT NOT NULL DEFAULT '',
    client_agreed_on TEXT,
    carried_out_on   TEXT,
    evaluation       TEXT NOT NULL DEFAULT '',
    prevention       TEXT NOT NULL DEFAULT '',
    closed_on        TEXT,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX complaints_client ON complaints(client_id);

CREATE TABLE satisfaction (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    matter_id   INTEGER REFERENCES matters(id),
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment     TEXT NOT NULL DEFAULT '',
    recorded_on TEXT NOT NULL
) STRICT;
CREATE INDEX satisfaction_client ON satisfaction(client_id);

-- What was destroyed at the end of retention: category, date, who — never the content.
CREATE TABLE destruction_records (
    id           INTEGER PRIMARY KEY,
    category     TEXT NOT NULL,
    client_ref   TEXT NOT NULL,
    matters      INTEGER NOT NULL,
    attachments  INTEGER NOT NULL,
    destroyed_on TEXT NOT NULL,
    destroyed_by TEXT NOT NULL
) STRICT;
CREATE TRIGGER destruction_records_no_update BEFORE UPDATE ON destruction_records
BEGIN SELECT RAISE(ABORT, 'destruction records are permanent'); END;
CREATE TRIGGER destruction_records_no_delete BEFORE DELETE ON destruction_records
BEGIN SELECT RAISE(ABORT, 'destruction records are permanent'); END;
