-- Shiplog team mode, schema version 1.
--
-- Every data table holds rows of one author: the login in `member`, filled from session_user and
-- checked against it by row-level security, so that identity never comes from a value the client
-- sends. session_user, not current_user: a member may SET ROLE to the group roles they belong to,
-- which changes current_user but never session_user. Rows are keyed by ids the clients make
-- (UUIDv7) and carry the client's revision; a delete is a tombstone (deleted, content cleared).
-- `xid` is the transaction that last wrote the row, stamped by a trigger; pulls read below the
-- snapshot's xmin so that no row committed out of order is ever skipped.

-- Roles belong to the cluster, so a second team database on the same server reuses them.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shiplog_member') THEN
		CREATE ROLE shiplog_member NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shiplog_manager') THEN
		CREATE ROLE shiplog_manager NOLOGIN;
	END IF;
	EXECUTE format('GRANT CONNECT ON DATABASE %I TO shiplog_member', current_database());
END
$$;

CREATE SCHEMA IF NOT EXISTS shiplog;
GRANT USAGE ON SCHEMA shiplog TO shiplog_member;

CREATE TABLE shiplog.schema_version (
	version    integer PRIMARY KEY,
	applied_at timestamptz NOT NULL DEFAULT now(),
	applied_by text NOT NULL DEFAULT session_user
);
GRANT SELECT ON shiplog.schema_version TO shiplog_member;

-- stamp records which transaction wrote a row, and when, whatever the client sent.
CREATE FUNCTION shiplog.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.xid := pg_current_xact_id();
	NEW.updated_at := now();
	RETURN NEW;
END
$$;

-- valid_zone tells whether PostgreSQL knows a time-zone name.
CREATE FUNCTION shiplog.valid_zone(zone text) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
	PERFORM now() AT TIME ZONE zone;
	RETURN true;
EXCEPTION WHEN invalid_parameter_value THEN
	RETURN false;
END
$$;

-- members: each member's profile, so that teammates and managers compute due times and weeks in
-- that member's zone. Readable by the team.
CREATE TABLE shiplog.members (
	member                   text PRIMARY KEY DEFAULT session_user,
	rev                      bigint NOT NULL CHECK (rev > 0),
	display_name             text NOT NULL DEFAULT '',
	time_zone                text NOT NULL CHECK (shiplog.valid_zone(time_zone)),
	work_days                smallint[] NOT NULL CHECK (work_days <@ '{1,2,3,4,5,6,7}'),
	work_start               time NOT NULL,
	work_end                 time NOT NULL CHECK (work_end > work_start),
	holidays                 date[] NOT NULL DEFAULT '{}',
	deep_min_seconds         integer NOT NULL CHECK (deep_min_seconds > 0),
	target_urgent_seconds    integer CHECK (target_urgent_seconds > 0),
	target_important_seconds integer CHECK (target_important_seconds > 0),
	target_normal_seconds    integer CHECK (target_normal_seconds > 0),
	decision_window_seconds  integer CHECK (decision_window_seconds > 0),
	xid                      xid8 NOT NULL,
	updated_at               timestamptz NOT NULL
);

CREATE TABLE shiplog.projects (
	uid        uuid PRIMARY KEY,
	member     text NOT NULL DEFAULT session_user,
	rev        bigint NOT NULL CHECK (rev > 0),
	deleted    boolean NOT NULL DEFAULT false,
	name       text,
	color      text,
	archived   boolean,
	xid        xid8 NOT NULL,
	updated_at timestamptz NOT NULL,
	CONSTRAINT projects_live CHECK (deleted OR name IS NOT NULL)
);

CREATE TABLE shiplog.milestones (
	uid         uuid PRIMARY KEY,
	member      text NOT NULL DEFAULT session_user,
	rev         bigint NOT NULL CHECK (rev > 0),
	deleted     boolean NOT NULL DEFAULT false,
	project_uid uuid,
	name        text,
	start_date  date,
	due_date    date,
	xid         xid8 NOT NULL,
	updated_at  timestamptz NOT NULL,
	CONSTRAINT milestones_live CHECK (deleted OR (name IS NOT NULL AND due_date IS NOT NULL))
);

CREATE TABLE shiplog.deliverables (
	uid           uuid PRIMARY KEY,
	member        text NOT NULL DEFAULT session_user,
	rev           bigint NOT NULL CHECK (rev > 0),
	deleted       boolean NOT NULL DEFAULT false,
	project_uid   uuid,
	milestone_uid uuid,
	title         text,
	status        text CHECK (status IN ('planned', 'in_progress', 'shipped', 'dropped')),
	link          text,
	due_date      date,
	shipped_at    timestamptz,
	notes         text,
	xid           xid8 NOT NULL,
	updated_at    timestamptz NOT NULL,
	CONSTRAINT deliverables_live CHECK (deleted OR (title IS NOT NULL AND status IS NOT NULL))
);

-- blocks: the raw record of working time. Private: only its author reads it; managers see weekly
-- figures through shiplog.weekly_totals.
CREATE TABLE shiplog.blocks (
	uid             uuid PRIMARY KEY,
	member          text NOT NULL DEFAULT session_user,
	rev             bigint NOT NULL CHECK (rev > 0),
	deleted         boolean NOT NULL DEFAULT false,
	project_uid     uuid,
	deliverable_uid uuid,
	kind            text CHECK (kind IN ('deep', 'shallow', 'async', 'meeting')),
	start_at        timestamptz,
	end_at          timestamptz,
	planned_seconds bigint CHECK (planned_seconds >= 0),
	goal            text,
	outcome         text,
	interruptions   integer CHECK (interruptions >= 0),
	xid             xid8 NOT NULL,
	updated_at      timestamptz NOT NULL,
	CONSTRAINT blocks_live CHECK (deleted OR (kind IS NOT NULL AND start_at IS NOT NULL)),
	CONSTRAINT blocks_end_after_start CHECK (end_at >= start_at)
);
CREATE INDEX blocks_member_start ON shiplog.blocks (member, start_at);

-- requests: a request logged by its author. to_member names the teammate it is addressed to;
-- empty means it came from outside the team (from_who) and stays private.
CREATE TABLE shiplog.requests (
	uid           uuid PRIMARY KEY,
	member        text NOT NULL DEFAULT session_user,
	rev           bigint NOT NULL CHECK (rev > 0),
	deleted       boolean NOT NULL DEFAULT false,
	to_member     text,
	from_who      text,
	subject       text,
	channel       text,
	priority      text CHECK (priority IN ('urgent', 'important', 'normal', 'fyi')),
	project_uid   uuid,
	received_at   timestamptz,
	replied_at    timestamptz,
	replies       integer CHECK (replies >= 0),
	minutes_spent integer CHECK (minutes_spent >= 0),
	notes         text,
	xid           xid8 NOT NULL,
	updated_at    timestamptz NOT NULL,
	CONSTRAINT requests_live CHECK (deleted OR (subject IS NOT NULL AND priority IS NOT NULL AND received_at IS NOT NULL))
);
CREATE INDEX requests_to_member ON shiplog.requests (to_member);

-- replies: an answer to a request between teammates, written by whoever answers.
CREATE TABLE shiplog.replies (
	uid           uuid PRIMARY KEY,
	member        text NOT NULL DEFAULT session_user,
	rev           bigint NOT NULL CHECK (rev > 0),
	deleted       boolean NOT NULL DEFAULT false,
	request_uid   uuid,
	at            timestamptz,
	body          text,
	minutes_spent integer CHECK (minutes_spent >= 0),
	xid           xid8 NOT NULL,
	updated_at    timestamptz NOT NULL,
	CONSTRAINT replies_live CHECK (deleted OR (request_uid IS NOT NULL AND at IS NOT NULL))
);
CREATE INDEX replies_request ON shiplog.replies (request_uid);

-- decisions: proposed by their author; team marks one that the whole team may object to.
CREATE TABLE shiplog.decisions (
	uid          uuid PRIMARY KEY,
	member       text NOT NULL DEFAULT session_user,
	rev          bigint NOT NULL CHECK (rev > 0),
	deleted      boolean NOT NULL DEFAULT false,
	title        text,
	context      text,
	project_uid  uuid,
	team         boolean,
	proposed_at  timestamptz,
	deadline     timestamptz,
	closed_state text CHECK (closed_state IN ('accepted', 'rejected')),
	outcome      text,
	closed_at    timestamptz,
	xid          xid8 NOT NULL,
	updated_at   timestamptz NOT NULL,
	CONSTRAINT decisions_live CHECK (deleted OR (title IS NOT NULL AND proposed_at IS NOT NULL AND deadline IS NOT NULL))
);

-- objections: a member's reasoned "no" to a decision, written by the objector.
CREATE TABLE shiplog.objections (
	uid          uuid PRIMARY KEY,
	member       text NOT NULL DEFAULT session_user,
	rev          bigint NOT NULL CHECK (rev > 0),
	deleted      boolean NOT NULL DEFAULT false,
	decision_uid uuid,
	reason       text,
	at           timestamptz,
	xid          xid8 NOT NULL,
	updated_at   timestamptz NOT NULL,
	CONSTRAINT objections_live CHECK (deleted OR (decision_uid IS NOT NULL AND reason IS NOT NULL AND at IS NOT NULL))
);
CREATE INDEX objections_decision ON shiplog.objections (decision_uid);

-- handoffs: the end-of-day note for teammates in other time zones.
CREATE TABLE shiplog.handoffs (
	uid        uuid PRIMARY KEY,
	member     text NOT NULL DEFAULT session_user,
	rev        bigint NOT NULL CHECK (rev > 0),
	deleted    boolean NOT NULL DEFAULT false,
	day        date,
	note       text,
	at         timestamptz,
	xid        xid8 NOT NULL,
	updated_at timestamptz NOT NULL,
	CONSTRAINT handoffs_live CHECK (deleted OR (day IS NOT NULL AND note IS NOT NULL))
);

-- The same stamp, index, privileges and write policies on every data table. Members may read,
-- insert and update; nobody but the admin deletes (a delete travels as a tombstone).
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['members', 'projects', 'milestones', 'deliverables', 'blocks', 'requests',
	                         'replies', 'decisions', 'objections', 'handoffs'] LOOP
		EXECUTE format('CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON shiplog.%I FOR EACH ROW EXECUTE FUNCTION shiplog.stamp()', t);
		EXECUTE format('CREATE INDEX %I ON shiplog.%I (xid)', t || '_xid', t);
		EXECUTE format('ALTER TABLE shiplog.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('GRANT SELECT, INSERT, UPDATE ON shiplog.%I TO shiplog_member', t);
		EXECUTE format('CREATE POLICY own_insert ON shiplog.%I FOR INSERT TO shiplog_member WITH CHECK (member = session_user)', t);
		EXECUTE format('CREATE POLICY own_update ON shiplog.%I FOR UPDATE TO shiplog_member USING (member = session_user) WITH CHECK (member = session_user)', t);
	END LOOP;
END
$$;

-- Who reads what. Results are the team's; raw blocks and requests from outside are their author's.
CREATE POLICY team_read ON shiplog.members FOR SELECT TO shiplog_member USING (true);
CREATE POLICY team_read ON shiplog.projects FOR SELECT TO shiplog_member USING (true);
CREATE POLICY team_read ON shiplog.milestones FOR SELECT TO shiplog_member USING (true);
CREATE POLICY team_read ON shiplog.deliverables FOR SELECT TO shiplog_member USING (true);
CREATE POLICY team_read ON shiplog.decisions FOR SELECT TO shiplog_member USING (true);
CREATE POLICY team_read ON shiplog.objections FOR SELECT TO shiplog_member USING (true);
CREATE POLICY team_read ON shiplog.handoffs FOR SELECT TO shiplog_member USING (true);
CREATE POLICY own_read ON shiplog.blocks FOR SELECT TO shiplog_member USING (member = session_user);
CREATE POLICY own_or_addressed_read ON shiplog.requests FOR SELECT TO shiplog_member
	USING (member = session_user OR to_member = session_user);
-- A reply is read by whoever wrote it and by both ends of the request it answers; the subquery
-- sees requests through their own policy, which already limits them to those two.
CREATE POLICY thread_read ON shiplog.replies FOR SELECT TO shiplog_member
	USING (member = session_user OR EXISTS (SELECT FROM shiplog.requests r WHERE r.uid = request_uid));
-- One can only answer a request one can see.
CREATE POLICY thread_insert ON shiplog.replies AS RESTRICTIVE FOR INSERT TO shiplog_member
	WITH CHECK (deleted OR EXISTS (SELECT FROM shiplog.requests r WHERE r.uid = request_uid));

-- weekly_totals: per member and ISO week in the member's own time zone, the seconds of each kind,
-- the qualifying deep work (a deep block with a goal, at least the member's deep.min long as a
-- whole), the short focus (the other deep blocks with a goal), the deep work without a goal, and
-- the blocks that touch the week. A block
-- that crosses a week boundary is split at the member's local midnight; a running block counts up
-- to now. The view runs with its owner's rights, so it reads every member's blocks; its
-- security_barrier keeps a caller's conditions from running before its own filter, which shows a
-- member only their own weeks and a manager everyone's. The raw rows never leave it.
CREATE VIEW shiplog.weekly_totals WITH (security_barrier) AS
WITH spans AS (
	SELECT b.member, b.kind, b.start_at,
	       coalesce(b.end_at, greatest(b.start_at, now())) AS end_at,
	       coalesce(m.time_zone, 'UTC') AS zone,
	       btrim(coalesce(b.goal, '')) <> '' AS has_goal,
	       b.kind = 'deep' AND btrim(coalesce(b.goal, '')) <> ''
	         AND coalesce(b.end_at, greatest(b.start_at, now())) - b.start_at
	             >= make_interval(secs => coalesce(m.deep_min_seconds, 3600)) AS qualifies
	FROM shiplog.blocks b
	LEFT JOIN shiplog.members m ON m.member = b.member
	WHERE NOT b.deleted
), parts AS (
	SELECT s.member, s.kind, s.qualifies, s.has_goal, s.zone, w.local_start,
	       extract(epoch FROM least(s.end_at, (w.local_start + interval '7 days') AT TIME ZONE s.zone)
	                        - greatest(s.start_at, w.local_start AT TIME ZONE s.zone))::bigint AS seconds
	FROM spans s
	CROSS JOIN LATERAL generate_series(date_trunc('week', s.start_at AT TIME ZONE s.zone),
	                                   date_trunc('week', s.end_at AT TIME ZONE s.zone),
	                                   interval '7 days') AS w(local_start)
)
SELECT member,
       to_char(local_start, 'IYYY-"W"IW') AS week,
       local_start::date AS week_start,
       zone AS time_zone,
       coalesce(sum(seconds) FILTER (WHERE kind = 'deep'), 0)::bigint AS deep_seconds,
       coalesce(sum(seconds) FILTER (WHERE kind = 'shallow'), 0)::bigint AS shallow_seconds,
       coalesce(sum(seconds) FILTER (WHERE kind = 'async'), 0)::bigint AS async_seconds,
       coalesce(sum(seconds) FILTER (WHERE kind = 'meeting'), 0)::bigint AS meeting_seconds,
       coalesce(sum(seconds) FILTER (WHERE qualifies), 0)::bigint AS qualifying_deep_seconds,
       coalesce(sum(seconds) FILTER (WHERE kind = 'deep' AND has_goal AND NOT qualifies), 0)::bigint AS short_focus_seconds,
       coalesce(sum(seconds) FILTER (WHERE kind = 'deep' AND NOT has_goal), 0)::bigint AS no_goal_seconds,
       count(*) AS blocks
FROM parts
WHERE seconds > 0
  AND (member = session_user OR pg_has_role(session_user, 'shiplog_manager', 'MEMBER'))
GROUP BY member, local_start, zone;
GRANT SELECT ON shiplog.weekly_totals TO shiplog_member;
