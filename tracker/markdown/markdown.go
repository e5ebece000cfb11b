// Package markdown writes record text into Markdown safely: the status update (reports) and the
// decision records (tracker/interop) escape titles, names and links the same way.
package markdown

import "strings"

var escaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`)

// Escape keeps text from turning into Markdown markup when pasted.
func Escape(s string) string { return escaper.Replace(s) }

// Link writes a Markdown link, or the escaped title alone when there is no link. The URL's spaces,
// parentheses and angle brackets are encoded so that they cannot end the link early.
func Link(title, link string) string {
	if link == "" {
		return Escape(title)
	}
	u := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(link)
	return "[" + Escape(title) + "](" + u + ")"
}

// OneLine folds text onto one line, so that a multi-line reason stays inside its list item.
func OneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
