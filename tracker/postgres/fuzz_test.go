package postgres

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// FuzzProfileDecode feeds the members table's JSON, as a pull returns it, to Change.Profile: it
// never panics, and what it decodes encodes and decodes to itself.
func FuzzProfileDecode(f *testing.F) {
	f.Add([]byte(`{"display_name":"Bo","time_zone":"America/New_York","work_days":[1,2,3,4,5],"work_start":"09:00:00",
		"work_end":"17:00:00","holidays":["2026-12-25"],"deep_min_seconds":3600,"target_urgent_seconds":7200,
		"target_important_seconds":null,"target_normal_seconds":172800,"decision_window_seconds":259200}`))
	f.Add([]byte(`{"time_zone":"UTC","work_days":[7,7,0,8],"work_start":"24:00:00","work_end":"1:2:3.5"}`))
	f.Add([]byte(`{"work_start":"::"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p1, err := Change{Table: Members, Member: "bo", Rev: 1, Data: data}.Profile()
		if err != nil {
			return
		}
		c, err := ProfileChange(p1)
		if err != nil {
			return // a zone this machine does not know
		}
		c.Member = "bo"
		p2, err := c.Profile()
		if err != nil {
			t.Fatalf("a profile did not decode after encoding: %v (%s)", err, c.Data)
		}
		c2, err := ProfileChange(p2)
		if err != nil {
			t.Fatal(err)
		}
		c2.Member = "bo"
		p3, err := c2.Profile()
		if err != nil || fmt.Sprint(p2) != fmt.Sprint(p3) {
			t.Fatalf("encoding is not stable:\n%+v\n%+v (%v)", p2, p3, err)
		}
	})
}

var plainIdent = regexp.MustCompile(`^[a-z0-9_]+$`)

// FuzzValidateName checks that a name that passes is a plain identifier: nothing to escape, so that
// the login is the same name in every tool, and nothing that could leave its quotes.
func FuzzValidateName(f *testing.F) {
	for _, s := range []string{"ada", `ada"; DROP ROLE x; --`, "pg_read_all_data", "Ada", "a\x00b", strings.Repeat("b", 70)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if ValidateName(name) != nil {
			return
		}
		if !plainIdent.MatchString(name) || len(name) > 63 {
			t.Fatalf("ValidateName accepted %q", name)
		}
		if got := (pgx.Identifier{name}).Sanitize(); got != `"`+name+`"` {
			t.Fatalf("an accepted name needs escaping: %q", got)
		}
	})
}

// FuzzRedact checks that Redact never keeps a URL's password, in the user info or the query.
func FuzzRedact(f *testing.F) {
	f.Add("s3cret", "sslmode=verify-full")
	f.Add("p@ss:w/rd?#", "password=other&host=%2Frun")
	f.Fuzz(func(t *testing.T, password, query string) {
		u := url.URL{Scheme: "postgres", User: url.UserPassword("ada", password), Host: "db.example.com", Path: "/shiplog", RawQuery: query}
		got := Redact(u.String())
		r, err := url.Parse(got)
		if err != nil {
			return // Redact said the URL was unparsable, and printed no part of it
		}
		if pw, ok := r.User.Password(); ok {
			t.Fatalf("Redact(%q) = %q keeps the password %q", u.String(), got, pw)
		}
		if r.Query().Has("password") {
			t.Fatalf("Redact(%q) = %q keeps a password parameter", u.String(), got)
		}
	})
}
