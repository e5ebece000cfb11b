-- Shiplog team mode, schema version 3: the weekly check-ins, private to each member, and the
-- team's median of a week that enough members answered.

-- check_ins: a member's weekly check-in, the two numbers only (the private note never leaves the
-- member's machine). One row per ISO week on the member's side; the key is the row's uid, as for
-- every synced table, so that a check-in given again in the same week updates its row.
CREATE TABLE shiplog.check_ins (
	uid          uuid PRIMARY KEY,
	member       text NOT NULL DEFAULT session_user,
	rev          bigint NOT NULL CHECK (rev > 0),
	deleted      boolean NOT NULL DEFAULT false,
	week         text CHECK (week ~ '^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$'),
	satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
	balance      smallint CHECK (balance BETWEEN 1 AND 5),
	xid          xid8 NOT NULL,
	updated_at   timestamptz NOT NULL,
	CONSTRAINT check_ins_live CHECK (deleted OR (week IS NOT NULL AND satisfaction IS NOT NULL AND balance IS NOT NULL))
);
CREATE INDEX check_ins_week ON shiplog.check_ins (week);
CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON shiplog.check_ins FOR EACH ROW EXECUTE FUNCTION shiplog.stamp();
CREATE INDEX check_ins_xid ON shiplog.check_ins (xid);

-- Row-level security as on every data table, with one difference: a member reads only their own
-- check-ins, and no other member does, managers included (there is no manager's policy and no
-- view of the rows). Only the admin, whom row-level security does not restrict, and
-- check_in_medians below, which runs with the admin's rights, read across members.
ALTER TABLE shiplog.check_ins ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE ON shiplog.check_ins TO shiplog_member;
CREATE POLICY own_insert ON shiplog.check_ins FOR INSERT TO shiplog_member WITH CHECK (member = session_user);
CREATE POLICY own_update ON shiplog.check_ins FOR UPDATE TO shiplog_member
	USING (member = session_user) WITH CHECK (member = session_user);
CREATE POLICY own_read ON shiplog.check_ins FOR SELECT TO shiplog_member USING (member = session_user);

-- check_in_medians: for each ISO week in [from_week, to_week] that any member answered, how many
-- members answered and, only when at least 3 did (tracker.MinCheckInsForMedian), the medians of
-- their satisfaction and balance; with fewer the medians are NULL, since a median of one or two
-- answers would give an answer away. percentile_cont(0.5) is the middle answer, or the mean of the
-- two middle ones: the median of the file-based team report (reports.Median).
--
-- It runs with its owner's rights, so it reads every member's check-ins, which no member can; it
-- returns counts and medians, never a member's row, to every member of the team. A member's
-- latest row of a week counts once, should a deleted and a new row of the same week both be there.
CREATE FUNCTION shiplog.check_in_medians(from_week text, to_week text)
RETURNS TABLE (week text, answered bigint, satisfaction double precision, balance double precision)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
	WITH latest AS (
		SELECT DISTINCT ON (c.member, c.week) c.member, c.week, c.satisfaction, c.balance
		FROM shiplog.check_ins c
		WHERE NOT c.deleted AND c.week >= from_week AND c.week <= to_week
		ORDER BY c.member, c.week, c.rev DESC
	)
	SELECT l.week, count(*),
	       CASE WHEN count(*) >= 3 THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY l.satisfaction) END,
	       CASE WHEN count(*) >= 3 THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY l.balance) END
	FROM latest l
	GROUP BY l.week
	ORDER BY l.week
$$;
REVOKE ALL ON FUNCTION shiplog.check_in_medians(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shiplog.check_in_medians(text, text) TO shiplog_member;
