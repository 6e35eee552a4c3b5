-- The current state of each entry, with the columns that lists filter on
-- beside the whole entry as JSON (`body`), which is what reads return.
create table entries (
    id text primary key,
    kind text not null,
    status text not null,
    grp text not null,
    display_order integer not null,
    parent text,
    owner text,
    category text,
    platform text,
    search text not null,
    body text not null
) strict;

create index entries_by_kind on entries (kind, status, id);

-- The change log: one row per write, never updated or deleted. The last
-- sequence number is the registry's version.
create table changes (
    seq integer primary key autoincrement,
    at text not null,
    author text not null,
    action text not null,
    entry_id text not null references entries (id),
    before text,
    after text
) strict;

create index changes_by_entry on changes (entry_id, seq);
