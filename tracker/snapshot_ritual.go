package tracker

import (
	"errors"
	"fmt"
	"time"
)

// SnapCheckIn is a weekly check-in in a snapshot: the week's two numbers only. The private note
// and the time it was given stay in the database, so that an export sent for the team report
// carries no more of a check-in than the team's median needs. Day closes are not exported at all:
// their handoff notes reach the team through the team server, and energy stays personal.
type SnapCheckIn struct {
	Week         string `json:"week"`
	Satisfaction int    `json:"satisfaction"`
	Balance      int    `json:"balance"`
}

// snapCheckIns lists the check-ins given in the filter's range, by week.
func snapCheckIns(tx Tx, f SnapshotFilter) ([]SnapCheckIn, error) {
	cs, err := tx.ListCheckIns("", "")
	if err != nil {
		return nil, err
	}
	var out []SnapCheckIn
	for _, c := range cs {
		if inRange(c.At, f) {
			out = append(out, SnapCheckIn{Week: c.Week, Satisfaction: c.Satisfaction, Balance: c.Balance})
		}
	}
	return out, nil
}

// checkIns imports the file's check-ins. A week that already has one keeps it.
func (im *snapImport) checkIns(snap Snapshot) error {
	for i, sc := range snap.CheckIns {
		im.order++
		ref := fmt.Sprintf("check_ins[%d]", i)
		monday, ok := WeekStart(sc.Week)
		if !ok {
			im.problem(ref, "week", invalid("week", "must be an ISO week like 2026-W48; got %q", sc.Week))
			continue
		}
		c := CheckIn{Week: sc.Week, Satisfaction: sc.Satisfaction, Balance: sc.Balance, At: monday}
		if err := c.Validate(im.now); err != nil {
			im.fieldProblem(ref, err)
			continue
		}
		switch _, err := im.tx.CheckIn(c.Week); {
		case err == nil:
			im.res.Existing++
			continue
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if err := im.tx.CreateCheckIn(&c); err != nil {
			return err
		}
		im.res.Records[string(RecordCheckIns)]++
	}
	return nil
}

// WeekStart is the Monday 00:00 UTC that begins the ISO week written as "2026-W48" (with a
// two-digit week, as ISOWeek writes it). ok is false for any other text, or a week that does not
// exist in its year.
func WeekStart(week string) (monday time.Time, ok bool) {
	var y, w int
	if len(week) != 8 || week[4:6] != "-W" {
		return time.Time{}, false
	}
	if _, err := fmt.Sscanf(week, "%4d-W%2d", &y, &w); err != nil || y < 1970 || w < 1 || w > 53 {
		return time.Time{}, false
	}
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday = jan4.AddDate(0, 0, -(int(jan4.Weekday())+6)%7+(w-1)*7)
	if isoWeekName(monday) != week {
		return time.Time{}, false
	}
	return monday, true
}
