-- Documents read by `tana read --propose` or the portal's upload, waiting
-- for the secretariat: the document (its text as numbered paragraphs) and
-- the records proposed from it, each proposed, accepted, edited and
-- accepted, or rejected. Named "reading" apart from the focal points'
-- proposals (migration 5).
CREATE TABLE reading (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    who TEXT NOT NULL,
    file TEXT NOT NULL,
    format TEXT NOT NULL,
    language TEXT NOT NULL,
    state TEXT NOT NULL,
    cycle SMALLINT NOT NULL,
    -- The kind of document (executive_summary, country_report, self_assessment), '' when not told.
    document TEXT NOT NULL
);
CREATE INDEX reading_of_state ON reading (state);
CREATE TABLE reading_paragraph (
    reading_id BIGINT NOT NULL REFERENCES reading (id),
    number INTEGER NOT NULL,
    -- heading, paragraph, item or row.
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (reading_id, number)
);
CREATE TABLE reading_record (
    reading_id BIGINT NOT NULL REFERENCES reading (id),
    number INTEGER NOT NULL,
    -- need, challenge or good_practice.
    kind TEXT NOT NULL,
    article SMALLINT NOT NULL,
    -- The need's type or the challenge's category, as proposed or as edited; '' for a good practice.
    code TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    quote TEXT NOT NULL,
    -- Hundredths: 0 to 100.
    confidence SMALLINT NOT NULL,
    -- proposed, accepted, edited (edited and accepted) or rejected.
    status TEXT NOT NULL,
    PRIMARY KEY (reading_id, number)
);
-- Where an accepted record came from, keyed by the record as people name
-- it (State, cycle, kind, article, type or category), so that the records'
-- own tables keep their layout.
CREATE TABLE provenance (
    state TEXT NOT NULL,
    cycle SMALLINT NOT NULL,
    kind TEXT NOT NULL,
    article SMALLINT NOT NULL,
    code TEXT NOT NULL,
    reading_id BIGINT NOT NULL REFERENCES reading (id),
    number INTEGER NOT NULL,
    PRIMARY KEY (state, cycle, kind, article, code, reading_id, number)
);
