-- The full-text index follows every write, in the write's own transaction,
-- instead of being rebuilt by the first search after one. A need's text has
-- no rowid of its own (need_text is WITHOUT ROWID): need_text_search gives
-- it one. Challenges and good practices use their own numbers, moved out of
-- the way (2^40 and 2^41 on). A large import sets `index_in_bulk` in
-- meta inside its transaction: the triggers stand aside and the import
-- indexes everything at its end (reindex.sql), much faster than row by row.
CREATE TABLE need_text_search (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL,
    article INTEGER NOT NULL,
    type TEXT NOT NULL,
    source INTEGER NOT NULL,
    UNIQUE (review_id, article, type, source)
);

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

CREATE TRIGGER challenge_indexed AFTER INSERT ON challenge
    WHEN new.text <> '' AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'index_in_bulk')
BEGIN
    INSERT INTO search (rowid, text, kind, review_id, article, code, source)
        VALUES (new.id + 1099511627776, new.text, 'challenge', new.review_id, new.article, new.category, 0);
END;

CREATE TRIGGER challenge_unindexed AFTER DELETE ON challenge
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'index_in_bulk')
BEGIN
    DELETE FROM search WHERE rowid = old.id + 1099511627776;
END;

CREATE TRIGGER good_practice_indexed AFTER INSERT ON good_practice
    WHEN new.text <> '' AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'index_in_bulk')
BEGIN
    INSERT INTO search (rowid, text, kind, review_id, article, code, source)
        VALUES (new.id + 2199023255552, new.text, 'good_practice', new.review_id, new.article, '', 0);
END;

CREATE TRIGGER good_practice_unindexed AFTER DELETE ON good_practice
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'index_in_bulk')
BEGIN
    DELETE FROM search WHERE rowid = old.id + 2199023255552;
END;

-- What the records hold now is then indexed once (reindex.sql).
