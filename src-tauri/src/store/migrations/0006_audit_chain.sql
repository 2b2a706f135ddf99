-- The audit trail becomes a hash chain (domain::audit): who made each change, and each row's
-- SHA-256 over the previous row's hash and its own content. New rows are chained when they
-- are inserted (store::audit::record); rows written before this version are chained once,
-- in id order, by store::audit::seal_unchained when the database is opened.
ALTER TABLE audit_log ADD COLUMN actor TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

CREATE INDEX audit_log_unchained ON audit_log(id) WHERE hash = '';

-- Still append-only: the one update allowed is chaining a row written before this version
-- (its hash is empty), and only its two hash columns change.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash <> '' OR NEW.hash = '' OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
  OR NEW.action IS NOT OLD.action OR NEW.entity IS NOT OLD.entity
  OR NEW.entity_id IS NOT OLD.entity_id OR NEW.details IS NOT OLD.details
  OR NEW.actor IS NOT OLD.actor
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Every new row arrives chained.
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
WHEN NEW.hash = '' OR NEW.prev_hash = ''
BEGIN SELECT RAISE(ABORT, 'audit_log rows are written by store::audit::record'); END;
