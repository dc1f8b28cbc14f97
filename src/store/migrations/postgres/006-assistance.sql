-- A State's consent to share a review with providers, and the assistance providers record against needs.
ALTER TABLE review ADD COLUMN shared_with_providers BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE assistance (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    provider TEXT NOT NULL,
    state TEXT NOT NULL,
    cycle SMALLINT NOT NULL,
    article SMALLINT NOT NULL,
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    starts TEXT,
    ends TEXT,
    need_was_addressed BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX assistance_of_state ON assistance (state);
