-- The audit trail's before/after (issue 10 part 4). The changes of one audit row are kept
-- beside it, tied to it by their SHA-256 in the row's details (so the hash chain covers
-- them), and removed with the client file at the end of retention: a destroyed client's
-- names and phones do not outlive it in the audit trail, which keeps only the digest.
CREATE TABLE audit_changes (
    audit_id   INTEGER PRIMARY KEY, -- audit_log.id (no foreign key: the trail is checked by its hashes)
    client_id  INTEGER,
    changes    TEXT NOT NULL CHECK (json_valid(changes))
) STRICT;

CREATE INDEX audit_changes_client ON audit_changes(client_id);

CREATE TRIGGER audit_changes_no_update BEFORE UPDATE ON audit_changes
BEGIN SELECT RAISE(ABORT, 'audit_changes are append-only'); END;

CREATE TRIGGER audit_changes_no_delete BEFORE DELETE ON audit_changes
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'destruction_in_progress')
BEGIN SELECT RAISE(ABORT, 'audit_changes are removed only when a client file is destroyed'); END;
