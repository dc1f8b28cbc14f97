-- API tokens for scripts: the digest of each, never the secret.
CREATE TABLE api_token (
    digest TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES account (name),
    created BIGINT NOT NULL
);
