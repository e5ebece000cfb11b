package interop_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"shiplog/tracker/interop"
)

const benchN = 100_000

// benchStart puts 100k ten-minute intervals, a minute apart, before the test clock's now.
var benchStart = now.Add(-benchN * 11 * time.Minute).Truncate(time.Hour)

func timewFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("temp.version: 1.4.3\n\n[\n")
	for i := range n {
		s := benchStart.Add(time.Duration(i) * 11 * time.Minute)
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id":%d,"start":"%s","end":"%s","tags":["proj%d","deep"],"annotation":"work item %d"}`,
			n-i, s.Format("20060102T150405Z"), s.Add(10*time.Minute).Format("20060102T150405Z"), i%7, i)
	}
	b.WriteString("\n]\n")
	return b.Bytes()
}

func togglFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\xef\xbb\xbfUser,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\r\n")
	for i := range n {
		s := benchStart.Add(time.Duration(i) * 11 * time.Minute)
		e := s.Add(10 * time.Minute)
		fmt.Fprintf(&b, "Ada,ada@example.com,ACME,Project %d,,\"Item %d, part two\",Yes,%s,%s,%s,%s,00:10:00,\"async, client\",10.00\r\n",
			i%7, i, s.Format("2006-01-02"), s.Format("15:04:05"), e.Format("2006-01-02"), e.Format("15:04:05"))
	}
	return b.Bytes()
}

func benchImport(b *testing.B, format string, data []byte) {
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		svc := mustOpen(b)
		b.StartTimer()
		rep, err := interop.Import(svc, format, bytes.NewReader(data), interop.Options{Location: time.UTC})
		res := rep.Result
		if err != nil {
			b.Fatal(err)
		}
		if res.Added != benchN {
			b.Fatalf("added %d, want %d; problems %v", res.Added, benchN, res.Problems[:min(3, len(res.Problems))])
		}
	}
}

func BenchmarkImportTimewarrior100k(b *testing.B) { benchImport(b, "timewarrior", timewFile(benchN)) }

func BenchmarkImportToggl100k(b *testing.B) { benchImport(b, "toggl", togglFile(benchN)) }
