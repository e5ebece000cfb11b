CREATE INDEX blocks_length ON blocks(unixepoch(end_at) - unixepoch(start_at));
CREATE TABLE block_overlaps (
	from_at DATETIME NOT NULL,
	to_at DATETIME NOT NULL
);
CREATE TABLE import_journal (
	id INTEGER PRIMARY KEY,
	first_block INTEGER NOT NULL,
	last_block INTEGER NOT NULL,
	started_at DATETIME NOT NULL
);
CREATE TABLE import_records (
	journal_id INTEGER NOT NULL REFERENCES import_journal(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	record_id INTEGER NOT NULL
)
