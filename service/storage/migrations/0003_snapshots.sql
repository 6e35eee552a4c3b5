-- Snapshots: the registry's public entries as of one sequence number,
-- written once to files and never changed. A row is added only after its
-- files are complete, so a listed snapshot always has them.
-- Its files live in `folder` (under the snapshots folder): the sequence
-- number and a mark of the change it ends on, so a database restored from
-- a backup, whose numbers go on along another line, never reuses them.
create table snapshots (
    seq integer primary key,
    at text not null,
    made_at text not null,
    entries integer not null,
    folder text not null,
    files text not null
) strict;
