-- The generation: a counter every write moves in its own transaction, so that another process sees a change. Every write that logs moves it by this trigger; the others (replacing everything, setting the origin) move it themselves.
CREATE TABLE generation (n INTEGER NOT NULL);
INSERT INTO generation (n) VALUES (0);
CREATE TRIGGER change_log_moves_generation AFTER INSERT ON change_log
BEGIN
    UPDATE generation SET n = n + 1;
END;
