-- Action plans (issue 13): one per State and cycle, its items each tied to
-- needs of the State, the providers involved, and dated progress notes kept
-- as history (added, never rewritten). `published` is the State's word.
CREATE TABLE plan (
    state TEXT NOT NULL,
    cycle SMALLINT NOT NULL,
    published INTEGER NOT NULL DEFAULT 0,
    drafted TEXT NOT NULL,
    PRIMARY KEY (state, cycle)
);
CREATE TABLE plan_item (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    cycle SMALLINT NOT NULL,
    priority INTEGER NOT NULL,
    title TEXT NOT NULL,
    lead TEXT NOT NULL,
    starts TEXT,
    ends TEXT,
    status TEXT NOT NULL
);
CREATE INDEX plan_item_of_plan ON plan_item (state, cycle);
CREATE TABLE plan_item_need (
    item BIGINT NOT NULL,
    article SMALLINT NOT NULL,
    type TEXT NOT NULL,
    PRIMARY KEY (item, article, type)
);
CREATE TABLE plan_item_provider (
    item BIGINT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (item, position)
);
CREATE TABLE plan_note (
    id INTEGER PRIMARY KEY,
    item BIGINT NOT NULL,
    at BIGINT NOT NULL,
    author TEXT NOT NULL,
    day TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX plan_note_of_item ON plan_note (item);
