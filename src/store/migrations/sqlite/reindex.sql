-- Indexes every text of the records anew, in the caller's transaction:
-- after migration 8, and at the end of a large import. Dropping the index
-- is much faster than deleting its rows one by one.
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5(
    text, kind UNINDEXED, review_id UNINDEXED, article UNINDEXED, code UNINDEXED, source UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
DELETE FROM need_text_search;
INSERT INTO need_text_search (review_id, article, type, source)
    SELECT review_id, article, type, source FROM need_text WHERE text <> '';
INSERT INTO search (rowid, text, kind, review_id, article, code, source)
    SELECT s.id, t.text, 'need', t.review_id, t.article, t.type, t.source
    FROM need_text t JOIN need_text_search s
      ON s.review_id = t.review_id AND s.article = t.article AND s.type = t.type AND s.source = t.source;
INSERT INTO search (rowid, text, kind, review_id, article, code, source)
    SELECT id + 1099511627776, text, 'challenge', review_id, article, category, 0 FROM challenge WHERE text <> '';
INSERT INTO search (rowid, text, kind, review_id, article, code, source)
    SELECT id + 2199023255552, text, 'good_practice', review_id, article, '', 0 FROM good_practice WHERE text <> '';
DELETE FROM meta WHERE key IN ('search_dirty', 'index_in_bulk');
