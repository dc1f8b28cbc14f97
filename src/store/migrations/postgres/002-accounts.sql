-- Accounts, sessions and the log of changes.
CREATE TABLE account (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    state TEXT,
    password_hash TEXT NOT NULL,
    created BIGINT NOT NULL
);
CREATE TABLE session (
    token TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES account (name),
    csrf TEXT NOT NULL,
    expires BIGINT NOT NULL
);
CREATE TABLE change_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL
);
