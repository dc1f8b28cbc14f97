-- Needs a State's focal point proposes, waiting for the secretariat.
CREATE TABLE proposal (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    who TEXT NOT NULL,
    state TEXT NOT NULL,
    cycle SMALLINT NOT NULL,
    article SMALLINT NOT NULL,
    type TEXT NOT NULL,
    source SMALLINT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
);
