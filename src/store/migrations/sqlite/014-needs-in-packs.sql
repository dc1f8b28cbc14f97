-- The needs are kept in their packs alone (issue 14): the `need` table,
-- a row of some thirty bytes a need beside the pack's three, goes, and
-- every use case reads and writes the packs (src/store/pack.rs). Before
-- this runs, the store has brought every pack up to date from `need`
-- (sqlite.rs, `migrate`), so nothing is lost.
--
-- When each need last changed (migration 13) is kept as the pack's
-- `changed`, the stamp of all its needs, and in `need_stamp` for the few
-- needs changed apart from the rest of their review since.

CREATE TABLE need_pack_new (
    review_id INTEGER PRIMARY KEY REFERENCES review (id),
    needs BLOB NOT NULL,
    changed INTEGER NOT NULL DEFAULT 0
);
INSERT INTO need_pack_new (review_id, needs, changed)
    SELECT p.review_id, p.needs,
           COALESCE((SELECT MIN(n.changed) FROM need n WHERE n.review_id = p.review_id), 0)
    FROM need_pack p;
DROP TABLE need_pack;
ALTER TABLE need_pack_new RENAME TO need_pack;

CREATE TABLE need_stamp (
    review_id INTEGER NOT NULL,
    article INTEGER NOT NULL,
    type TEXT NOT NULL,
    changed INTEGER NOT NULL,
    PRIMARY KEY (review_id, article, type)
) WITHOUT ROWID;
INSERT INTO need_stamp (review_id, article, type, changed)
    SELECT n.review_id, n.article, n.type, n.changed
    FROM need n JOIN need_pack p ON p.review_id = n.review_id
    WHERE n.changed <> p.changed;

-- need_text loses its key to `need` (tana checks that a text's need is
-- in its review's pack): SQLite drops a key by making the table anew.
-- Its triggers go with it; those of the full-text index (migration 8)
-- are made again, those stamping a change (13) are now tana's work.
CREATE TABLE need_text_new (
    review_id INTEGER NOT NULL REFERENCES review (id),
    article INTEGER NOT NULL,
    type TEXT NOT NULL,
    source INTEGER NOT NULL,
    paragraph TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    addressed_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, article, type, source)
) WITHOUT ROWID;
INSERT INTO need_text_new SELECT review_id, article, type, source, paragraph, theme, text, addressed_by
    FROM need_text;
DROP TABLE need_text;
ALTER TABLE need_text_new RENAME TO need_text;

CREATE TRIGGER need_text_indexed AFTER INSERT ON need_text
    WHEN new.text <> '' AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'index_in_bulk')
BEGIN
    INSERT INTO need_text_search (review_id, article, type, source)
        VALUES (new.review_id, new.article, new.type, new.source);
    INSERT INTO search (rowid, text, kind, review_id, article, code, source)
        VALUES (last_insert_rowid(), new.text, 'need', new.review_id, new.article, new.type, new.source);
END;

CREATE TRIGGER need_text_unindexed AFTER DELETE ON need_text
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'index_in_bulk')
BEGIN
    DELETE FROM search WHERE rowid = (SELECT id FROM need_text_search
        WHERE review_id = old.review_id AND article = old.article AND type = old.type AND source = old.source);
    DELETE FROM need_text_search
        WHERE review_id = old.review_id AND article = old.article AND type = old.type AND source = old.source;
END;

CREATE TRIGGER need_text_reindexed AFTER UPDATE OF text ON need_text
    WHEN old.text IS NOT new.text AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'index_in_bulk')
BEGIN
    DELETE FROM search WHERE rowid = (SELECT id FROM need_text_search
        WHERE review_id = old.review_id AND article = old.article AND type = old.type AND source = old.source);
    DELETE FROM need_text_search
        WHERE review_id = old.review_id AND article = old.article AND type = old.type AND source = old.source;
    INSERT INTO need_text_search (review_id, article, type, source)
        SELECT new.review_id, new.article, new.type, new.source WHERE new.text <> '';
    INSERT INTO search (rowid, text, kind, review_id, article, code, source)
        SELECT last_insert_rowid(), new.text, 'need', new.review_id, new.article, new.type, new.source
        WHERE new.text <> '';
END;

DROP TABLE need;
DROP TABLE need_pack_dirty;
DELETE FROM meta WHERE key = 'pack_in_bulk';
