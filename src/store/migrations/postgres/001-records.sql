-- The records: reviews, needs and what each document says of them, challenges, good practices; meta holds the reference data as JSON.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE review (
    id BIGSERIAL PRIMARY KEY,
    state TEXT NOT NULL,
    cycle SMALLINT NOT NULL,
    completed TEXT,
    documents SMALLINT NOT NULL DEFAULT 0,
    published SMALLINT NOT NULL DEFAULT 0,
    UNIQUE (state, cycle)
);
CREATE TABLE need (
    review_id BIGINT NOT NULL REFERENCES review (id),
    article SMALLINT NOT NULL CHECK (article >= 0),
    type TEXT NOT NULL,
    sources SMALLINT NOT NULL DEFAULT 0,
    addressed BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (review_id, article, type)
);
CREATE TABLE need_text (
    review_id BIGINT NOT NULL,
    article SMALLINT NOT NULL,
    type TEXT NOT NULL,
    source SMALLINT NOT NULL,
    paragraph TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    addressed_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, article, type, source),
    FOREIGN KEY (review_id, article, type) REFERENCES need (review_id, article, type)
);
CREATE TABLE challenge (
    id BIGSERIAL PRIMARY KEY,
    review_id BIGINT NOT NULL REFERENCES review (id),
    article SMALLINT NOT NULL,
    category TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, article, category, text)
);
CREATE TABLE good_practice (
    id BIGSERIAL PRIMARY KEY,
    review_id BIGINT NOT NULL REFERENCES review (id),
    article SMALLINT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, article, text)
);
