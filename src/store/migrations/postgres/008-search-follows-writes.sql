-- Numbered as SQLite's eighth: the full-text index follows every write.
-- PostgreSQL's GIN indexes on the texts (the fourth) did so already.
SELECT 1;
