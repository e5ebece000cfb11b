package tracker

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error the tracker returns wraps one of them, so that front ends can
// map them to exit codes and messages without parsing text.
var (
	// ErrInvalid means the input broke a rule: a missing title, an end before a start, a bad URL.
	ErrInvalid = errors.New("invalid")
	// ErrNotFound means a record that was named does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the input is valid on its own but clashes with stored data,
	// such as a block that overlaps another one.
	ErrConflict = errors.New("conflict")
	// ErrSchemaTooNew means the database was written by a newer Shiplog.
	ErrSchemaTooNew = errors.New("database schema is newer than this version of shiplog")
	// ErrNoDatabase means there is no database where one was to be read; nothing was created.
	ErrNoDatabase = errors.New("there is no database")
	// ErrReadOnly means the database, or the folder it needs to write in, cannot be written.
	ErrReadOnly = errors.New("the database is read-only")
	// ErrLocked means another process holds what this one needs, such as the job runner's lock.
	ErrLocked = errors.New("held by another process")
)

// FieldError is a validation error that names the field and the reason.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// Unwrap makes every FieldError an ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// invalid builds a FieldError with a formatted reason.
func invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ConflictError reports a clash with stored data, naming the record it clashes with.
type ConflictError struct {
	Msg string
}

func (e *ConflictError) Error() string { return e.Msg }

// Unwrap makes every ConflictError an ErrConflict.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// NotFoundError names what was looked for and, where useful, close matches.
type NotFoundError struct {
	What        string // e.g. `project "Shiplog AP"`
	Suggestions []string
}

func (e *NotFoundError) Error() string {
	msg := e.What + " not found"
	if len(e.Suggestions) > 0 {
		msg += "; did you mean "
		for i, s := range e.Suggestions {
			if i > 0 {
				msg += ", "
			}
			msg += fmt.Sprintf("%q", s)
		}
		msg += "?"
	}
	return msg
}

// Unwrap makes every NotFoundError an ErrNotFound.
func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// Invalidf is an ErrInvalid for input that breaks a rule tied to no one field, such as a file in
// the wrong encoding. Its text is the formatted message alone: wrapping the sentinel with %w
// instead would end the message in ": invalid", which tells the reader nothing. A %w in format
// keeps that error in the chain, as with fmt.Errorf.
func Invalidf(format string, args ...any) error { return kindf(ErrInvalid, format, args...) }

// Conflictf is a ConflictError with a formatted message; a %w in format keeps that error in the
// chain, as with fmt.Errorf.
func Conflictf(format string, args ...any) error { return kindf(ErrConflict, format, args...) }

// NotFoundf is an ErrNotFound whose text is the formatted message alone, for a missing thing that
// "X not found" (NotFoundError) does not describe well.
func NotFoundf(format string, args ...any) error { return kindf(ErrNotFound, format, args...) }

// Kindf is an error of kind (a sentinel such as ErrNoDatabase) whose text is the formatted message
// alone, as Invalidf is for ErrInvalid.
func Kindf(kind error, format string, args ...any) error { return kindf(kind, format, args...) }

// kindError is an error of a sentinel's kind that shows only its own text.
type kindError struct {
	msg     string
	kind    error
	wrapped []error
}

func kindf(kind error, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	e := &kindError{msg: err.Error(), kind: kind}
	switch w := err.(type) {
	case interface{ Unwrap() error }:
		e.wrapped = []error{w.Unwrap()}
	case interface{ Unwrap() []error }:
		e.wrapped = w.Unwrap()
	}
	return e
}

func (e *kindError) Error() string { return e.msg }

// Unwrap makes the error its sentinel and keeps the errors its message wrapped.
func (e *kindError) Unwrap() []error { return append([]error{e.kind}, e.wrapped...) }
