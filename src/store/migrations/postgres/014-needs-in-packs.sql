-- The needs are kept in their packs alone (issue 14; SQLite's migration
-- of the same number says why). Before this runs, the store has brought
-- every pack up to date from `need` (postgres.rs, `migrate`).

ALTER TABLE need_pack ADD COLUMN changed BIGINT NOT NULL DEFAULT 0;
UPDATE need_pack p SET changed =
    COALESCE((SELECT MIN(n.changed) FROM need n WHERE n.review_id = p.review_id), 0);
ALTER TABLE need_pack ADD FOREIGN KEY (review_id) REFERENCES review (id);

CREATE TABLE need_stamp (
    review_id BIGINT NOT NULL,
    article SMALLINT NOT NULL,
    type TEXT NOT NULL,
    changed BIGINT NOT NULL,
    PRIMARY KEY (review_id, article, type)
);
INSERT INTO need_stamp (review_id, article, type, changed)
    SELECT n.review_id, n.article, n.type, n.changed
    FROM need n JOIN need_pack p ON p.review_id = n.review_id
    WHERE n.changed <> p.changed;

-- The triggers stamping a change are now tana's work; need_text's key
-- to `need` goes with the table (tana checks a text's need is packed).
DROP TRIGGER need_text_changed ON need_text;
DROP FUNCTION tana_need_text_changed();
DROP TABLE need CASCADE;
DROP FUNCTION tana_need_changed();
DROP FUNCTION tana_need_packed();
DROP TABLE need_pack_dirty;
ALTER TABLE need_text ADD FOREIGN KEY (review_id) REFERENCES review (id);
DELETE FROM meta WHERE key = 'pack_in_bulk';
