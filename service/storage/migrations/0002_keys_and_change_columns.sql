-- API keys: only a hash of each key's secret is kept; a key is revoked,
-- never deleted, so the changes it made keep naming it.
create table keys (
    id text primary key,
    secret_hash text not null,
    role text not null check (role in ('editor', 'admin')),
    label text not null,
    created_at text not null,
    revoked_at text
) strict;

-- Each change also records the columns that lists filter on, as of its
-- `after` state, so that a read `as_of` a sequence number filters the past
-- with the same SQL as the present; and a free-text note (why it ended).
alter table changes add column kind text not null default '';
alter table changes add column status text not null default '';
alter table changes add column grp text not null default '';
alter table changes add column display_order integer not null default 0;
alter table changes add column parent text;
alter table changes add column owner text;
alter table changes add column category text;
alter table changes add column platform text;
alter table changes add column search text not null default '';
alter table changes add column note text;

-- Before this migration only the seed wrote, one change per entry, so each
-- entry's current columns are those of its one change.
update changes set
    kind = e.kind, status = e.status, grp = e.grp,
    display_order = e.display_order, parent = e.parent, owner = e.owner,
    category = e.category, platform = e.platform, search = e.search
from entries as e
where e.id = changes.entry_id;

create index changes_public on changes (status, seq);
