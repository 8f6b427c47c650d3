package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/cybernorms/cybernorms/cite"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/labels"
)

// download is a table of the data package in each of its formats.
type download struct {
	Name, Title, Rows, Licence string
	Links                      []downloadLink
}

type downloadLink struct{ Format, URL string }

// packageMeta is what the page reads of datapackage.json besides the
// tables' schemas, read once: 160 KB of JSON took a millisecond and a half
// each of the five times it was read.
type packageMeta struct {
	Title     string
	Resources []struct {
		Name, Title, Path string
		Rows              *int `json:"x-rows"`
		Licenses          []struct{ Name string }
		Alternates        []struct{ Path string } `json:"x-alternates"`
	}
	Upstream *schema.Upstream `json:"x-upstream"`
}

// metaOf reads desc; what cannot be read is left empty, as the page then
// says less rather than failing (datasets.Open has checked desc already).
func metaOf(desc []byte) packageMeta {
	var m packageMeta
	if json.Unmarshal(desc, &m) != nil {
		return packageMeta{}
	}
	return m
}

// downloadsOf lists the data package's tables, each in CSV, Parquet and
// Arrow, with its licence, as datapackage.json describes them.
func downloadsOf(p packageMeta, l labels.Lang) []download {
	var out []download
	for _, r := range p.Resources {
		if r.Rows == nil {
			continue
		}
		d := download{Name: r.Name, Title: r.Title, Rows: l.Int(*r.Rows)}
		var lic []string
		for _, x := range r.Licenses {
			lic = append(lic, x.Name)
		}
		d.Licence = strings.Join(lic, ", ")
		d.Links = append(d.Links, downloadLink{"CSV", dataURL(r.Path)})
		for _, a := range r.Alternates {
			format := strings.ToUpper(strings.TrimPrefix(filepath.Ext(a.Path), "."))
			if format == "ARROW" {
				format = "Arrow"
			} else if format == "PARQUET" {
				format = "Parquet"
			}
			d.Links = append(d.Links, downloadLink{format, dataURL(a.Path)})
		}
		out = append(out, d)
	}
	return out
}

// citation is how to cite the data package, as CITATION.cff asks: its
// authors, title and version, and the project's address.
type citation struct {
	Authors, Title, Version, Year, URL string
}

// citationOf reads CITATION.cff beside the datasets when it is there (a
// clone of the project), else the data package's own title.
func citationOf(set *datasets.Set, p packageMeta, pin cite.Pin) citation {
	c := citation{Authors: cite.Author, Title: p.Title, Version: pin.Version, Year: pin.Year, URL: ProjectURL}
	if set.Dir == "" {
		return c
	}
	b, err := os.ReadFile(filepath.Join(set.Dir, "..", "CITATION.cff"))
	if err != nil {
		return c
	}
	cff := parseCFF(string(b))
	if cff["title"] != "" {
		c.Title = cff["title"]
	}
	if cff["authors"] != "" {
		c.Authors = cff["authors"]
	}
	if cff["version"] != "" && cff["version"] != c.Version {
		// The test that keeps the two in step would fail; the page says
		// the data package's.
		c.Version = pin.Version
	}
	return c
}

// parseCFF reads the top-level title, version and the first authors' names
// of a CITATION.cff: scalars and folded (">-") blocks, enough for the
// project's own file.
func parseCFF(s string) map[string]string {
	out := map[string]string{}
	lines := strings.Split(s, "\n")
	var names []string
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.HasPrefix(line, "#") || line == "" || line[0] == ' ' {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch {
		case k == "authors":
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], " ") {
				i++
				if n, ok := strings.CutPrefix(strings.TrimSpace(lines[i]), "- name:"); ok {
					names = append(names, strings.TrimSpace(n))
				}
			}
		case v == ">-" || v == ">" || v == "|":
			var parts []string
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], " ") {
				i++
				parts = append(parts, strings.TrimSpace(lines[i]))
			}
			out[k] = strings.Join(parts, " ")
		default:
			out[k] = strings.Trim(v, `"'`)
		}
	}
	out["authors"] = strings.Join(names, ", ")
	return out
}
