package sidecar

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// TestCLDRNoticeTravelsWithTheData: the Unicode licence notice the CLDR
// packages ship is in the repository beside the data derived from them, and
// names the versions .ci/cldr pins.
func TestCLDRNoticeTravelsWithTheData(t *testing.T) {
	root := testenv.Root(t)
	notice, err := os.ReadFile(filepath.Join(root, "datasets", "reference", "LICENSE-Unicode-CLDR.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct{ Dependencies map[string]string }
	b, err := os.ReadFile(filepath.Join(root, ".ci", "cldr", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"cldr-core", "cldr-localenames-full"} {
		v := strings.TrimLeft(pkg.Dependencies[name], "^~=")
		if v == "" || !strings.Contains(string(notice), name+" "+v) {
			t.Errorf("the notice does not name %s %s, the version .ci/cldr pins", name, v)
		}
	}
	for _, want := range []string{"UNICODE LICENSE V3", "COPYRIGHT AND PERMISSION NOTICE", "Copyright © 2004-2026 Unicode, Inc.", "SPDX-License-Identifier: Unicode-3.0"} {
		if !strings.Contains(string(notice), want) {
			t.Errorf("the notice lacks %q", want)
		}
	}
}
