CREATE TABLE generation (n INTEGER NOT NULL);
INSERT INTO generation (n) VALUES (0);
CREATE TRIGGER change_log_moves_generation AFTER INSERT ON change_log
BEGIN
    UPDATE generation SET n = n + 1;
END;
