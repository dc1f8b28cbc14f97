-- The full-text index (FTS5); migration 8 keeps it up to date with every write.
CREATE VIRTUAL TABLE search USING fts5(
    text, kind UNINDEXED, review_id UNINDEXED, article UNINDEXED, code UNINDEXED, source UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO meta (key, value) VALUES ('search_dirty', '1') ON CONFLICT (key) DO UPDATE SET value = '1';
