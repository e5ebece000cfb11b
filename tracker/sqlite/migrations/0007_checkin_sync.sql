-- Schema version 7: the weekly check-in's two numbers travel to the team server, where nobody but
-- the member reads them and the team reads only the median of a week that enough members
-- answered. A check-in gets an id and a revision like every synced row (migration 4); Open
-- backfills both for the check-ins already there, in Go, and queues them. Only the week,
-- satisfaction and balance travel: a change of the private note, or of the time it was given,
-- queues nothing.
ALTER TABLE check_ins ADD COLUMN uid TEXT;
ALTER TABLE check_ins ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX check_ins_uid ON check_ins(uid);
CREATE TRIGGER check_ins_outbox_insert AFTER INSERT ON check_ins
WHEN NEW.uid IS NOT NULL AND NEW.rev > 0
BEGIN
	INSERT INTO outbox (tbl, uid, rev) VALUES ('check_ins', NEW.uid, NEW.rev)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER check_ins_outbox_insert_id AFTER INSERT ON check_ins
WHEN (NEW.uid IS NULL OR NEW.rev = 0)
BEGIN
	UPDATE check_ins SET uid = coalesce(uid, (SELECT uid FROM sync_new_uid)),
		rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'check_ins', uid, rev FROM check_ins WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER check_ins_outbox_update AFTER UPDATE ON check_ins
WHEN OLD.week IS NOT NEW.week
	OR OLD.satisfaction IS NOT NEW.satisfaction
	OR OLD.balance IS NOT NEW.balance
BEGIN
	UPDATE check_ins SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE id = NEW.id;
	INSERT INTO outbox (tbl, uid, rev) SELECT 'check_ins', uid, rev FROM check_ins WHERE id = NEW.id
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL;
END;
CREATE TRIGGER check_ins_outbox_delete AFTER DELETE ON check_ins WHEN OLD.uid IS NOT NULL
BEGIN
	INSERT INTO outbox (tbl, uid, rev, deleted) VALUES ('check_ins', OLD.uid, max(OLD.rev + 1, (SELECT ms FROM sync_clock)), 1)
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 1, refused = NULL;
END
