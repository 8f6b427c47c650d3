package build

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

type descriptorLicences struct {
	Licenses  []struct{ Name, Path string }
	Resources []struct {
		Name     string
		Sources  []struct{ Title, Path string }
		Licenses []struct{ Name, Path string }
	}
}

// wantLicence is the rule, written out apart from the code that applies it:
// a resource that takes anything from the Paris Call site's repository is
// under its licence, the EUPL v1.2 (CC BY 4.0 is not in the EUPL's list of
// compatible licences); one from the Unicode CLDR alone under the Unicode
// License; Natural Earth's geometry in the public domain; the rest, the
// chapter's transcriptions and the project's work, under CC BY 4.0.
func wantLicence(sources []struct{ Title, Path string }) string {
	upstream, cldr, ne := false, len(sources) > 0, false
	for _, s := range sources {
		upstream = upstream || s.Path == vocab.UpstreamURL
		cldr = cldr && (strings.Contains(s.Path, "unicode-org") || strings.Contains(s.Path, "golang.org/x/text"))
		ne = ne || strings.Contains(s.Path, "naturalearthdata.com")
	}
	switch {
	case upstream:
		return "EUPL-1.2"
	case cldr:
		return "Unicode-3.0"
	case ne:
		return "public-domain"
	}
	return "CC-BY-4.0"
}

func licenceProblems(d descriptorLicences) []string {
	var out []string
	for _, r := range d.Resources {
		var names []string
		for _, l := range r.Licenses {
			names = append(names, l.Name)
		}
		if want := wantLicence(r.Sources); !slices.Equal(names, []string{want}) {
			out = append(out, r.Name+": "+strings.Join(names, ",")+", want "+want)
		}
	}
	var pkg []string
	for _, l := range d.Licenses {
		pkg = append(pkg, l.Name)
	}
	if !slices.Equal(pkg, []string{"CC-BY-4.0", "EUPL-1.2"}) {
		out = append(out, "package: "+strings.Join(pkg, ","))
	}
	return out
}

// Each resource of the committed descriptor carries the licence its sources
// call for, and the EUPL's text ships beside the resources under it, as the
// upstream has it.
func TestDescriptorLicencesFollowSources(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "datasets", DescriptorFile))
	if err != nil {
		t.Fatal(err)
	}
	var d descriptorLicences
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	eupl := 0
	for _, r := range d.Resources {
		if wantLicence(r.Sources) == "EUPL-1.2" {
			eupl++
		}
	}
	if eupl == 0 {
		t.Fatal("no resource derives from the upstream repository: the rule is not exercised")
	}
	for _, p := range licenceProblems(d) {
		t.Error(p)
	}
	// The guard itself: an upstream-derived resource labelled CC BY 4.0 is reported.
	for i, r := range d.Resources {
		if wantLicence(r.Sources) == "EUPL-1.2" {
			bad := d
			bad.Resources = slices.Clone(d.Resources)
			bad.Resources[i].Licenses = []struct{ Name, Path string }{{Name: "CC-BY-4.0"}}
			if p := licenceProblems(bad); len(p) != 1 || !strings.HasPrefix(p[0], r.Name+": CC-BY-4.0") {
				t.Errorf("%s relabelled CC BY 4.0: problems %q", r.Name, p)
			}
			break
		}
	}
	shipped, err := os.ReadFile(filepath.Join(root, "datasets", "LICENSE-EUPL-1.2.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(shipped, []byte("EUROPEAN UNION PUBLIC LICENCE v. 1.2")) {
		t.Errorf("datasets/LICENSE-EUPL-1.2.txt does not open with the licence's title")
	}
	upstream, err := os.ReadFile(filepath.Join(testenv.Shared(t), "upstream", "LICENSE-EUPL-1.2.txt"))
	if err != nil {
		testenv.Missing(t, "upstream licence text: %v", err)
	}
	if !bytes.Equal(shipped, upstream) {
		t.Error("datasets/LICENSE-EUPL-1.2.txt differs from the upstream's licence text")
	}
}
