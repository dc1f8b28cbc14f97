-- The needs as the analysis reads them (src/store/pack.rs): one row per
-- review with needs, three bytes a need, sorted by article and type. The
-- need table stays the truth; these triggers note each review whose needs
-- change, and the write's transaction repacks it before it commits. A
-- write that packs what it writes itself (an import, a replacement) sets
-- `pack_in_bulk` in meta inside its transaction, and the triggers stand
-- aside.
CREATE TABLE need_pack (
    review_id INTEGER PRIMARY KEY,
    needs BLOB NOT NULL
);
CREATE TABLE need_pack_dirty (review_id INTEGER PRIMARY KEY);

CREATE TRIGGER need_packed_insert AFTER INSERT ON need
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk')
BEGIN
    INSERT OR IGNORE INTO need_pack_dirty (review_id) VALUES (new.review_id);
END;

CREATE TRIGGER need_packed_update AFTER UPDATE ON need
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk')
BEGIN
    INSERT OR IGNORE INTO need_pack_dirty (review_id) VALUES (old.review_id);
    INSERT OR IGNORE INTO need_pack_dirty (review_id) VALUES (new.review_id);
END;

CREATE TRIGGER need_packed_delete AFTER DELETE ON need
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk')
BEGIN
    INSERT OR IGNORE INTO need_pack_dirty (review_id) VALUES (old.review_id);
END;

-- The needs already there are packed when the workspace is next opened.
INSERT INTO need_pack_dirty (review_id) SELECT DISTINCT review_id FROM need;
