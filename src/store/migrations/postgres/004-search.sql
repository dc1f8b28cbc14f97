-- Full-text indexes on the texts (the simple configuration, without accents, since the texts come in many languages).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE OR REPLACE FUNCTION tana_words(t TEXT) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$ SELECT to_tsvector('simple', public.unaccent('public.unaccent', t)) $$;
CREATE INDEX need_text_words ON need_text USING gin (tana_words(text));
CREATE INDEX challenge_words ON challenge USING gin (tana_words(text));
CREATE INDEX good_practice_words ON good_practice USING gin (tana_words(text));
