package tracker_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestValidationNamesTheFieldAndWrapsErrInvalid(t *testing.T) {
	now := t0
	long := strings.Repeat("x", 201)
	cases := []struct {
		name  string
		err   func() error
		field string
	}{
		{"a project needs a name", func() error { p := tracker.Project{Name: "  "}; return p.Validate() }, "name"},
		{"a project name is at most 200 characters", func() error { p := tracker.Project{Name: long}; return p.Validate() }, "name"},
		{"a project name has no control characters", func() error { p := tracker.Project{Name: "a\x07b"}; return p.Validate() }, "name"},
		{"a colour is hex", func() error { p := tracker.Project{Name: "a", Color: "teal"}; return p.Validate() }, "color"},
		{"a weekly goal is not negative", func() error { p := tracker.Project{Name: "a", WeeklyDeepHours: -1}; return p.Validate() }, "weekly-deep-hours"},
		{"a block kind is one of four", func() error {
			b := tracker.Block{Kind: "nap", ProjectID: 1, Start: now.Add(-time.Hour)}
			return b.Validate(now)
		}, "kind"},
		{"a block ends after it starts", func() error {
			b := tracker.Block{Kind: tracker.KindDeep, Start: now, End: ptr(now)}
			return b.Validate(now)
		}, "end"},
		{"a block end before its start is refused", func() error {
			b := tracker.Block{Kind: tracker.KindDeep, Start: now, End: ptr(now.Add(-time.Minute))}
			return b.Validate(now)
		}, "end"},
		{"a block starts at most 24h ahead", func() error {
			b := tracker.Block{Kind: tracker.KindDeep, Start: now.Add(25 * time.Hour)}
			return b.Validate(now)
		}, "start"},
		{"a running block does not start in the future", func() error {
			b := tracker.Block{Kind: tracker.KindDeep, Start: now.Add(tracker.ClockSkew + time.Second)}
			return b.Validate(now)
		}, "start"},
		{"a block does not end in the future", func() error {
			b := tracker.Block{Kind: tracker.KindDeep, Start: now.Add(-time.Hour), End: ptr(now.Add(tracker.ClockSkew + time.Second))}
			return b.Validate(now)
		}, "end"},
		{"a block that lies wholly ahead, within a day, is refused at its end", func() error {
			b := tracker.Block{Kind: tracker.KindMeeting, Start: now.Add(2 * time.Hour), End: ptr(now.Add(3 * time.Hour))}
			return b.Validate(now)
		}, "end"},
		{"a block goal is at most 200 characters", func() error {
			b := tracker.Block{Kind: tracker.KindDeep, Start: now, Goal: long}
			return b.Validate(now)
		}, "goal"},
		{"a block outcome is at most 10000 characters", func() error {
			b := tracker.Block{Kind: tracker.KindDeep, Start: now, Outcome: strings.Repeat("é", 10001)}
			return b.Validate(now)
		}, "outcome"},
		{"a deliverable needs a title", func() error {
			d := tracker.Deliverable{Status: tracker.StatusPlanned}
			return d.Validate(now)
		}, "title"},
		{"a deliverable link is http(s)", func() error {
			d := tracker.Deliverable{Title: "x", Status: tracker.StatusPlanned, Link: "ftp://example.com/x"}
			return d.Validate(now)
		}, "link"},
		{"a deliverable link has a host", func() error {
			d := tracker.Deliverable{Title: "x", Status: tracker.StatusPlanned, Link: "https://"}
			return d.Validate(now)
		}, "link"},
		{"a deliverable status is one of four", func() error {
			d := tracker.Deliverable{Title: "x", Status: "done"}
			return d.Validate(now)
		}, "status"},
		{"a deliverable due date is a date", func() error {
			d := tracker.Deliverable{Title: "x", Status: tracker.StatusPlanned, Due: "2026-13-01"}
			return d.Validate(now)
		}, "due"},
		{"a milestone needs a due date", func() error { m := tracker.Milestone{Name: "Beta"}; return m.Validate() }, "due"},
		{"a milestone starts before it is due", func() error {
			m := tracker.Milestone{Name: "Beta", StartDate: "2026-12-02", DueDate: "2026-12-01"}
			return m.Validate()
		}, "start"},
		{"a request priority is one of four", func() error {
			r := tracker.Request{Subject: "x", Priority: "asap", ReceivedAt: now}
			return r.Validate(now)
		}, "priority"},
		{"a request needs a subject", func() error {
			r := tracker.Request{Priority: tracker.PriorityNormal, ReceivedAt: now}
			return r.Validate(now)
		}, "subject"},
		{"a request is not received more than 24h ahead", func() error {
			r := tracker.Request{Subject: "x", Priority: tracker.PriorityNormal, ReceivedAt: now.Add(48 * time.Hour)}
			return r.Validate(now)
		}, "received_at"},
		{"a reply is not before the request", func() error {
			r := tracker.Request{Subject: "x", Priority: tracker.PriorityNormal, ReceivedAt: now, RepliedAt: ptr(now.Add(-time.Hour))}
			return r.Validate(now)
		}, "replied_at"},
		{"notes are at most 10000 characters", func() error {
			r := tracker.Request{Subject: "x", Priority: tracker.PriorityNormal, ReceivedAt: now, Notes: strings.Repeat("n", 10001)}
			return r.Validate(now)
		}, "notes"},
		{"a decision deadline is after its proposal", func() error {
			d := tracker.Decision{Title: "x", ProposedAt: now, Deadline: now.Add(-time.Hour)}
			return d.Validate(now)
		}, "deadline"},
		{"an objection needs a reason", func() error {
			o := tracker.Objection{By: "Sam", At: now}
			return o.Validate(now)
		}, "reason"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.err()
			if !errors.Is(err, tracker.ErrInvalid) {
				t.Fatalf("got %v, want an ErrInvalid", err)
			}
			var fe *tracker.FieldError
			if !errors.As(err, &fe) || fe.Field != c.field {
				t.Fatalf("got %v, want field %q named", err, c.field)
			}
			if fe.Reason == "" {
				t.Fatal("the error gives no reason")
			}
		})
	}
}

func TestValidValuesPass(t *testing.T) {
	now := t0
	b := tracker.Block{Kind: tracker.KindDeep, Start: now.Add(-time.Hour), End: ptr(now), Goal: strings.Repeat("ü", 200)}
	if err := b.Validate(now); err != nil {
		t.Errorf("a 200-character goal was refused: %v", err)
	}
	d := tracker.Deliverable{Title: "Ελληνικά и кириллица", Status: tracker.StatusPlanned, Link: "https://example.com/a?b=c"}
	if err := d.Validate(now); err != nil {
		t.Errorf("a valid deliverable was refused: %v", err)
	}
	skewed := tracker.Block{Kind: tracker.KindMeeting, Start: now.Add(-time.Hour), End: ptr(now.Add(tracker.ClockSkew))}
	if err := skewed.Validate(now); err != nil {
		t.Errorf("a block ending within the clock-skew allowance was refused: %v", err)
	}
	r := tracker.Request{Subject: "x", Priority: tracker.PriorityNormal, ReceivedAt: now.Add(23 * time.Hour)}
	if err := r.Validate(now); err != nil {
		t.Errorf("a request within 24h ahead was refused: %v", err)
	}
}
