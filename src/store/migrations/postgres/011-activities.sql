-- Providers' projects read from IATI files (issue 13). An activity is kept
-- whole, as tana read it (`body`, JSON), keyed by its IATI identifier, so
-- that importing it again or a newer version updates it in place; the
-- States it goes to are rows of their own, for a State's page to find them.
-- `provider` is the account the activity was imported for, '' when none:
-- it decides who reads it, as for assistance recorded by hand.
CREATE TABLE activity (
    identifier TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    provider TEXT NOT NULL,
    last_updated TEXT,
    body TEXT NOT NULL
);
CREATE TABLE activity_state (
    identifier TEXT NOT NULL,
    country TEXT NOT NULL,
    state TEXT NOT NULL,
    percentage TEXT,
    PRIMARY KEY (identifier, country)
);
CREATE INDEX activity_state_of_state ON activity_state (state);
-- A link between an activity and a need, once accepted, is assistance
-- against that need, carrying the activity's identifier.
ALTER TABLE assistance ADD COLUMN iati_identifier TEXT;
