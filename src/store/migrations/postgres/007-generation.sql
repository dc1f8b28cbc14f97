-- The generation: a counter every write moves in its own transaction, so that another process sees a change. Every write that logs moves it by this trigger; the others (replacing everything, setting the origin) move it themselves.
CREATE TABLE generation (n BIGINT NOT NULL);
INSERT INTO generation (n) VALUES (0);
CREATE FUNCTION tana_move_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE generation SET n = n + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER change_log_moves_generation AFTER INSERT ON change_log
    FOR EACH STATEMENT EXECUTE FUNCTION tana_move_generation();
