package datasets

import "testing"

// BenchmarkOpen reads and verifies every file of the committed datasets and
// parses the derived tables, as every command that reads them does.
func BenchmarkOpen(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Open("."); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRows decodes every table a figure or the report reads as rows.
func BenchmarkRows(b *testing.B) {
	s, err := Open(".")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.Supporters()
		s.SupporterFiles()
		s.Published()
		s.Countries()
		s.Timeline()
		s.Claims()
	}
}
