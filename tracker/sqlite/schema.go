package sqlite

import (
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// tableColumns maps each table of a schema to its column names in order.
type tableColumns map[string][]string

// schemas caches the schema that each version's migrations build, by version.
var schemas struct {
	sync.Mutex
	byVersion map[int]tableColumns
}

// expectedSchema is the schema a Shiplog database of the version has: what migrations 1 to
// version build, read back from an in-memory database, so that it can never drift from them.
func expectedSchema(version int) (tableColumns, error) {
	schemas.Lock()
	defer schemas.Unlock()
	if s, ok := schemas.byVersion[version]; ok {
		return s, nil
	}
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // each connection to :memory: is a database of its own
	for v := 0; v < version; v++ {
		script, err := migrationSQL(v)
		if err != nil {
			return nil, err
		}
		for _, stmt := range splitSQL(script) {
			if _, err := db.Exec(stmt); err != nil {
				return nil, fmt.Errorf("migration %d: %w", v+1, err)
			}
		}
	}
	s, err := readSchema(db)
	if err != nil {
		return nil, err
	}
	if schemas.byVersion == nil {
		schemas.byVersion = map[int]tableColumns{}
	}
	schemas.byVersion[version] = s
	return s, nil
}

// querier is what readSchema needs of a database or a connection.
type querier interface {
	Query(query string, args ...any) (*sql.Rows, error)
}

// readSchema reads the tables of db, other than SQLite's own, with their columns.
func readSchema(db querier) (tableColumns, error) {
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s := tableColumns{}
	for _, t := range tables {
		cols, err := db.Query("SELECT name FROM pragma_table_info(?) ORDER BY cid", t)
		if err != nil {
			return nil, err
		}
		var names []string
		for cols.Next() {
			var n string
			if err := cols.Scan(&n); err != nil {
				cols.Close()
				return nil, err
			}
			names = append(names, n)
		}
		cols.Close()
		if err := cols.Err(); err != nil {
			return nil, err
		}
		s[t] = names
	}
	return s, nil
}

// checkSchema checks that db has exactly the tables and columns of a Shiplog database of the
// version: a schema version alone proves nothing, since any application may set user_version.
func checkSchema(db querier, version int) error {
	want, err := expectedSchema(version)
	if err != nil {
		return err
	}
	got, err := readSchema(db)
	if err != nil {
		return invalid("database", "is not a readable database: %v", err)
	}
	var missing, extra, differ []string
	for t, cols := range want {
		have, ok := got[t]
		switch {
		case !ok:
			missing = append(missing, t)
		case !slices.Equal(have, cols):
			differ = append(differ, t)
		}
	}
	for t := range got {
		if _, ok := want[t]; !ok {
			extra = append(extra, t)
		}
	}
	if len(missing)+len(extra)+len(differ) == 0 {
		return nil
	}
	var why []string
	if len(missing) > 0 {
		why = append(why, "it lacks the tables "+list(missing))
	}
	if len(extra) > 0 {
		why = append(why, "it has tables Shiplog does not know ("+list(extra)+")")
	}
	if len(differ) > 0 {
		why = append(why, "the columns of "+list(differ)+" are not Shiplog's")
	}
	if version == 0 {
		return invalid("database", "is not a Shiplog database: it has tables but no schema version")
	}
	return invalid("database", "is not a Shiplog database of schema version %d: %s", version, strings.Join(why, "; "))
}

func list(names []string) string {
	sort.Strings(names)
	if len(names) > 5 {
		names = append(names[:5], "…")
	}
	return strings.Join(names, ", ")
}
