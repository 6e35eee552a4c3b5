-- Link checks: their own tables, never part of an entry, so a check run
-- changes no entry's ETag and makes no editor's If-Match stale.
create table link_check_runs (
    id integer primary key autoincrement,
    started_at text not null,
    finished_at text not null,
    -- "available", or "unavailable" when the checker could reach nothing.
    network text not null,
    summary text not null
) strict;

-- Every check of every address, kept as history.
create table link_checks (
    id integer primary key autoincrement,
    run_id integer not null references link_check_runs (id),
    entry_id text not null references entries (id),
    url text not null,
    checked_at text not null,
    class text not null,
    http_status integer,
    final_url text,
    chain text not null,
    error text,
    duration_ms real not null
) strict;

create index link_checks_by_entry on link_checks (entry_id, id);

-- Each entry's link status as published, updated with each check: broken
-- only after enough consecutive broken checks.
create table link_state (
    entry_id text primary key references entries (id),
    status text not null,
    since text not null,
    consecutive_failures integer not null,
    last_check integer not null references link_checks (id)
) strict;
