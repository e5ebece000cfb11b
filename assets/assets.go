// Package assets holds Shiplog's embedded icon and fonts.
package assets

import (
	_ "embed"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

//go:generate go run ./internal/genicon

// Icon is the app and tray icon, a 512x512 PNG.
//
//go:embed icon.png
var Icon []byte

// IconRunning is Icon with an amber dot, shown in the tray while a block runs.
//
//go:embed icon_running.png
var IconRunning []byte

// The Go fonts used by PDF reports, as TTF bytes. They come from golang.org/x/image so that
// reports look the same on every machine without shipping font files of our own.
var (
	FontRegular = goregular.TTF
	FontBold    = gobold.TTF
	FontItalic  = goitalic.TTF
	FontMono    = gomono.TTF
)
