package countries

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDeriveCLDR(t *testing.T) {
	got, err := DeriveCLDR(filepath.Join("testdata", "cldr"))
	if err != nil {
		t.Fatal(err)
	}
	// Short and variant names (-alt-) are not taken.
	want := "code,name_en,name_fr,name_id,cldr_version\n150,Europe,Europe,Eropa,48.2.0\nEU,European Union,Union européenne,Uni Eropa,48.2.0\n" +
		"MK,North Macedonia,Macédoine du Nord,Makedonia Utara,48.2.0\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, err := DeriveCLDR(t.TempDir()); err == nil || !strings.Contains(err.Error(), "package.json") {
		t.Errorf("no packages: err = %v", err)
	}
}

// The committed reference file is what the pinned packages give, when they
// are installed (.ci/cldr: npm ci).
func TestCommittedCLDRMatchesPackages(t *testing.T) {
	modules := filepath.Join("..", "..", ".ci", "cldr", "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "cldr-core")); err != nil {
		t.Skip("CLDR packages not installed (npm ci in .ci/cldr)")
	}
	got, err := DeriveCLDR(modules)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "datasets", "reference", "cldr_territories.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("datasets/reference/cldr_territories.csv differs from the installed CLDR packages: run cybernorms cldr")
	}
}
