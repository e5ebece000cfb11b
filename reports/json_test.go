package reports_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"shiplog/reports"
)

// jsonKeys lists the JSON keys of t and of the structs it holds, once each.
func jsonKeys(t reflect.Type, seen map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			jsonKeys(f.Type, seen)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			seen[name] = true
		}
		jsonKeys(f.Type, seen)
	}
}

// TestReportJSONIsDocumentedKeyByKey holds docs/report-json.md to the JSON: every key is named
// there, and the definitions it quotes are the model's, word for word, with the default settings.
func TestReportJSONIsDocumentedKeyByKey(t *testing.T) {
	doc, err := os.ReadFile("../docs/report-json.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	keys := map[string]bool{}
	jsonKeys(reflect.TypeOf(reports.ReportJSON{}), keys)
	if len(keys) < 100 {
		t.Fatalf("found only %d keys; the walk is broken", len(keys))
	}
	for k := range keys {
		if !strings.Contains(text, "`"+k+"`") {
			t.Errorf("docs/report-json.md does not document the key %q", k)
		}
	}
	r := buildFixture(t, reports.Options{})
	for _, d := range r.Definitions {
		better := d.Better
		row := "| `" + d.Key + "` | " + d.Name + " | " + d.Text + " | " + better + " |"
		if better == "" {
			row = "| `" + d.Key + "` | " + d.Name + " | " + d.Text + " | |"
		}
		if !strings.Contains(text, row) {
			t.Errorf("docs/report-json.md does not quote the definition of %s as the model has it:\n%s", d.Key, row)
		}
	}
}
