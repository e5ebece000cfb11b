package interop

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"shiplog/tracker/interop/parse"
)

type parseError = parse.Error

func stripBOMReader(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	return br
}

func csvParseError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &parse.Error{Ref: fmt.Sprintf("line %d", pe.Line), Reason: fmt.Sprintf("column %d: %s", pe.Column, pe.Err)}
	}
	return err
}

func rowKey(format string, fields []string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return format + ":" + hex.EncodeToString(h.Sum(nil)[:12])
}
