-- Schema version 3: team sync. Every row that travels to the team server gets an id made here
-- (uid, a UUIDv7 as text) and a revision (rev) that rises with each change; Open backfills both
-- for existing rows, in Go. Rows that came from teammates carry their author's login in author
-- (empty for the user's own) and are never pushed back.
--
-- The outbox is filled by the triggers at the end of this file, in the transaction of the change
-- itself, so that no write path can forget it: GORM's creates and saves, the bulk INSERT of an
-- import, the cascades of a foreign key, and any statement a later change adds. One outbox row
-- per table row, whatever the number of edits (the latest revision wins), and a delete leaves a
-- tombstone. The content travels at push time, read from the row then. A revision is the larger
-- of the last one plus one and the clock in milliseconds, so that it keeps rising after a backup
-- from last week is restored.
ALTER TABLE projects ADD COLUMN uid TEXT;
ALTER TABLE projects ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE milestones ADD COLUMN uid TEXT;
ALTER TABLE milestones ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliverables ADD COLUMN uid TEXT;
ALTER TABLE deliverables ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE blocks ADD COLUMN uid TEXT;
ALTER TABLE blocks ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN uid TEXT;
ALTER TABLE requests ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN to_member TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN uid TEXT;
ALTER TABLE decisions ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN team NUMERIC NOT NULL DEFAULT 0;
ALTER TABLE objections ADD COLUMN uid TEXT;
ALTER TABLE objections ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objections ADD COLUMN author TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX projects_uid ON projects(uid);
CREATE UNIQUE INDEX milestones_uid ON milestones(uid);
CREATE UNIQUE INDEX deliverables_uid ON deliverables(uid);
CREATE UNIQUE INDEX blocks_uid ON blocks(uid);
CREATE UNIQUE INDEX requests_uid ON requests(uid);
CREATE UNIQUE INDEX decisions_uid ON decisions(uid);
CREATE UNIQUE INDEX objections_uid ON objections(uid);
-- replies: the user's answers to requests that teammates sent (author empty), and teammates'
-- answers to the requests the user sent them (author set).
CREATE TABLE replies (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	uid TEXT UNIQUE,
	rev INTEGER NOT NULL DEFAULT 0,
	author TEXT NOT NULL DEFAULT '',
	request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
	at DATETIME NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	minutes_spent INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX replies_request ON replies(request_id);
-- handoffs: the end-of-day note for teammates in other time zones, the user's own (author
-- empty) and teammates'. The ritual that writes them comes later; they already travel.
CREATE TABLE handoffs (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	uid TEXT UNIQUE,
	rev INTEGER NOT NULL DEFAULT 0,
	author TEXT NOT NULL DEFAULT '',
	day TEXT NOT NULL,
	note TEXT NOT NULL,
	at DATETIME NOT NULL
);
-- outbox: what waits to be pushed, oldest first (seq: a new row's rowid is above every other's),
-- one row per table row. A change to a profile setting queues the user's profile (table members)
-- under the empty uid. refused holds the server's reason when it refused the change; such a
-- change waits, set aside, until its row changes again.
CREATE TABLE outbox (
	seq INTEGER PRIMARY KEY,
	tbl TEXT NOT NULL,
	uid TEXT NOT NULL,
	rev INTEGER NOT NULL,
	deleted INTEGER NOT NULL DEFAULT 0,
	refused TEXT,
	UNIQUE (tbl, uid)
);
-- sync_state: the pull cursor, the last sync, the team the outbox was pushed to, the profile's
-- revision. Kept apart from the settings, so that an export never carries them.
CREATE TABLE sync_state (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
-- team_rows: every row pulled from teammates, as the server sent it (data is its JSON), at the
-- highest revision seen. Requests addressed to the user, team decisions, objections to the
-- decisions the user sees, replies to the user's requests and handoffs are also copied into
-- their tables, with local ids; the rest (teammates' projects and deliverables, profiles) is
-- read from here.
CREATE TABLE team_rows (
	tbl TEXT NOT NULL,
	uid TEXT NOT NULL,
	member TEXT NOT NULL,
	rev INTEGER NOT NULL,
	deleted INTEGER NOT NULL DEFAULT 0,
	data TEXT,
	PRIMARY KEY (tbl, uid)
) WITHOUT ROWID;
-- sync_clock is the wall clock in milliseconds, the floor of a new revision; sync_new_uid is a
-- fresh UUIDv7 (RFC 9562: the millisecond clock, version 7, 74 random bits). SQLite has no such
-- function, and a Go function registered on the connection would make every other tool that
-- opens the file fail on an insert.
CREATE VIEW sync_clock AS SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS ms;
CREATE VIEW sync_new_uid AS SELECT lower(printf('%08x-%04x-%04x-%04x-%012x', ms >> 16, ms & 65535,
	28672 | (random() & 4095), 32768 | (random() & 16383), random() & 281474976710655)) AS uid FROM sync_clock;
-- For each synced table, four triggers. After an insert of the user's own row: queue it, and
-- first give it an id and its first revision if the insert did not (a bulk import makes them in
-- Go, which spares an update of every row). After an update that changes what the server holds
-- (not a heartbeat, a notification mark or a save that changes nothing): raise the revision and
-- queue it. After a delete: queue a tombstone. Rows from teammates (author set) are left alone.
-- A later migration that rebuilds one of these tables must create its triggers again;
-- TestEveryWritePathReachesTheOutbox fails otherwise.
CREATE TRIGGER projects_outbox_insert AFTER INSERT ON projects
WHEN NEW.uid IS NOT NULL AND NEW.rev > 0
BEGIN
	INSERT INTO outbox (tbl, uid, rev) VALUES ('projects', NEW.uid, NEW.rev)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER projects_outbox_insert_id AFTER INSERT ON projects
WHEN (NEW.uid IS NULL OR NEW.rev = 0)
BEGIN
	UPDATE projects SET uid = coalesce(uid, (SELECT uid FROM sync_new_uid)),
		rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'projects', uid, rev FROM projects WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER projects_outbox_update AFTER UPDATE ON projects
WHEN OLD.name IS NOT NEW.name
	OR OLD.color IS NOT NEW.color
	OR OLD.archived IS NOT NEW.archived
BEGIN
	UPDATE projects SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'projects', uid, rev FROM projects WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER projects_outbox_delete AFTER DELETE ON projects WHEN OLD.uid IS NOT NULL
BEGIN
	INSERT INTO outbox (tbl, uid, rev, deleted) VALUES ('projects', OLD.uid, max(OLD.rev + 1, (SELECT ms FROM sync_clock)), 1)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 1, refused = NULL;
END;
CREATE TRIGGER milestones_outbox_insert AFTER INSERT ON milestones
WHEN NEW.uid IS NOT NULL AND NEW.rev > 0
BEGIN
	INSERT INTO outbox (tbl, uid, rev) VALUES ('milestones', NEW.uid, NEW.rev)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER milestones_outbox_insert_id AFTER INSERT ON milestones
WHEN (NEW.uid IS NULL OR NEW.rev = 0)
BEGIN
	UPDATE milestones SET uid = coalesce(uid, (SELECT uid FROM sync_new_uid)),
		rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'milestones', uid, rev FROM milestones WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER milestones_outbox_update AFTER UPDATE ON milestones
WHEN OLD.project_id IS NOT NEW.project_id
	OR OLD.name IS NOT NEW.name
	OR OLD.start_date IS NOT NEW.start_date
	OR OLD.due_date IS NOT NEW.due_date
BEGIN
	UPDATE milestones SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'milestones', uid, rev FROM milestones WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER milestones_outbox_delete AFTER DELETE ON milestones WHEN OLD.uid IS NOT NULL
BEGIN
	INSERT INTO outbox (tbl, uid, rev, deleted) VALUES ('milestones', OLD.uid, max(OLD.rev + 1, (SELECT ms FROM sync_clock)), 1)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 1, refused = NULL;
END;
CREATE TRIGGER deliverables_outbox_insert AFTER INSERT ON deliverables
WHEN NEW.uid IS NOT NULL AND NEW.rev > 0
BEGIN
	INSERT INTO outbox (tbl, uid, rev) VALUES ('deliverables', NEW.uid, NEW.rev)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER deliverables_outbox_insert_id AFTER INSERT ON deliverables
WHEN (NEW.uid IS NULL OR NEW.rev = 0)
BEGIN
	UPDATE deliverables SET uid = coalesce(uid, (SELECT uid FROM sync_new_uid)),
		rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'deliverables', uid, rev FROM deliverables WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER deliverables_outbox_update AFTER UPDATE ON deliverables
WHEN OLD.project_id IS NOT NEW.project_id
	OR OLD.milestone_id IS NOT NEW.milestone_id
	OR OLD.title IS NOT NEW.title
	OR OLD.status IS NOT NEW.status
	OR OLD.link IS NOT NEW.link
	OR OLD.due_date IS NOT NEW.due_date
	OR OLD.shipped_at IS NOT NEW.shipped_at
	OR OLD.notes IS NOT NEW.notes
BEGIN
	UPDATE deliverables SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'deliverables', uid, rev FROM deliverables WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER deliverables_outbox_delete AFTER DELETE ON deliverables WHEN OLD.uid IS NOT NULL
BEGIN
	INSERT INTO outbox (tbl, uid, rev, deleted) VALUES ('deliverables', OLD.uid, max(OLD.rev + 1, (SELECT ms FROM sync_clock)), 1)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 1, refused = NULL;
END;
CREATE TRIGGER blocks_outbox_insert AFTER INSERT ON blocks
WHEN NEW.uid IS NOT NULL AND NEW.rev > 0
BEGIN
	INSERT INTO outbox (tbl, uid, rev) VALUES ('blocks', NEW.uid, NEW.rev)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER blocks_outbox_insert_id AFTER INSERT ON blocks
WHEN (NEW.uid IS NULL OR NEW.rev = 0)
BEGIN
	UPDATE blocks SET uid = coalesce(uid, (SELECT uid FROM sync_new_uid)),
		rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'blocks', uid, rev FROM blocks WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER blocks_outbox_update AFTER UPDATE ON blocks
WHEN OLD.project_id IS NOT NEW.project_id
	OR OLD.deliverable_id IS NOT NEW.deliverable_id
	OR OLD.kind IS NOT NEW.kind
	OR OLD.start_at IS NOT NEW.start_at
	OR OLD.end_at IS NOT NEW.end_at
	OR OLD.planned_seconds IS NOT NEW.planned_seconds
	OR OLD.goal IS NOT NEW.goal
	OR OLD.outcome IS NOT NEW.outcome
	OR OLD.interruptions IS NOT NEW.interruptions
BEGIN
	UPDATE blocks SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'blocks', uid, rev FROM blocks WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER blocks_outbox_delete AFTER DELETE ON blocks WHEN OLD.uid IS NOT NULL
BEGIN
	INSERT INTO outbox (tbl, uid, rev, deleted) VALUES ('blocks', OLD.uid, max(OLD.rev + 1, (SELECT ms FROM sync_clock)), 1)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 1, refused = NULL;
END;
CREATE TRIGGER requests_outbox_insert AFTER INSERT ON requests
WHEN NEW.uid IS NOT NULL AND NEW.rev > 0 AND NEW.author = ''
BEGIN
	INSERT INTO outbox (tbl, uid, rev) VALUES ('requests', NEW.uid, NEW.rev)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER requests_outbox_insert_id AFTER INSERT ON requests
WHEN (NEW.uid IS NULL OR NEW.rev = 0) AND NEW.author = ''
BEGIN
	UPDATE requests SET uid = coalesce(uid, (SELECT uid FROM sync_new_uid)),
		rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'requests', uid, rev FROM requests WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER requests_outbox_update AFTER UPDATE ON requests
WHEN NEW.author = '' AND (OLD.project_id IS NOT NEW.project_id
	OR OLD.to_member IS NOT NEW.to_member
	OR OLD.subject IS NOT NEW.subject
	OR OLD.from_who IS NOT NEW.from_who
	OR OLD.channel IS NOT NEW.channel
	OR OLD.priority IS NOT NEW.priority
	OR OLD.received_at IS NOT NEW.received_at
	OR OLD.due_at IS NOT NEW.due_at
	OR OLD.replied_at IS NOT NEW.replied_at
	OR OLD.replies IS NOT NEW.replies
	OR OLD.minutes_spent IS NOT NEW.minutes_spent
	OR OLD.notes IS NOT NEW.notes)
BEGIN
	UPDATE requests SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'requests', uid, rev FROM requests WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER requests_outbox_delete AFTER DELETE ON requests WHEN OLD.uid IS NOT NULL AND OLD.author = ''
BEGIN
	INSERT INTO outbox (tbl, uid, rev, deleted) VALUES ('requests', OLD.uid, max(OLD.rev + 1, (SELECT ms FROM sync_clock)), 1)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 1, refused = NULL;
END;
CREATE TRIGGER replies_outbox_insert AFTER INSERT ON replies
WHEN NEW.uid IS NOT NULL AND NEW.rev > 0 AND NEW.author = ''
BEGIN
	INSERT INTO outbox (tbl, uid, rev) VALUES ('replies', NEW.uid, NEW.rev)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER replies_outbox_insert_id AFTER INSERT ON replies
WHEN (NEW.uid IS NULL OR NEW.rev = 0) AND NEW.author = ''
BEGIN
	UPDATE replies SET uid = coalesce(uid, (SELECT uid FROM sync_new_uid)),
		rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'replies', uid, rev FROM replies WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER replies_outbox_update AFTER UPDATE ON replies
WHEN NEW.author = '' AND (OLD.request_id IS NOT NEW.request_id
	OR OLD.at IS NOT NEW.at
	OR OLD.body IS NOT NEW.body
	OR OLD.minutes_spent IS NOT NEW.minutes_spent)
BEGIN
	UPDATE replies SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'replies', uid, rev FROM replies WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER replies_outbox_delete AFTER DELETE ON replies WHEN OLD.uid IS NOT NULL AND OLD.author = ''
BEGIN
	INSERT INTO outbox (tbl, uid, rev, deleted) VALUES ('replies', OLD.uid, max(OLD.rev + 1, (SELECT ms FROM sync_clock)), 1)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 1, refused = NULL;
END;
CREATE TRIGGER decisions_outbox_insert AFTER INSERT ON decisions
WHEN NEW.uid IS NOT NULL AND NEW.rev > 0 AND NEW.author = ''
BEGIN
	INSERT INTO outbox (tbl, uid, rev) VALUES ('decisions', NEW.uid, NEW.rev)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER decisions_outbox_insert_id AFTER INSERT ON decisions
WHEN (NEW.uid IS NULL OR NEW.rev = 0) AND NEW.author = ''
BEGIN
	UPDATE decisions SET uid = coalesce(uid, (SELECT uid FROM sync_new_uid)),
		rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'decisions', uid, rev FROM decisions WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER decisions_outbox_update AFTER UPDATE ON decisions
WHEN NEW.author = '' AND (OLD.project_id IS NOT NEW.project_id
	OR OLD.title IS NOT NEW.title
	OR OLD.context IS NOT NEW.context
	OR OLD.team IS NOT NEW.team
	OR OLD.proposed_at IS NOT NEW.proposed_at
	OR OLD.deadline IS NOT NEW.deadline
	OR OLD.closed_state IS NOT NEW.closed_state
	OR OLD.outcome IS NOT NEW.outcome
	OR OLD.closed_at IS NOT NEW.closed_at)
BEGIN
	UPDATE decisions SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'decisions', uid, rev FROM decisions WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER decisions_outbox_delete AFTER DELETE ON decisions WHEN OLD.uid IS NOT NULL AND OLD.author = ''
BEGIN
	INSERT INTO outbox (tbl, uid, rev, deleted) VALUES ('decisions', OLD.uid, max(OLD.rev + 1, (SELECT ms FROM sync_clock)), 1)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 1, refused = NULL;
END;
CREATE TRIGGER objections_outbox_insert AFTER INSERT ON objections
WHEN NEW.uid IS NOT NULL AND NEW.rev > 0 AND NEW.author = ''
BEGIN
	INSERT INTO outbox (tbl, uid, rev) VALUES ('objections', NEW.uid, NEW.rev)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER objections_outbox_insert_id AFTER INSERT ON objections
WHEN (NEW.uid IS NULL OR NEW.rev = 0) AND NEW.author = ''
BEGIN
	UPDATE objections SET uid = coalesce(uid, (SELECT uid FROM sync_new_uid)),
		rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'objections', uid, rev FROM objections WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER objections_outbox_update AFTER UPDATE ON objections
WHEN NEW.author = '' AND (OLD.decision_id IS NOT NEW.decision_id
	OR OLD.by_who IS NOT NEW.by_who
	OR OLD.reason IS NOT NEW.reason
	OR OLD.at IS NOT NEW.at)
BEGIN
	UPDATE objections SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'objections', uid, rev FROM objections WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER objections_outbox_delete AFTER DELETE ON objections WHEN OLD.uid IS NOT NULL AND OLD.author = ''
BEGIN
	INSERT INTO outbox (tbl, uid, rev, deleted) VALUES ('objections', OLD.uid, max(OLD.rev + 1, (SELECT ms FROM sync_clock)), 1)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 1, refused = NULL;
END;
CREATE TRIGGER handoffs_outbox_insert AFTER INSERT ON handoffs
WHEN NEW.uid IS NOT NULL AND NEW.rev > 0 AND NEW.author = ''
BEGIN
	INSERT INTO outbox (tbl, uid, rev) VALUES ('handoffs', NEW.uid, NEW.rev)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER handoffs_outbox_insert_id AFTER INSERT ON handoffs
WHEN (NEW.uid IS NULL OR NEW.rev = 0) AND NEW.author = ''
BEGIN
	UPDATE handoffs SET uid = coalesce(uid, (SELECT uid FROM sync_new_uid)),
		rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'handoffs', uid, rev FROM handoffs WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER handoffs_outbox_update AFTER UPDATE ON handoffs
WHEN NEW.author = '' AND (OLD.day IS NOT NEW.day
	OR OLD.note IS NOT NEW.note
	OR OLD.at IS NOT NEW.at)
BEGIN
	UPDATE handoffs SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'handoffs', uid, rev FROM handoffs WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER handoffs_outbox_delete AFTER DELETE ON handoffs WHEN OLD.uid IS NOT NULL AND OLD.author = ''
BEGIN
	INSERT INTO outbox (tbl, uid, rev, deleted) VALUES ('handoffs', OLD.uid, max(OLD.rev + 1, (SELECT ms FROM sync_clock)), 1)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 1, refused = NULL;
END;
CREATE TRIGGER settings_profile_insert AFTER INSERT ON settings WHEN NEW.key IN ('timezone', 'workdays', 'workhours', 'holidays', 'sla.urgent', 'sla.important', 'sla.normal', 'deep.min', 'decision.window', 'report.author')
BEGIN
	INSERT INTO sync_state (key, value) VALUES ('profile_rev', (SELECT ms FROM sync_clock))
		ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER) + 1, (SELECT ms FROM sync_clock));
	INSERT INTO outbox (tbl, uid, rev) SELECT 'members', '', CAST(value AS INTEGER) FROM sync_state WHERE key = 'profile_rev'
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER settings_profile_update AFTER UPDATE ON settings WHEN NEW.key IN ('timezone', 'workdays', 'workhours', 'holidays', 'sla.urgent', 'sla.important', 'sla.normal', 'deep.min', 'decision.window', 'report.author') AND OLD.value IS NOT NEW.value
BEGIN
	INSERT INTO sync_state (key, value) VALUES ('profile_rev', (SELECT ms FROM sync_clock))
		ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER) + 1, (SELECT ms FROM sync_clock));
	INSERT INTO outbox (tbl, uid, rev) SELECT 'members', '', CAST(value AS INTEGER) FROM sync_state WHERE key = 'profile_rev'
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER settings_profile_delete AFTER DELETE ON settings WHEN OLD.key IN ('timezone', 'workdays', 'workhours', 'holidays', 'sla.urgent', 'sla.important', 'sla.normal', 'deep.min', 'decision.window', 'report.author')
BEGIN
	INSERT INTO sync_state (key, value) VALUES ('profile_rev', (SELECT ms FROM sync_clock))
		ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER) + 1, (SELECT ms FROM sync_clock));
	INSERT INTO outbox (tbl, uid, rev) SELECT 'members', '', CAST(value AS INTEGER) FROM sync_state WHERE key = 'profile_rev'
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END
