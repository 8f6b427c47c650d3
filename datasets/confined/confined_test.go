package confined

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(outside, []byte("secret"), 0o644)
	os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("ok"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "in.txt"), []byte("in"), 0o644)
	os.WriteFile(filepath.Join(dir, "big"), make([]byte, 101), 0o644)
	os.Symlink(outside, filepath.Join(dir, "link"))
	os.Symlink("ok.txt", filepath.Join(dir, "inner-link"))
	os.Symlink(filepath.Dir(outside), filepath.Join(dir, "linkdir"))
	os.Symlink("/dev/zero", filepath.Join(dir, "zero"))
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := Root{Dir: dir, Max: 100}
	tests := []struct{ rel, want string }{
		{"ok.txt", ""},
		{"sub/in.txt", ""},
		{"../secret", "leaves the directory"},
		{outside, "leaves the directory"},
		{"", "leaves the directory"},
		{`sub\in.txt`, "leaves the directory"},
		{"link", "link: is a symbolic link; files are read only from regular files"},
		{"inner-link", "inner-link: is a symbolic link"},
		{"linkdir/secret", "linkdir: is a symbolic link"},
		{"zero", "zero: is a symbolic link"},
		{"fifo", "fifo: not a regular file (p---------)"},
		{"sub", "sub: not a regular file (d---------)"},
		{"ok.txt/x", "ok.txt: not a directory"},
		{"big", "big: 101 bytes, over the 100-byte limit for a file"},
		{"missing", "missing: no such file or directory"},
	}
	for _, tt := range tests {
		b, err := r.ReadFile(tt.rel)
		var h bytes.Buffer
		n, derr := r.Digest(tt.rel, &h)
		if (err == nil) != (derr == nil) || err != nil && err.Error() != derr.Error() || n != int64(len(b)) || !bytes.Equal(h.Bytes(), b) {
			t.Errorf("%q: Digest reads %d bytes, %v; ReadFile %d, %v", tt.rel, n, derr, len(b), err)
		}
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.rel, err)
		case tt.want == "" && len(b) == 0:
			t.Errorf("%q: read nothing", tt.rel)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: error %v, want %q", tt.rel, err, tt.want)
		}
	}
	if _, err := File(filepath.Join(dir, "fifo"), 100); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("File of a FIFO: %v", err)
	}
	if _, err := File("/dev/zero", 100); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("File of /dev/zero: %v", err)
	}
	es, err := r.List()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Rel+" "+e.Kind())
	}
	want := "big regular file,fifo named pipe,inner-link symbolic link,link symbolic link,linkdir symbolic link,ok.txt regular file,sub/in.txt regular file,zero symbolic link"
	if strings.Join(got, ",") != want {
		t.Errorf("List:\n%s\nwant\n%s", strings.Join(got, ","), want)
	}
}
