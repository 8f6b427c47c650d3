package report

import (
	"net/url"
	"strings"
	"testing"
)

// The data URI decodes to the SVG byte for byte, and holds nothing that
// would end the attribute, start a fragment or a character reference, or be
// stripped by a URL parser.
func TestSVGDataURI(t *testing.T) {
	svg := "<?xml version=\"1.0\"?>\n<svg width=\"1pt\"\n\txmlns=\"http://www.w3.org/2000/svg\"><text style=\"fill:#222222\">5% & Ünïcödé</text></svg>\r\n"
	u := svgDataURI([]byte(svg))
	body, ok := strings.CutPrefix(u, "data:image/svg+xml;charset=utf-8,")
	if !ok {
		t.Fatalf("prefix: %.40s", u)
	}
	if strings.ContainsAny(body, "\"#&\t\n\r") {
		t.Errorf("unescaped delimiter in %q", body)
	}
	got, err := url.PathUnescape(body)
	if err != nil {
		t.Fatal(err)
	}
	if got != svg {
		t.Errorf("decodes to %q", got)
	}
}
