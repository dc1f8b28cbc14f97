CREATE TABLE api_token (
    digest TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES account (name),
    created BIGINT NOT NULL
);
