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

CREATE FUNCTION tana_need_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk') THEN
        NEW.changed := (SELECT COALESCE(MAX(id), 0) FROM change_log);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER need_changed BEFORE INSERT OR UPDATE OF sources, addressed ON need
    FOR EACH ROW EXECUTE FUNCTION tana_need_changed();

CREATE FUNCTION tana_need_text_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk') THEN
        UPDATE need SET changed = (SELECT COALESCE(MAX(id), 0) FROM change_log)
        WHERE review_id = NEW.review_id AND article = NEW.article AND type = NEW.type;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER need_text_changed AFTER INSERT OR UPDATE OF text, paragraph ON need_text
    FOR EACH ROW EXECUTE FUNCTION tana_need_text_changed();

-- A reader's saved search: the finder's query as sent (`filter`), the
-- address its digests go to, and how far the last digest went: the log's
-- last number (`needs_from`) and the last assistance record
-- (`assistance_from`) when it was made, and when it was accepted.
CREATE TABLE subscription (
    id BIGSERIAL PRIMARY KEY,
    account TEXT NOT NULL,
    address TEXT NOT NULL,
    filter TEXT NOT NULL,
    created BIGINT NOT NULL,
    needs_from BIGINT NOT NULL,
    assistance_from BIGINT NOT NULL,
    sent BIGINT
);
CREATE INDEX subscription_of_account ON subscription (account);
