// Package tracker is Shiplog's domain: the record of deep-work blocks, deliverables, milestones,
// requests and decisions, and every rule about them. It imports no storage, no UI and no PDF code.
//
// The package holds the entities and their validation (model.go, validate.go), the typed errors
// (errors.go), the working calendar and time parsing (calendar.go, timeparse.go), the typed
// settings (config.go, with the keys in settings.go) and the Service, the one API that the window,
// the tray, the CLI and the scheduled jobs use. The Service's methods are grouped by entity
// (project.go, block.go, gap.go, deliverable.go, milestone.go, request.go, decision.go, jobrun.go),
// with the import rules in import.go and the export format in snapshot.go.
//
// The Service keeps the record through the Store it is built on (store.go). This package declares
// that interface, small and named for what the rules need; a storage package implements it:
// tracker/sqlite keeps the record in one SQLite file, and a PostgreSQL store can sit beside it.
// main wires them together, as sqlite.OpenService does:
//
//	st, err := sqlite.Open(path)
//	svc := tracker.NewService(st, tracker.WithClock(clock))
package tracker
