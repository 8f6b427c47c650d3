package upstream

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// packOf builds a pack stream of objects, each a type, a declared size and
// the bytes its zlib stream inflates to.
func packOf(objs ...struct {
	typ  byte
	size int64
	body []byte
}) []byte {
	var b bytes.Buffer
	b.WriteString("PACK")
	binary.Write(&b, binary.BigEndian, uint32(2))
	binary.Write(&b, binary.BigEndian, uint32(len(objs)))
	for _, o := range objs {
		c := o.typ<<4 | byte(o.size&15)
		n := o.size >> 4
		for n > 0 {
			b.WriteByte(c | 0x80)
			c, n = byte(n&0x7f), n>>7
		}
		b.WriteByte(c)
		if o.typ == 7 {
			b.Write(make([]byte, 20))
		}
		zw := zlib.NewWriter(&b)
		zw.Write(o.body)
		zw.Close()
	}
	b.Write(make([]byte, 20))
	return b.Bytes()
}

type obj = struct {
	typ  byte
	size int64
	body []byte
}

func TestCheckPack(t *testing.T) {
	// A delta's header: the base's size, then the result's, base-128.
	huge := []byte{0x05, 0x80, 0x80, 0x80, 0x80, 0x40, 0x90, 0xff}
	tests := []struct {
		name string
		pack []byte
		want error // nil, or what errors.Is finds
		msg  string
	}{
		{"well formed", packOf(obj{3, 5, []byte("hello")}, obj{1, 0, nil}), nil, ""},
		{"object over the bound", packOf(obj{3, MaxObjectSize + 1, []byte("x")}), ErrObjectTooLarge, "is 33554433 bytes"},
		{"inflates past its size", packOf(obj{3, 5, []byte("hello world")}), ErrBadPack, "inflates to more or fewer bytes than its header's 5"},
		{"inflates short of its size", packOf(obj{3, 50, []byte("hello")}), ErrBadPack, "inflates to more or fewer bytes"},
		{"delta to a huge object", packOf(obj{7, int64(len(huge)), huge}), ErrObjectTooLarge, "(a delta) makes an object of 17179869184 bytes"},
		{"not a pack", []byte("HTTP/1.1 200 OK\r\n"), ErrBadPack, "no PACK signature"},
		{"truncated", packOf(obj{3, 5, []byte("hello")})[:20], ErrBadPack, ""},
		{"unknown type", packOf(obj{5, 1, []byte("x")}), ErrBadPack, "unknown type 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPack(bufio.NewReader(bytes.NewReader(tt.pack)))
			if tt.want == nil && err != nil || tt.want != nil && (!errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg)) {
				t.Errorf("CheckPack: %v; want %v containing %q", err, tt.want, tt.msg)
			}
		})
	}
}

// The real upstream's packs pass whole.
func TestCheckPackOfTheUpstream(t *testing.T) {
	packs, _ := filepath.Glob(filepath.Join(testenv.Upstream(t), "objects", "pack", "*.pack"))
	if len(packs) == 0 {
		t.Skip("the upstream holds no pack")
	}
	for _, p := range packs {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckPack(bufio.NewReader(f)); err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
		f.Close()
	}
}
