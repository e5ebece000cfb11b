package postgres

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"shiplog/tracker"
)

func checkIn(t *testing.T, uid uuid.UUID, rev int64, week string, satisfaction, balance int) Change {
	t.Helper()
	return mustChange(t, CheckIns, uid, rev, CheckIn{Week: week, Satisfaction: satisfaction, Balance: balance})
}

// medians reads check_in_medians as name, each week as "answered satisfaction balance", with "-"
// for a median the server withholds.
func medians(t *testing.T, r *Remote, from, to string) map[string]string {
	t.Helper()
	rows, err := r.CheckInMedians(t.Context(), from, to)
	if err != nil {
		t.Fatalf("%s reads the check-in medians: %v", r.Member(), err)
	}
	out := map[string]string{}
	for _, row := range rows {
		f := func(v *float64) string {
			if v == nil {
				return "-"
			}
			return fmt.Sprint(*v)
		}
		out[row.Week] = fmt.Sprintf("%d %s %s", row.Answered, f(row.Satisfaction), f(row.Balance))
	}
	return out
}

func TestNobodyReadsAnotherMembersCheckIns(t *testing.T) {
	tm := newTeam(t)
	adaW48 := newUID(t)
	tm.push(tm.remote("ada"), checkIn(t, adaW48, 1, "2026-W48", 4, 2), checkIn(t, newUID(t), 1, "2026-W47", 3, 3))
	tm.push(tm.remote("bo"), checkIn(t, newUID(t), 1, "2026-W48", 2, 5))
	tm.push(tm.remote("cy"), checkIn(t, newUID(t), 1, "2026-W48", 5, 3))

	for _, tt := range []struct {
		name string
		own  int64
	}{{"ada", 2}, {"bo", 1}, {"mia", 0}} {
		t.Run(tt.name+" reads only their own check-ins, under every role they hold", func(t *testing.T) {
			db := tm.as(tt.name)
			for _, role := range []string{"", "shiplog_member", "shiplog_manager"} {
				if role != "" && db.Exec("SET ROLE "+role).Error != nil {
					continue // mia alone may take the manager's role
				}
				var rows []struct {
					Member string
					Week   string
				}
				err := db.Raw("SELECT member, week FROM shiplog.check_ins").Scan(&rows).Error
				switch {
				case err != nil && role == "shiplog_manager" && strings.Contains(err.Error(), "permission denied"):
					// The manager's group role holds no privileges of its own: it reads nothing.
					db.Exec("RESET ROLE")
					continue
				case err != nil:
					t.Fatalf("%s (role %q) reads check_ins: %v", tt.name, role, err)
				}
				if int64(len(rows)) != tt.own {
					t.Errorf("%s (role %q) reads %d check-ins, want their own %d: %+v", tt.name, role, len(rows), tt.own, rows)
				}
				for _, r := range rows {
					if r.Member != tt.name {
						t.Errorf("%s (role %q) reads %s's check-in of %s", tt.name, role, r.Member, r.Week)
					}
				}
				db.Exec("RESET ROLE")
			}
		})
	}
	t.Run("a manager's UPDATE of a member's check-in changes 0 rows", func(t *testing.T) {
		res := tm.as("mia").Exec("UPDATE shiplog.check_ins SET satisfaction = 1 WHERE uid = ?", adaW48)
		if res.Error != nil || res.RowsAffected != 0 {
			t.Errorf("mia's UPDATE of ada's check-in: %d rows, %v; want 0 rows", res.RowsAffected, res.Error)
		}
	})
	t.Run("a pull brings nobody's check-ins", func(t *testing.T) {
		for _, name := range []string{"ada", "mia"} {
			pulled, _, err := tm.remote(name).Pull(t.Context(), 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range pulled {
				if c.Table == CheckIns {
					t.Errorf("%s pulled %s's check-in %s", name, c.Member, c.UID)
				}
			}
		}
	})
	t.Run("the team reads the medians, members and managers alike", func(t *testing.T) {
		for _, name := range []string{"bo", "mia"} {
			if got := medians(t, tm.remote(name), "2026-W47", "2026-W48"); got["2026-W48"] != "3 4 3" {
				t.Errorf("%s reads %v, want 2026-W48 with 3 answers, medians 4 and 3", name, got)
			}
		}
	})
}

func TestCheckInMediansShowOnlyFromThreeAnswers(t *testing.T) {
	if tracker.MinCheckInsForMedian != 3 {
		t.Fatalf("tracker.MinCheckInsForMedian is %d; shiplog.check_in_medians withholds medians under 3: change both", tracker.MinCheckInsForMedian)
	}
	tm := newTeam(t)
	ada, bo, cy, mia := tm.remote("ada"), tm.remote("bo"), tm.remote("cy"), tm.remote("mia")
	adaW48 := newUID(t)
	tm.push(ada, checkIn(t, newUID(t), 1, "2026-W47", 4, 2), checkIn(t, adaW48, 1, "2026-W48", 4, 2), checkIn(t, newUID(t), 1, "2026-W49", 1, 5))
	tm.push(bo, checkIn(t, newUID(t), 1, "2026-W47", 2, 5), checkIn(t, newUID(t), 1, "2026-W48", 2, 5), checkIn(t, newUID(t), 1, "2026-W49", 2, 4))
	tm.push(cy, checkIn(t, newUID(t), 1, "2026-W48", 5, 3), checkIn(t, newUID(t), 1, "2026-W49", 4, 3))
	tm.push(mia, checkIn(t, newUID(t), 1, "2026-W49", 5, 3))

	got := medians(t, mia, "2026-W40", "2026-W52")
	for week, want := range map[string]string{
		"2026-W47": "2 - -",   // two answers: no median
		"2026-W48": "3 4 3",   // the middle of 2 4 5 and of 2 3 5
		"2026-W49": "4 3 3.5", // the mean of the two middle answers: (2+4)/2 and (3+4)/2
	} {
		if got[week] != want {
			t.Errorf("%s: %q, want %q", week, got[week], want)
		}
	}
	if len(got) != 3 {
		t.Errorf("weeks %v, want only the three answered", got)
	}
	if w := medians(t, mia, "2026-W48", "2026-W48"); len(w) != 1 || w["2026-W48"] != "3 4 3" {
		t.Errorf("the range 2026-W48 to 2026-W48 gives %v", w)
	}

	t.Run("a changed check-in replaces the old numbers, and an older revision changes nothing", func(t *testing.T) {
		tm.push(ada, checkIn(t, adaW48, 3, "2026-W48", 1, 2))
		res := tm.push(ada, checkIn(t, adaW48, 2, "2026-W48", 5, 5))
		if res.Stale != 1 {
			t.Errorf("the older revision: %+v, want it stale", res)
		}
		if got := medians(t, mia, "2026-W48", "2026-W48")["2026-W48"]; got != "3 2 3" {
			t.Errorf("after ada changed hers to 1: %q, want 3 answers with median satisfaction 2", got)
		}
	})
	t.Run("a deleted check-in no longer counts, and the median goes with it", func(t *testing.T) {
		tm.push(ada, Tombstone(CheckIns, adaW48, 4))
		if got := medians(t, mia, "2026-W48", "2026-W48")["2026-W48"]; got != "2 - -" {
			t.Errorf("after ada deleted hers: %q, want 2 answers and no median", got)
		}
	})
	t.Run("a check-in out of range is refused and nothing is written", func(t *testing.T) {
		_, err := bo.Push(t.Context(), []Change{checkIn(t, newUID(t), 1, "2026-W50", 6, 3)})
		if err == nil {
			t.Fatal("a satisfaction of 6 was taken")
		}
		if got := medians(t, mia, "2026-W50", "2026-W50"); len(got) != 0 {
			t.Errorf("the refused check-in counts: %v", got)
		}
	})
}
