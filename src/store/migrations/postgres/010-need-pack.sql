-- The needs as the analysis reads them (src/store/pack.rs): one row per
-- review with needs, three bytes a need, sorted by article and type. The
-- need table stays the truth; the trigger notes each review whose needs
-- change, and the write's transaction repacks it before it commits. A
-- write that packs what it writes itself (an import, a replacement) sets
-- `pack_in_bulk` in meta inside its transaction, and the trigger stands
-- aside.
CREATE TABLE need_pack (
    review_id BIGINT PRIMARY KEY,
    needs BYTEA NOT NULL
);
CREATE TABLE need_pack_dirty (review_id BIGINT PRIMARY KEY);

CREATE FUNCTION tana_need_packed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM meta WHERE key = 'pack_in_bulk') THEN
        IF TG_OP <> 'INSERT' THEN
            INSERT INTO need_pack_dirty (review_id) VALUES (OLD.review_id) ON CONFLICT DO NOTHING;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO need_pack_dirty (review_id) VALUES (NEW.review_id) ON CONFLICT DO NOTHING;
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER need_packed AFTER INSERT OR UPDATE OR DELETE ON need
    FOR EACH ROW EXECUTE FUNCTION tana_need_packed();

-- The needs already there are packed when the workspace is next opened.
INSERT INTO need_pack_dirty (review_id) SELECT DISTINCT review_id FROM need;
