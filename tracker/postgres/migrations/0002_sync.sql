-- Shiplog team mode, schema version 2: what members' outboxes send and a manager's live team
-- report reads.

-- A request's due time is fixed when it arrives (for a request to a teammate, by the teammate's
-- targets and business hours); the author's Shiplog sends it, so that every reader judges the
-- request against the same instant.
ALTER TABLE shiplog.requests ADD COLUMN due_at timestamptz;

-- Who objected, as the author recorded it: the member themself, or someone outside the team whose
-- objection the member noted on a decision of their own.
ALTER TABLE shiplog.objections ADD COLUMN by_who text;

-- The live team report reads a period's blocks of every member: the blocks that start in it, by
-- their start, and the few that started before and run into it, by their end. blocks_member_start
-- (member first) cannot serve a range over all members.
CREATE INDEX blocks_start ON shiplog.blocks (start_at);
CREATE INDEX blocks_end ON shiplog.blocks (end_at);

-- period_totals: for each member, the time of each kind inside the period of local dates
-- [from_day, to_day), read in the member's own time zone, and the qualifying deep work (a deep
-- block with a goal, at least the member's deep.min long as a whole), the short focus (the other
-- deep blocks with a goal) and the deep work without a goal inside it: the figures of the personal
-- report, by the same definitions.
-- A block is clipped to the period; a running block counts up to now.
--
-- Like weekly_totals it runs with its owner's rights and reads every member's blocks, and it
-- shows a member only their own figures and a manager everyone's; it returns sums, never a
-- block. A function rather than a view, so that the period bounds reach the scan of the blocks.
CREATE FUNCTION shiplog.period_totals(from_day date, to_day date)
RETURNS TABLE (member text, time_zone text, deep_seconds bigint, shallow_seconds bigint, async_seconds bigint,
               meeting_seconds bigint, qualifying_deep_seconds bigint, short_focus_seconds bigint,
               no_goal_seconds bigint, blocks bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
	WITH me AS (
		SELECT session_user AS name, pg_has_role(session_user, 'shiplog_manager', 'MEMBER') AS manager
	), spans AS (
		SELECT b.member, b.kind, b.start_at,
		       coalesce(b.end_at, greatest(b.start_at, now())) AS end_at,
		       coalesce(m.time_zone, 'UTC') AS zone,
		       btrim(coalesce(b.goal, '')) <> '' AS has_goal,
		       b.kind = 'deep' AND btrim(coalesce(b.goal, '')) <> ''
		         AND coalesce(b.end_at, greatest(b.start_at, now())) - b.start_at
		             >= make_interval(secs => coalesce(m.deep_min_seconds, 3600)) AS qualifies
		FROM shiplog.blocks b
		CROSS JOIN me
		LEFT JOIN shiplog.members m ON m.member = b.member
		WHERE NOT b.deleted
		  AND (b.member = me.name OR me.manager)
		  -- Two days either side hold every zone's local dates; the exact bounds come below. A
		  -- block that starts in the range, or starts before it and ends in it or runs on.
		  AND ((b.start_at >= (from_day - 2)::timestamp AT TIME ZONE 'UTC'
		        AND b.start_at < (to_day + 2)::timestamp AT TIME ZONE 'UTC')
		    OR (b.start_at < (from_day - 2)::timestamp AT TIME ZONE 'UTC'
		        AND (b.end_at > (from_day - 2)::timestamp AT TIME ZONE 'UTC' OR b.end_at IS NULL)))
	), parts AS (
		SELECT s.member, s.zone, s.kind, s.qualifies, s.has_goal,
		       extract(epoch FROM least(s.end_at, to_day::timestamp AT TIME ZONE s.zone)
		                        - greatest(s.start_at, from_day::timestamp AT TIME ZONE s.zone))::bigint AS seconds
		FROM spans s
	)
	SELECT member, zone,
	       coalesce(sum(seconds) FILTER (WHERE kind = 'deep'), 0)::bigint,
	       coalesce(sum(seconds) FILTER (WHERE kind = 'shallow'), 0)::bigint,
	       coalesce(sum(seconds) FILTER (WHERE kind = 'async'), 0)::bigint,
	       coalesce(sum(seconds) FILTER (WHERE kind = 'meeting'), 0)::bigint,
	       coalesce(sum(seconds) FILTER (WHERE qualifies), 0)::bigint,
	       coalesce(sum(seconds) FILTER (WHERE kind = 'deep' AND has_goal AND NOT qualifies), 0)::bigint,
	       coalesce(sum(seconds) FILTER (WHERE kind = 'deep' AND NOT has_goal), 0)::bigint,
	       count(*)
	FROM parts
	WHERE seconds > 0
	GROUP BY member, zone
$$;
REVOKE ALL ON FUNCTION shiplog.period_totals(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shiplog.period_totals(date, date) TO shiplog_member;

-- request_times: when each request arrived, was due and was first answered, and by whom it is to
-- be answered (the receiver: the addressee of a request between teammates, else its author), so
-- that a manager counts each member's requests answered within target. It shows no subject, no
-- sender and no notes. A request between teammates is answered by the addressee's first reply;
-- one from outside by the replied_at its author recorded. Like weekly_totals, it runs with its
-- owner's rights and shows a member the requests they received and a manager everyone's.
CREATE VIEW shiplog.request_times WITH (security_barrier) AS
SELECT r.uid,
       coalesce(r.to_member, r.member) AS receiver,
       r.priority, r.received_at, r.due_at,
       CASE WHEN r.to_member IS NULL THEN r.replied_at
            ELSE (SELECT min(p.at) FROM shiplog.replies p
                  WHERE p.request_uid = r.uid AND p.member = r.to_member AND NOT p.deleted)
       END AS answered_at
FROM shiplog.requests r
WHERE NOT r.deleted
  AND (coalesce(r.to_member, r.member) = session_user OR pg_has_role(session_user, 'shiplog_manager', 'MEMBER'));
GRANT SELECT ON shiplog.request_times TO shiplog_member;
