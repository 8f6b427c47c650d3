package report

import "strings"

// svgDataURI is an SVG as a data URI for an <img> element's src, escaped
// only where a URL or the attribute would otherwise change it: the percent
// sign, the fragment mark, the attribute's quote, the ampersand of character
// references, and the tabs and line breaks a URL parser strips. Base64 made
// every figure a third larger than the file beside it.
func svgDataURI(svg []byte) string {
	var b strings.Builder
	b.Grow(len(svg) + len(svg)/32 + 32)
	b.WriteString("data:image/svg+xml;charset=utf-8,")
	for _, c := range svg {
		switch c {
		case '%', '#', '"', '&', '\t', '\n', '\r':
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
