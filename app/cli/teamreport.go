package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"shiplog/app/team"
	"shiplog/reports"
	"shiplog/reports/pdf"
	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// liveTeamReport writes the team report built live from the team server with the stored login,
// which must be a manager's.
func liveTeamReport(e *Env, cmd *cobra.Command, period func(*time.Location) (reports.Period, error), out string, asJSON bool) error {
	if out != "" {
		if err := checkWritableDir(out); err != nil {
			return err
		}
	}
	dir, err := tracker.ConfigDir()
	if err != nil {
		return err
	}
	if _, err := postgres.LoadLogin(dir); err != nil {
		return tracker.NotFoundf("no member files, and no team login for a live team report: join the team server with a manager's login " +
			"('shiplog team join URL'), or give at least one MEMBER.json export")
	}
	r, err := postgres.OpenLogin(cmd.Context(), dir)
	if err != nil {
		return err
	}
	defer r.Close()
	t, err := team.Live(cmd.Context(), r, period, e.Now())
	if err != nil {
		return err
	}
	return writeTeamReport(e, t, out, asJSON)
}

// writeTeamReport writes the team PDF to out when it is given, and prints the figures as JSON
// when asked, else the file's name.
func writeTeamReport(e *Env, t *reports.TeamReport, out string, asJSON bool) error {
	if out != "" {
		if err := pdf.WriteTeamFile(t, out, pdf.RenderOptions{Version: Version}); err != nil {
			return err
		}
	}
	if asJSON {
		return writeJSON(e, teamReportJSONOf(t))
	}
	fmt.Fprintln(e.Stdout, out)
	return nil
}

// teamReportJSON is the shape of 'team report --json': the member rows and the team's totals, in
// hours and percent as the PDF prints them.
type teamReportJSON struct {
	Period   string             `json:"period"`
	From     string             `json:"from"`
	To       string             `json:"to"`
	AsOf     string             `json:"as_of"`
	Headline string             `json:"headline"`
	Members  []teamMemberJSON   `json:"members"`
	Totals   teamMemberJSON     `json:"totals"`
	Open     []teamDecisionJSON `json:"open_decisions"`
	CheckIn  teamCheckInJSON    `json:"check_in"`
	// Overlaps is set when a member's report counted overlapping blocks (once, for the later one).
	Overlaps bool `json:"overlaps"`
}

// teamCheckInJSON is the team's median check-in of the week holding the period's last day; the
// medians are null unless enough members answered (reports.TeamCheckIns).
type teamCheckInJSON struct {
	Week         string   `json:"week"`
	Answered     int      `json:"answered"`
	Members      int      `json:"members"`
	Satisfaction *float64 `json:"median_satisfaction"`
	Balance      *float64 `json:"median_balance"`
	Text         string   `json:"text"`
}

type teamMemberJSON struct {
	Name            string   `json:"name,omitempty"`
	Zone            string   `json:"time_zone,omitempty"`
	Shipped         int      `json:"shipped"`
	DeepHours       float64  `json:"deep_hours"`
	ShortFocusHours float64  `json:"short_focus_hours"`
	Within          int      `json:"requests_within_target"`
	Judged          int      `json:"requests_judged"`
	WithinPct       *float64 `json:"within_target_pct"`
	AsyncSharePct   *float64 `json:"async_share_pct"`
	Open            int      `json:"open_decisions"`
}

type teamDecisionJSON struct {
	Member     string `json:"member"`
	Title      string `json:"title"`
	State      string `json:"state"`
	Deadline   string `json:"deadline"`
	Objections int    `json:"objections"`
}

func teamReportJSONOf(t *reports.TeamReport) teamReportJSON {
	pct := func(v float64, ok bool) *float64 {
		if !ok {
			return nil
		}
		return &v
	}
	out := teamReportJSON{Period: t.Period.String(), From: rfc(t.Period.From), To: rfc(t.Period.To), AsOf: rfc(t.AsOf),
		Headline: t.Headline, Members: []teamMemberJSON{}, Open: []teamDecisionJSON{}, Overlaps: t.Overlaps}
	c := t.CheckIns
	out.CheckIn = teamCheckInJSON{Week: c.Week, Answered: c.Answered, Members: c.Members, Text: c.Text(),
		Satisfaction: pct(c.Satisfaction, c.OK), Balance: pct(c.Balance, c.OK)}
	for _, m := range t.Members {
		out.Members = append(out.Members, teamMemberJSON{Name: m.Name, Zone: m.Settings.Zone, Shipped: m.Shipped,
			DeepHours: m.Deep.Hours(), ShortFocusHours: m.Short.Hours(), Within: m.Within, Judged: m.Judged,
			WithinPct: pct(m.WithinPct, m.WithinOK), AsyncSharePct: pct(m.AsyncShare, m.AsyncOK), Open: m.Open})
	}
	tot := t.Totals
	out.Totals = teamMemberJSON{Shipped: tot.Shipped, DeepHours: tot.Deep.Hours(), ShortFocusHours: tot.Short.Hours(),
		Within: tot.Within, Judged: tot.Judged, WithinPct: pct(tot.WithinPct, tot.WithinOK),
		AsyncSharePct: pct(tot.AsyncShare, tot.AsyncOK), Open: tot.Open}
	for _, d := range t.Open {
		out.Open = append(out.Open, teamDecisionJSON{Member: d.Member, Title: d.Title, State: string(d.State),
			Deadline: rfc(d.At), Objections: d.Objections})
	}
	return out
}
