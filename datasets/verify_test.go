package datasets

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// copyHere copies this directory's data files (not the Go sources) to a
// temporary directory.
func copyHere(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Join(dst, filepath.Dir(p)), 0o755)
		return os.WriteFile(filepath.Join(dst, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func replaceIn(t *testing.T, p, old, new string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil || !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s: %v or no %q", p, err, old)
	}
	os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
}

// Open refuses any file that is not the one datapackage.json describes, in
// one line naming the file and the command that fixes it.
func TestOpenVerifies(t *testing.T) {
	tests := []struct {
		name, file, old, new string
		want                 string // DIR for the directory; the message up to the checksums, then its end
		wantEnd              string
	}{
		{"one cell of a derived table", "supporters.csv", ",Tuya Inc.,", ",Tuya Incorporated,",
			"DIR/supporters.csv: content differs from datapackage.json (", `): edited or half-written; run "cybernorms build" to write it again`},
		{"an Arrow copy", "claims.arrow", "claims", "clains",
			"DIR/claims.arrow: content differs from datapackage.json (", `): edited or half-written; run "cybernorms build" to write it again`},
		{"the snapshot", "snapshot/supporter_changes.csv", ",Tuya Inc.,", ",Tuya,",
			"DIR/snapshot/supporter_changes.csv: content differs from datapackage.json (", `run "cybernorms refresh" to restore it (or "cybernorms build" if the edit is meant)`},
		{"the geometry", "geo/countries.geojson", `"type"`, `"type" `,
			"DIR/geo/countries.geojson: content differs from datapackage.json (", `run "cybernorms geo --from FILE" to derive it again (or "cybernorms build" if the edit is meant)`},
		{"a checksum in the descriptor", "datapackage.json", `"hash": "sha256:`, `"hash": "sha256:0`,
			"DIR/principles.csv: content differs from datapackage.json (", `): edited or half-written; run "cybernorms build" to write it again`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyHere(t)
			replaceIn(t, filepath.Join(dir, tt.file), tt.old, tt.new)
			_, err := Open(dir)
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), tt.wantEnd) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Open: %v\nwant %s…%s", err, want, tt.wantEnd)
			}
		})
	}
	t.Run("an interrupted write", func(t *testing.T) {
		dir := copyHere(t)
		os.WriteFile(filepath.Join(dir, journalFile), []byte("[]"), 0o644)
		if _, err := Open(dir); err == nil || err.Error() != "datasets "+dir+`: a write was interrupted and its files are mixed (.atomicfs-journal.json is left): run "cybernorms build" to roll it back` {
			t.Errorf("Open: %v", err)
		}
	})
	t.Run("untouched", func(t *testing.T) {
		dir := copyHere(t)
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		// What a report prints as provenance is the descriptor the bytes
		// read were checked against.
		b, _ := os.ReadFile(filepath.Join(dir, "datapackage.json"))
		if !bytes.Equal(s.Descriptor, b) {
			t.Error("Set.Descriptor is not the datapackage.json read")
		}
	})
}

// ReadResource reads only regular files inside the directory, and only so
// much of them.
func TestReadResourceConfined(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.csv")
	os.WriteFile(outside, []byte("secret"), 0o644)
	os.WriteFile(filepath.Join(dir, "ok.csv"), []byte("a\n"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.Symlink(outside, filepath.Join(dir, "link.csv"))
	os.Symlink(filepath.Dir(outside), filepath.Join(dir, "linkdir"))
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.csv"))
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	big, _ := os.Create(filepath.Join(dir, "big.csv"))
	big.Truncate(MaxFileSize + 1)
	big.Close()
	tests := []struct{ rel, want string }{
		{"../secret.csv", `DIR/datapackage.json: resource path "../secret.csv" leaves the datasets directory`},
		{"sub/../../secret.csv", `DIR/datapackage.json: resource path "sub/../../secret.csv" leaves the datasets directory`},
		{outside, `DIR/datapackage.json: resource path "` + outside + `" leaves the datasets directory`},
		{"", `DIR/datapackage.json: resource path "" leaves the datasets directory`},
		{"link.csv", "DIR/link.csv: is a symbolic link; datasets are read only from regular files"},
		{"linkdir/secret.csv", "DIR/linkdir: is a symbolic link; datasets are read only from regular files"},
		{"zero.csv", "DIR/zero.csv: is a symbolic link; datasets are read only from regular files"},
		{"fifo.csv", "DIR/fifo.csv: not a regular file (p---------)"},
		{"sub", "DIR/sub: not a regular file (d---------)"},
		{"ok.csv/x", "DIR/ok.csv: not a directory"},
		{"big.csv", "DIR/big.csv: 67108865 bytes, over the 67108864-byte limit for a dataset file"},
		{"missing.csv", "DIR/missing.csv: no such file or directory"},
	}
	for _, tt := range tests {
		_, err := ReadResource(dir, tt.rel)
		if want := strings.ReplaceAll(tt.want, "DIR", dir); err == nil || err.Error() != want {
			t.Errorf("ReadResource(%q) = %v, want %s", tt.rel, err, want)
		}
	}
	if b, err := ReadResource(dir, "ok.csv"); err != nil || string(b) != "a\n" {
		t.Errorf("ok.csv: %q, %v", b, err)
	}
}

// Files are checked largest first on every core, but the error is the one
// of the first wrong file in the descriptor's order.
func TestOpenNamesTheFirstWrongFile(t *testing.T) {
	dir := copyHere(t)
	replaceIn(t, filepath.Join(dir, "snapshot", "supporter_changes.csv"), ",Tuya Inc.,", ",Tuya,")
	replaceIn(t, filepath.Join(dir, "principles.csv"), "1,", "0,")
	_, err := Open(dir)
	if want := filepath.Join(dir, "principles.csv") + ": content differs"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Open: %v, want %s…", err, want)
	}
}
