-- Alerts (issue 13): when each need last changed, and the readers' saved
-- searches. Numbered 013: 012 is the action plans'.
--
-- `need.changed` is the number of the log's last entry before the write
-- that added the need or changed it (its documents, whether it is
-- addressed, its words): a write logs after it changes, so a need changed
-- after a digest has `changed` at least the log's last number when the
-- digest was made. The triggers stamp every write but those that stamp
-- what they write themselves (an import, a replacement: `pack_in_bulk`).
-- Needs older than this migration read 0: changed before anything logged.
ALTER TABLE need ADD COLUMN changed BIGINT NOT NULL DEFAULT 0;

-- A stamp is no change to pack: the packing trigger (migration 10) now
-- watches the other columns only, so that stamping a need, from a trigger,
-- notes nothing (a trigger's INSERT OR IGNORE nested under an upsert's
-- own conflict clause would not ignore).
DROP TRIGGER need_packed_update;
CREATE TRIGGER need_packed_update AFTER UPDATE OF review_id, article, type, sources, addressed ON need
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk')
BEGIN
    INSERT OR IGNORE INTO need_pack_dirty (review_id) VALUES (old.review_id);
    INSERT OR IGNORE INTO need_pack_dirty (review_id) VALUES (new.review_id);
END;

CREATE TRIGGER need_changed_insert AFTER INSERT ON need
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk')
BEGIN
    UPDATE need SET changed = (SELECT COALESCE(MAX(id), 0) FROM change_log)
    WHERE review_id = new.review_id AND article = new.article AND type = new.type;
END;

CREATE TRIGGER need_changed_update AFTER UPDATE OF sources, addressed ON need
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk')
BEGIN
    UPDATE need SET changed = (SELECT COALESCE(MAX(id), 0) FROM change_log)
    WHERE review_id = new.review_id AND article = new.article AND type = new.type;
END;

CREATE TRIGGER need_text_changed_insert AFTER INSERT ON need_text
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk')
BEGIN
    UPDATE need SET changed = (SELECT COALESCE(MAX(id), 0) FROM change_log)
    WHERE review_id = new.review_id AND article = new.article AND type = new.type;
END;

CREATE TRIGGER need_text_changed_update AFTER UPDATE OF text, paragraph ON need_text
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk')
BEGIN
    UPDATE need SET changed = (SELECT COALESCE(MAX(id), 0) FROM change_log)
    WHERE review_id = new.review_id AND article = new.article AND type = new.type;
END;

-- A reader's saved search: the finder's query as sent (`filter`), the
-- address its digests go to, and how far the last digest went: the log's
-- last number (`needs_from`) and the last assistance record
-- (`assistance_from`) when it was made, and when it was accepted.
CREATE TABLE subscription (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    address TEXT NOT NULL,
    filter TEXT NOT NULL,
    created BIGINT NOT NULL,
    needs_from BIGINT NOT NULL,
    assistance_from BIGINT NOT NULL,
    sent BIGINT
);
CREATE INDEX subscription_of_account ON subscription (account);
