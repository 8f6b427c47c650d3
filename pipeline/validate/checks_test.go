package validate

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/pipeline/arrowcodec"
)

// descriptor edits datapackage.json as JSON.
func descriptor(t *testing.T, dir string, f func(pkg map[string]any)) {
	t.Helper()
	p := filepath.Join(dir, "datapackage.json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var pkg map[string]any
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	f(pkg)
	if b, err = json.MarshalIndent(pkg, "", "  "); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(p, b, 0o644)
}

func resources(pkg map[string]any) []any { return pkg["resources"].([]any) }

func resource(pkg map[string]any, name string) map[string]any {
	for _, r := range resources(pkg) {
		if m := r.(map[string]any); m["name"] == name {
			return m
		}
	}
	return nil
}

// write replaces a file and records its new size and checksum (and, with
// rows >= 0, row count) in datapackage.json, so that only the check aimed at
// sees the change.
func write(t *testing.T, dir, rel string, b []byte, rows int) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, rel), b, 0o644); err != nil {
		t.Fatal(err)
	}
	descriptor(t, dir, func(pkg map[string]any) {
		for _, r := range resources(pkg) {
			m := r.(map[string]any)
			files := []map[string]any{m}
			if alts, ok := m["x-alternates"].([]any); ok {
				for _, a := range alts {
					files = append(files, a.(map[string]any))
				}
			}
			for _, f := range files {
				if f["path"] == rel {
					f["bytes"], f["hash"] = len(b), vocab.Checksum(b)
					if rows >= 0 && f["x-rows"] != nil {
						f["x-rows"] = rows
					}
				}
			}
		}
	})
}

// table reads a derived or raw table for editing.
func table(t *testing.T, dir string, tab *schema.Table) schema.Data {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, tab.Path+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := schema.ReadCSV(bytes.NewReader(b), tab.Path+".csv", tab)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// editRows changes a table's CSV through f and records it (rows as well).
func editRows(t *testing.T, dir string, tab *schema.Table, f func(d *schema.Data)) {
	t.Helper()
	d := table(t, dir, tab)
	f(&d)
	b, err := d.EncodeCSV()
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, tab.Path+".csv", b, len(d.Rows))
}

// setWhere sets field to v in the first row where match holds.
func setWhere(t *testing.T, d *schema.Data, match func(get func(string) string) bool, field, v string) string {
	t.Helper()
	for _, r := range d.Rows {
		get := func(f string) string { return r[d.Table.Index(f)] }
		if match(get) {
			r[d.Table.Index(field)] = v
			return get("supporter_id")
		}
	}
	t.Fatalf("no row to tamper with in %s", d.Table.Name)
	return ""
}

// encodeAlt writes an Arrow copy of d (with its own table) as rel.
func encodeAlt(t *testing.T, dir, rel string, d schema.Data) {
	t.Helper()
	b, err := arrowcodec.EncodeArrow(d)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, rel, b, -1)
}

// TestEveryCheck applies, for each check validate makes, a tamper that only
// it catches, and expects its violation. The committed datasets pass all.
func TestEveryCheck(t *testing.T) {
	state := func(get func(string) string) bool { return get("category") == "state" }
	tests := []struct {
		check  string
		tamper func(t *testing.T, dir string)
		want   string // a violation, with DIR for the directory
	}{
		{"geometry readable", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "geo/countries.geojson")) },
			"DIR/geo/countries.geojson: no such file or directory"},
		{"geometry checksum", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "geo/countries.geojson")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(b, []byte("[105.724,-10.494]"), []byte("[105.725,-10.494]"), 1), 0o644)
		}, "DIR/geo/countries.geojson: content differs from datapackage.json: edited after build?"},
		{"geometry loads", func(t *testing.T, dir string) { write(t, dir, "geo/countries.geojson", []byte("{"), -1) },
			"DIR/geo/countries.geojson: "},
		{"resource has a schema", func(t *testing.T, dir string) {
			descriptor(t, dir, func(pkg map[string]any) { delete(resource(pkg, "principles"), "schema") })
		}, "DIR/datapackage.json: resource principles has no schema"},
		{"resource known", func(t *testing.T, dir string) {
			descriptor(t, dir, func(pkg map[string]any) { resource(pkg, "principles")["name"] = "principles2" })
		}, "DIR/datapackage.json: resource principles2 is unknown to this version of cybernorms"},
		{"schema as published", func(t *testing.T, dir string) {
			descriptor(t, dir, func(pkg map[string]any) {
				resource(pkg, "supporters")["schema"].(map[string]any)["foreignKeys"] = []any{}
			})
		}, "DIR/datapackage.json: resource supporters: schema differs from this version of cybernorms (run build)"},
		{"table readable", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "principles.csv")) },
			"DIR/principles.csv: no such file or directory"},
		{"table checksum", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "principles.csv")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, append(b, "\n"...), 0o644)
		}, "DIR/principles.csv: content differs from datapackage.json ("},
		{"table matches its schema", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "principles.csv"))
			write(t, dir, "principles.csv", bytes.Replace(b, []byte("\n1,"), []byte("\nx,"), 1), -1)
		}, "DIR/principles.csv:2: field id: "},
		{"chapter table not empty", func(t *testing.T, dir string) {
			editRows(t, dir, schema.CyberPower, func(d *schema.Data) { d.Rows = nil })
		}, "DIR/cyber_power.csv: no rows: the chapter's tables are never empty"},
		{"row count", func(t *testing.T, dir string) {
			descriptor(t, dir, func(pkg map[string]any) { resource(pkg, "principles")["x-rows"] = 10 })
		}, "DIR/principles.csv: 9 rows, datapackage.json says 10"},
		{"copy readable", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "principles.arrow")) },
			"DIR/principles.arrow: no such file or directory"},
		{"copy checksum", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "principles.parquet")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, append(b, 0), 0o644)
		}, "DIR/principles.parquet: content differs from datapackage.json: edited after build?"},
		{"copy format known", func(t *testing.T, dir string) {
			descriptor(t, dir, func(pkg map[string]any) {
				resource(pkg, "principles")["x-alternates"].([]any)[0].(map[string]any)["format"] = "feather"
			})
		}, `DIR/principles.arrow: unknown format "feather"`},
		{"copy decodes", func(t *testing.T, dir string) { write(t, dir, "principles.parquet", []byte("PAR1 not really"), -1) },
			"DIR/principles.parquet: cannot be read: "},
		{"copy columns", func(t *testing.T, dir string) {
			encodeAlt(t, dir, "principles.arrow", table(t, dir, schema.Frameworks))
		}, "DIR/principles.arrow: 10 columns, the CSV has 6"},
		{"copy column types", func(t *testing.T, dir string) {
			d := table(t, dir, schema.Principles)
			tab := *d.Table
			tab.Fields = append([]schema.Field(nil), tab.Fields...)
			tab.Fields[0].Type = schema.String
			d.Table = &tab
			encodeAlt(t, dir, "principles.arrow", d)
		}, "DIR/principles.arrow: column 1 is id utf8, want id int64"},
		{"copy row count", func(t *testing.T, dir string) {
			d := table(t, dir, schema.Principles)
			d.Rows = d.Rows[:8]
			encodeAlt(t, dir, "principles.arrow", d)
		}, "DIR/principles.arrow: 8 rows, the CSV has 9"},
		{"copy cells", func(t *testing.T, dir string) {
			d := table(t, dir, schema.Principles)
			d.Rows[3][2] = "Something else"
			encodeAlt(t, dir, "principles.arrow", d)
		}, "DIR/principles.arrow: row 4 differs from the CSV"},
		{"every resource present", func(t *testing.T, dir string) {
			descriptor(t, dir, func(pkg map[string]any) {
				rs := resources(pkg)
				pkg["resources"] = rs[1:] // principles is first
			})
		}, "DIR/datapackage.json: no resource principles"},
		{"geometry present", func(t *testing.T, dir string) {
			descriptor(t, dir, func(pkg map[string]any) {
				rs := resources(pkg)
				pkg["resources"] = rs[:len(rs)-1] // the geometry is last
			})
		}, "DIR/datapackage.json: no resource world_geometry (run geo, then build)"},
		{"foreign keys", func(t *testing.T, dir string) {
			editRows(t, dir, schema.SupporterFiles, func(d *schema.Data) { d.Rows[0][0] = "nobody" })
		}, "DIR/supporter_files.csv:2: field supporter_id: nobody not found in supporters.supporter_id"},
		{"nine principles", func(t *testing.T, dir string) {
			editRows(t, dir, schema.Principles, func(d *schema.Data) { d.Rows = d.Rows[:8] })
		}, "DIR/principles.csv: principle 9 is missing"},
		{"every coverage cell", func(t *testing.T, dir string) {
			editRows(t, dir, schema.Coverage, func(d *schema.Data) { d.Rows = d.Rows[:53] })
		}, "DIR/coverage.csv: 53 cells, want every framework × principle (54)"},
		{"covered agrees with mark", func(t *testing.T, dir string) {
			editRows(t, dir, schema.Coverage, func(d *schema.Data) {
				i := d.Table.Index("covered")
				d.Rows[0][i] = map[string]string{"true": "false", "false": "true"}[d.Rows[0][i]]
			})
		}, "DIR/coverage.csv:2: covered and mark disagree"},
		{"file removed after it was added", func(t *testing.T, dir string) {
			editRows(t, dir, schema.SupporterFiles, func(d *schema.Data) {
				setWhere(t, d, func(get func(string) string) bool { return get("removed_on") != "" }, "removed_on", "2019-01-01")
			})
		}, "removed_on 2019-01-01 is before added_on"},
		{"state has a country", func(t *testing.T, dir string) {
			editRows(t, dir, schema.Supporters, func(d *schema.Data) { setWhere(t, d, state, "country", "") })
		}, "has no ISO country code"},
		{"eu_member for states only", func(t *testing.T, dir string) {
			editRows(t, dir, schema.Supporters, func(d *schema.Data) {
				setWhere(t, d, func(get func(string) string) bool { return get("category") != "state" }, "eu_member", "false")
			})
		}, "eu_member must be set for states and only for them"},
		{"supporter removed after first seen", func(t *testing.T, dir string) {
			editRows(t, dir, schema.Supporters, func(d *schema.Data) {
				setWhere(t, d, func(get func(string) string) bool { return get("removed_on") != "" }, "removed_on", "2019-01-01")
			})
		}, "removed_on 2019-01-01 is before first_seen"},
		{"in_first_commit", func(t *testing.T, dir string) {
			editRows(t, dir, schema.Supporters, func(d *schema.Data) {
				setWhere(t, d, func(get func(string) string) bool { return get("in_first_commit") == "false" }, "in_first_commit", "true")
			})
		}, "in_first_commit disagrees with first_seen 2019-11-10 (history starts 2019-09-16)"},
		{"files counted", func(t *testing.T, dir string) {
			editRows(t, dir, schema.Supporters, func(d *schema.Data) { setWhere(t, d, state, "files", "9") })
		}, "files = 9, but supporter_files has"},
		{"country agrees with its method", func(t *testing.T, dir string) {
			editRows(t, dir, schema.Supporters, func(d *schema.Data) {
				setWhere(t, d, func(get func(string) string) bool { return get("country_method") == "iso" }, "country_method", "unresolved")
			})
		}, `disagrees with country_method unresolved`},
		{"every state has a shape", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "geo/countries.geojson")
			var fc struct {
				Type     string            `json:"type"`
				Features []json.RawMessage `json:"features"`
			}
			b, _ := os.ReadFile(p)
			if err := json.Unmarshal(b, &fc); err != nil {
				t.Fatal(err)
			}
			var keep []json.RawMessage
			for _, f := range fc.Features {
				if !bytes.Contains(f, []byte(`"id":"250"`)) {
					keep = append(keep, f)
				}
			}
			if len(keep) == len(fc.Features) {
				t.Fatal("no shape of France to remove")
			}
			fc.Features = keep
			b, _ = json.Marshal(fc)
			write(t, dir, "geo/countries.geojson", b, -1)
		}, "state France (M49 250) has no shape in geo/countries.geojson"},
	}
	clean := testenv.CopyDatasets(t, nil)
	if rep, err := Run(clean); err != nil || !rep.OK() {
		t.Fatalf("the committed datasets do not validate: %v %v", err, rep.Violations)
	}
	for _, tt := range tests {
		t.Run(tt.check, func(t *testing.T) {
			dir := testenv.CopyDatasets(t, nil)
			tt.tamper(t, dir)
			rep, err := Run(dir)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			for _, v := range rep.Violations {
				if strings.Contains(v, want) {
					return
				}
			}
			t.Errorf("no violation %q among:\n%s", want, strings.Join(rep.Violations, "\n"))
		})
	}
}
