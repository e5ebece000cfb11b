// Command bigexport writes a large export of another tracker for measuring Shiplog's import: a
// Toggl detailed CSV or a Timewarrior export of about -mb megabytes, with ten-minute entries a
// minute apart ending before -end, and a few that overlap, so that the import's rules have work.
//
//	go run ./scripts/bigexport -format toggl -mb 200 -out /tmp/big.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"time"
)

func main() {
	format := flag.String("format", "toggl", "toggl or timewarrior")
	mb := flag.Int64("mb", 200, "size of the file in megabytes")
	out := flag.String("out", "", "the file to write")
	endFlag := flag.String("end", "2026-11-20T16:00:00Z", "the entries end before this RFC 3339 time")
	flag.Parse()
	if *out == "" {
		log.Fatal("-out is required")
	}
	end, err := time.Parse(time.RFC3339, *endFlag)
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	n, err := write(w, *format, *mb<<20, end)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d entries\n", *out, n)
}

// rowsFor estimates how many rows of a format fill size bytes.
func rowsFor(format string, size int64) int64 {
	per := int64(137)
	if format == "timewarrior" {
		per = 125
	}
	return size / per
}

// write writes the file and returns the number of entries. Every 50th entry starts five minutes
// into the one before it, as a meeting logged by hand over a running timer does.
func write(w *bufio.Writer, format string, size int64, end time.Time) (int64, error) {
	n := rowsFor(format, size)
	start := end.Add(-time.Duration(n) * 11 * time.Minute).Truncate(time.Hour)
	var written int64
	var err error
	switch format {
	case "toggl":
		_, err = w.WriteString("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\r\n")
	case "timewarrior":
		_, err = w.WriteString("[\n")
	default:
		return 0, fmt.Errorf("unknown format %q", format)
	}
	for i := int64(0); i < n && err == nil; i++ {
		s := start.Add(time.Duration(i) * 11 * time.Minute)
		if i%50 == 49 {
			s = s.Add(-6 * time.Minute)
		}
		e := s.Add(10 * time.Minute)
		switch format {
		case "toggl":
			_, err = fmt.Fprintf(w, "Ada,ada@example.com,ACME,Project %d,,\"Item %d, part two\",Yes,%s,%s,%s,%s,00:10:00,\"async, client\",10.00\r\n",
				i%40, i, s.Format("2006-01-02"), s.Format("15:04:05"), e.Format("2006-01-02"), e.Format("15:04:05"))
		case "timewarrior":
			sep := ",\n"
			if i == n-1 {
				sep = "\n"
			}
			_, err = fmt.Fprintf(w, `{"id":%d,"start":"%s","end":"%s","tags":["proj%d","deep"],"annotation":"work item %d"}%s`,
				n-i, s.Format("20060102T150405Z"), e.Format("20060102T150405Z"), i%40, i, sep)
		}
		written++
	}
	if err == nil && format == "timewarrior" {
		_, err = w.WriteString("]\n")
	}
	return written, err
}
