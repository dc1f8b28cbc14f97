-- The records: reviews, needs and what each document says of them, challenges, good practices; meta holds the reference data as JSON.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE review (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    cycle INTEGER NOT NULL,
    completed TEXT,
    documents INTEGER NOT NULL DEFAULT 0,
    published INTEGER NOT NULL DEFAULT 0,
    UNIQUE (state, cycle)
);
-- article 0 is a need tied to no article (general or thematic).
CREATE TABLE need (
    review_id INTEGER NOT NULL REFERENCES review (id),
    article INTEGER NOT NULL CHECK (article >= 0),
    type TEXT NOT NULL,
    sources INTEGER NOT NULL DEFAULT 0,
    addressed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (review_id, article, type)
) WITHOUT ROWID;
-- source 0 is a text whose source the file did not say.
CREATE TABLE need_text (
    review_id INTEGER NOT NULL,
    article INTEGER NOT NULL,
    type TEXT NOT NULL,
    source INTEGER NOT NULL,
    paragraph TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    addressed_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, article, type, source),
    FOREIGN KEY (review_id, article, type) REFERENCES need (review_id, article, type)
) WITHOUT ROWID;
CREATE TABLE challenge (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review (id),
    article INTEGER NOT NULL,
    category TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, article, category, text)
);
CREATE TABLE good_practice (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review (id),
    article INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, article, text)
);
