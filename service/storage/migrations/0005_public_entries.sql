-- The view is built from the entries that are not drafts: with this index
-- it reads those alone, not a registry of mostly drafts from end to end.
create index entries_by_status on entries (status, id);
