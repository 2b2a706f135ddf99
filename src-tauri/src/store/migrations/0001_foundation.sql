-- Lawdesk schema 1: the foundation. Never edit once landed; add 0002_… instead.
PRAGMA application_id = 1279350596; -- 'LAWD'

-- Key/value settings of this installation (install id, UI language, …). No secrets.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- The firm profile: exactly one row, id = 1.
CREATE TABLE firm_profile (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    name             TEXT NOT NULL,
    address          TEXT NOT NULL DEFAULT '',
    licence_number   TEXT NOT NULL DEFAULT '',
    lawyer_name      TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    default_currency TEXT NOT NULL CHECK (length(default_currency) = 3),
    default_language TEXT NOT NULL CHECK (default_language IN ('en', 'zh-CN', 'zh-TW', 'ru')),
    letter_prefix    TEXT NOT NULL DEFAULT '',
    logo             BLOB,
    logo_mime        TEXT CHECK (logo_mime IN ('image/png', 'image/jpeg')),
    updated_at       TEXT NOT NULL
) STRICT;

-- The firm's bank accounts. The account number, online-banking login and token live in the
-- OS keychain under `bank.<id>.account|login|token`; here only a mask and presence flags.
CREATE TABLE bank_accounts (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: keychain names use it
    label                 TEXT NOT NULL,
    currency              TEXT NOT NULL CHECK (length(currency) = 3),
    holder                TEXT NOT NULL,
    bank_name             TEXT NOT NULL,
    bic                   TEXT NOT NULL DEFAULT '',
    correspondent_account TEXT NOT NULL DEFAULT '',
    account_mask          TEXT NOT NULL DEFAULT '',
    has_online_login      INTEGER NOT NULL DEFAULT 0 CHECK (has_online_login IN (0, 1)),
    has_online_token      INTEGER NOT NULL DEFAULT 0 CHECK (has_online_token IN (0, 1)),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    archived_at           TEXT
) STRICT;

-- Names (never values) of the keychain entries this installation owns.
CREATE TABLE secret_names (
    name       TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- Who changed what, when. Append-only; later schema versions chain it with hashes.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL DEFAULT '',
    details   TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
