CREATE TABLE new_projects (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL COLLATE NOCASE UNIQUE,
	color TEXT NOT NULL DEFAULT '',
	weekly_deep_hours REAL NOT NULL DEFAULT 0,
	weekly_deliverables INTEGER NOT NULL DEFAULT 0,
	archived NUMERIC NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL
);
INSERT INTO new_projects (id, name, color, weekly_deep_hours, weekly_deliverables, archived, created_at)
	SELECT id, name, color, weekly_deep_hours, weekly_deliverables, archived, created_at FROM projects;
CREATE TABLE new_milestones (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	start_date TEXT NOT NULL DEFAULT '',
	due_date TEXT NOT NULL,
	created_at DATETIME NOT NULL,
	UNIQUE (project_id, name COLLATE NOCASE)
);
INSERT INTO new_milestones (id, project_id, name, start_date, due_date, created_at)
	SELECT id, project_id, name, start_date, due_date, created_at FROM milestones;
CREATE TABLE new_deliverables (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	milestone_id INTEGER REFERENCES milestones(id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'shipped', 'dropped')),
	link TEXT NOT NULL DEFAULT '',
	due_date TEXT NOT NULL DEFAULT '',
	started_at DATETIME,
	shipped_at DATETIME,
	dropped_at DATETIME,
	notes TEXT NOT NULL DEFAULT '',
	source_key TEXT UNIQUE,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
INSERT INTO new_deliverables (id, project_id, milestone_id, title, status, link, due_date, started_at, shipped_at,
		dropped_at, notes, source_key, created_at, updated_at)
	SELECT id, project_id, milestone_id, title, status, link, due_date,
		CASE WHEN status = 'in_progress' THEN created_at END, shipped_at,
		CASE WHEN status = 'dropped' THEN updated_at END, notes, source_key, created_at, updated_at
	FROM deliverables;
CREATE TABLE new_blocks (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	deliverable_id INTEGER REFERENCES deliverables(id) ON DELETE SET NULL,
	kind TEXT NOT NULL CHECK (kind IN ('deep', 'shallow', 'async', 'meeting')),
	start_at DATETIME NOT NULL,
	end_at DATETIME,
	planned_seconds INTEGER NOT NULL DEFAULT 0,
	goal TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL DEFAULT '',
	interruptions INTEGER NOT NULL DEFAULT 0,
	last_seen DATETIME,
	source_key TEXT UNIQUE,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CHECK (end_at IS NULL OR end_at > start_at)
);
INSERT INTO new_blocks (id, project_id, deliverable_id, kind, start_at, end_at, planned_seconds, goal, outcome,
		interruptions, last_seen, source_key, created_at, updated_at)
	SELECT id, project_id, deliverable_id, kind, start_at, end_at, planned_seconds, goal, outcome,
		interruptions, last_seen, source_key, created_at, updated_at FROM blocks;
CREATE TABLE new_requests (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
	subject TEXT NOT NULL,
	from_who TEXT NOT NULL DEFAULT '',
	channel TEXT NOT NULL DEFAULT '',
	priority TEXT NOT NULL CHECK (priority IN ('urgent', 'important', 'normal', 'fyi')),
	received_at DATETIME NOT NULL,
	due_at DATETIME,
	replied_at DATETIME,
	replies INTEGER NOT NULL DEFAULT 0,
	minutes_spent INTEGER NOT NULL DEFAULT 0,
	notes TEXT NOT NULL DEFAULT '',
	notified_soon_at DATETIME,
	notified_overdue_at DATETIME,
	source_key TEXT UNIQUE,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
INSERT INTO new_requests (id, project_id, subject, from_who, channel, priority, received_at, replied_at, replies,
		minutes_spent, notes, notified_soon_at, notified_overdue_at, source_key, created_at, updated_at)
	SELECT id, project_id, subject, from_who, channel, priority, received_at, replied_at, replies,
		minutes_spent, notes, notified_soon_at, notified_overdue_at, source_key, created_at, updated_at FROM requests;
CREATE TABLE new_decisions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	context TEXT NOT NULL DEFAULT '',
	proposed_at DATETIME NOT NULL,
	deadline DATETIME NOT NULL,
	closed_state TEXT NOT NULL DEFAULT '' CHECK (closed_state IN ('', 'accepted', 'rejected')),
	outcome TEXT NOT NULL DEFAULT '',
	closed_at DATETIME,
	notified_at DATETIME,
	source_key TEXT UNIQUE,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
INSERT INTO new_decisions (id, project_id, title, context, proposed_at, deadline, closed_state, outcome, closed_at,
		notified_at, source_key, created_at, updated_at)
	SELECT id, project_id, title, context, proposed_at, deadline, closed_state, outcome, closed_at,
		notified_at, source_key, created_at, updated_at FROM decisions;
CREATE TABLE new_objections (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
	by_who TEXT NOT NULL,
	reason TEXT NOT NULL,
	at DATETIME NOT NULL
);
INSERT INTO new_objections (id, decision_id, by_who, reason, at) SELECT id, decision_id, by_who, reason, at FROM objections;
CREATE TABLE new_job_runs (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	job TEXT NOT NULL,
	started_at DATETIME NOT NULL,
	finished_at DATETIME,
	outcome TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
INSERT INTO new_job_runs (id, job, started_at, finished_at, outcome, detail)
	SELECT id, job, started_at, finished_at, outcome, detail FROM job_runs;
DROP TABLE objections;
DROP TABLE decisions;
DROP TABLE requests;
DROP TABLE blocks;
DROP TABLE deliverables;
DROP TABLE milestones;
DROP TABLE projects;
DROP TABLE job_runs;
ALTER TABLE new_projects RENAME TO projects;
ALTER TABLE new_milestones RENAME TO milestones;
ALTER TABLE new_deliverables RENAME TO deliverables;
ALTER TABLE new_blocks RENAME TO blocks;
ALTER TABLE new_requests RENAME TO requests;
ALTER TABLE new_decisions RENAME TO decisions;
ALTER TABLE new_objections RENAME TO objections;
ALTER TABLE new_job_runs RENAME TO job_runs;
CREATE INDEX deliverables_project ON deliverables(project_id);
CREATE INDEX deliverables_shipped ON deliverables(shipped_at);
CREATE INDEX blocks_start ON blocks(start_at);
CREATE INDEX blocks_deliverable ON blocks(deliverable_id);
CREATE UNIQUE INDEX blocks_one_running ON blocks((end_at IS NULL)) WHERE end_at IS NULL;
CREATE INDEX requests_received ON requests(received_at);
CREATE INDEX objections_decision ON objections(decision_id);
CREATE INDEX job_runs_job ON job_runs(job, started_at)
