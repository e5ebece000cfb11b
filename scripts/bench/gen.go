package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// interval is one generated stretch of work, as both tools hold it.
type interval struct {
	Start, End  time.Time
	Project     string
	Kind        tracker.Kind
	Deliverable string // a tag; empty for none
	Goal        string // Timewarrior's annotation; empty for none
}

// tags are the interval's Timewarrior tags: the project as "project:NAME" (which Shiplog's importer
// reads as the project), the kind, and the deliverable.
func (iv interval) tags() []string {
	t := []string{"project:" + iv.Project, string(iv.Kind)}
	if iv.Deliverable != "" {
		t = append(t, iv.Deliverable)
	}
	return t
}

var projectWords = []string{"atlas", "beacon", "cobalt", "delta", "ember", "fjord", "garnet", "harbor",
	"iris", "juniper", "kestrel", "lumen", "meridian", "nimbus", "onyx", "prism", "quartz", "raven",
	"sierra", "tundra", "umber", "vertex", "willow", "xenon", "yarrow", "zephyr", "alder", "birch",
	"cedar", "dune", "elm", "flint", "grove", "heath", "inlet", "jade", "knoll", "ledge", "moss", "north"}

// deliverablesPer is how many deliverables each project has.
const deliverablesPer = 2

func deliverableTag(project string, i int) string { return fmt.Sprintf("%s-v%d", project, i+1) }

// generate makes n non-overlapping intervals over the three years ending at end. It cuts the span
// into n equal slots and puts one interval of 5 minutes to nearly the whole slot into each, so the
// data is dense everywhere and the same seed gives the same shape whatever the date.
func generate(n int, end time.Time, seed uint64) []interval {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	start := end.AddDate(-3, 0, 0)
	slot := end.Sub(start) / time.Duration(n)
	out := make([]interval, n)
	for i := range out {
		s0 := start.Add(time.Duration(i) * slot)
		lead := time.Duration(rng.IntN(120)) * time.Second
		room := slot - lead - 3*time.Minute
		length := 5*time.Minute + time.Duration(rng.Int64N(int64(room-5*time.Minute)))
		s := s0.Add(lead).Truncate(time.Second)
		iv := interval{
			Start:   s,
			End:     s.Add(length).Truncate(time.Second),
			Project: projectWords[rng.IntN(len(projectWords))],
			Kind:    tracker.Kinds[rng.IntN(len(tracker.Kinds))],
		}
		if rng.IntN(2) == 0 {
			iv.Deliverable = deliverableTag(iv.Project, rng.IntN(deliverablesPer))
		}
		if rng.IntN(8) == 0 {
			iv.Goal = fmt.Sprintf("Move %s forward, step %d", iv.Project, i)
		}
		out[i] = iv
	}
	return out
}

const timewLayout = "20060102T150405Z"

type timewJSON struct {
	ID         int      `json:"id"`
	Start      string   `json:"start"`
	End        string   `json:"end"`
	Tags       []string `json:"tags"`
	Annotation string   `json:"annotation,omitempty"`
}

// writeTimewExport writes the intervals as `timew export` prints them: newest has id 1.
func writeTimewExport(path string, ivs []interval) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("[\n")
	for i, iv := range ivs {
		b, err := json.Marshal(timewJSON{ID: len(ivs) - i, Start: iv.Start.UTC().Format(timewLayout),
			End: iv.End.UTC().Format(timewLayout), Tags: iv.tags(), Annotation: iv.Goal})
		if err != nil {
			f.Close()
			return err
		}
		w.Write(b)
		if i < len(ivs)-1 {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
	}
	w.WriteString("]\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeTimewDB writes the intervals into a Timewarrior database directory in its own format:
// data/YYYY-MM.data with one `inc START - END # TAGS # "ANNOTATION"` line per interval, a
// tags.data index, and a timewarrior.cfg that keeps it quiet and never asks.
func writeTimewDB(dir string, ivs []interval) error {
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
		return err
	}
	cfg := "verbose = off\nconfirmation = off\n"
	if err := os.WriteFile(filepath.Join(dir, "timewarrior.cfg"), []byte(cfg), 0o600); err != nil {
		return err
	}
	files := map[string]*bufio.Writer{}
	var closers []*os.File
	tagCount := map[string]int{}
	for _, iv := range ivs {
		month := iv.Start.UTC().Format("2006-01")
		w, ok := files[month]
		if !ok {
			f, err := os.Create(filepath.Join(dir, "data", month+".data"))
			if err != nil {
				return err
			}
			closers = append(closers, f)
			w = bufio.NewWriter(f)
			files[month] = w
		}
		line := fmt.Sprintf("inc %s - %s # %s", iv.Start.UTC().Format(timewLayout), iv.End.UTC().Format(timewLayout),
			strings.Join(iv.tags(), " "))
		if iv.Goal != "" {
			line += fmt.Sprintf(" # %q", iv.Goal)
		}
		w.WriteString(line + "\n")
		for _, t := range iv.tags() {
			tagCount[t]++
		}
	}
	for _, w := range files {
		if err := w.Flush(); err != nil {
			return err
		}
	}
	for _, f := range closers {
		if err := f.Close(); err != nil {
			return err
		}
	}
	tags := map[string]map[string]int{}
	for t, n := range tagCount {
		tags[t] = map[string]int{"count": n}
	}
	b, err := json.Marshal(tags)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "data", "tags.data"), b, 0o600)
}

// writeShiplogTemplate creates an empty Shiplog database holding the projects and deliverables the
// intervals name, so that the import links blocks to deliverables as a real user's would.
func writeShiplogTemplate(path string) error {
	svc, err := sqlite.OpenService(path)
	if err != nil {
		return err
	}
	defer svc.Close()
	if err := svc.SetSetting(tracker.SettingTimezone, "UTC"); err != nil {
		return err
	}
	for _, p := range projectWords {
		if _, err := svc.AddProject(tracker.Project{Name: p}); err != nil {
			return err
		}
		for i := range deliverablesPer {
			_, err := svc.AddDeliverable(tracker.Deliverable{Title: deliverableTag(p, i), Project: p, Status: tracker.StatusInProgress})
			if err != nil {
				return err
			}
		}
	}
	return nil
}
