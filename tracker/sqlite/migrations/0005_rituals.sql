CREATE TABLE day_closes (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	day TEXT NOT NULL UNIQUE,
	zone TEXT NOT NULL,
	closed_at DATETIME NOT NULL,
	tomorrow_goal TEXT NOT NULL DEFAULT '',
	tomorrow_project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
	handoff TEXT NOT NULL DEFAULT '',
	energy INTEGER CHECK (energy IS NULL OR energy BETWEEN 1 AND 5),
	uid TEXT NOT NULL UNIQUE,
	rev INTEGER NOT NULL CHECK (rev > 0),
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
CREATE TABLE check_ins (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	week TEXT NOT NULL UNIQUE,
	satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
	balance INTEGER NOT NULL CHECK (balance BETWEEN 1 AND 5),
	note TEXT NOT NULL DEFAULT '',
	at DATETIME NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
-- The handoff note of a closed day reaches the team as the user's row of handoffs (migration 4),
-- whose own triggers queue it in the outbox: one handoff per closed day, under the close's uid,
-- removed when the note is cleared or the close deleted.
CREATE TRIGGER day_closes_handoff_insert AFTER INSERT ON day_closes WHEN NEW.handoff <> ''
BEGIN
	INSERT INTO handoffs (uid, rev, author, day, note, at) VALUES (NEW.uid, 0, '', NEW.day, NEW.handoff, NEW.closed_at);
END;
CREATE TRIGGER day_closes_handoff_update AFTER UPDATE ON day_closes
WHEN OLD.handoff IS NOT NEW.handoff OR OLD.closed_at IS NOT NEW.closed_at OR OLD.day IS NOT NEW.day
BEGIN
	DELETE FROM handoffs WHERE uid = NEW.uid AND author = '' AND NEW.handoff = '';
	UPDATE handoffs SET day = NEW.day, note = NEW.handoff, at = NEW.closed_at
		WHERE uid = NEW.uid AND author = '' AND NEW.handoff <> '';
	INSERT INTO handoffs (uid, rev, author, day, note, at) SELECT NEW.uid, 0, '', NEW.day, NEW.handoff, NEW.closed_at
		WHERE NEW.handoff <> '' AND NOT EXISTS (SELECT 1 FROM handoffs WHERE uid = NEW.uid);
END;
CREATE TRIGGER day_closes_handoff_delete AFTER DELETE ON day_closes
BEGIN
	DELETE FROM handoffs WHERE uid = OLD.uid AND author = '';
END
