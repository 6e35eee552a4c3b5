-- Snapshots: the registry's public entries as of one sequence number,
-- written once to files and never changed. A row is added only after its
-- files are complete, so a listed snapshot always has them.
create table snapshots (
    seq integer primary key,
    at text not null,
    made_at text not null,
    entries integer not null,
    files text not null
) strict;
