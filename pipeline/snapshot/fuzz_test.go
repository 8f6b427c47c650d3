package snapshot

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzRead: any bytes give changes or a located error, never a panic; what
// is read writes back to a file that reads the same.
func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("..", "..", "datasets", "snapshot", "supporter_changes.csv")); err == nil {
		lines := strings.SplitAfter(string(b), "\n")
		f.Add([]byte(strings.Join(lines[:min(40, len(lines))], "")))
	}
	f.Add([]byte(strings.Join(Header, ",") + "\n0,2024-02-01T10:00:00+99:59,added,_supporters/a.md,,A,state,,,,,,,,name category,,,s\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		cs, err := Read(bytes.NewReader(b), "fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		out, err := Encode(cs)
		if err != nil {
			return // a value Encode refuses to write
		}
		again, err := Read(bytes.NewReader(out), "again.csv")
		if err != nil {
			t.Fatalf("written snapshot does not read back: %v\n%s", err, out)
		}
		for i := range cs {
			cs[i].Line, again[i].Line = 0, 0
		}
		if len(cs) != len(again) || (len(cs) > 0 && !reflect.DeepEqual(cs[0].Fields, again[0].Fields)) {
			t.Fatalf("round trip changed the rows")
		}
	})
}
