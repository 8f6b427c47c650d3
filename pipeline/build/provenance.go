package build

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

// UpstreamFile records the commit and the day the snapshot was read at. refresh
// writes it with the snapshot; build copies it into datapackage.json.
const UpstreamFile = "snapshot/upstream.json"

// Tools are what encodes the published files, at the versions go.mod pins
// (TestToolsMatchGoMod keeps the two in step). They are constants rather than
// the running binary's build information so that the same inputs give the
// same datapackage.json under any build of the command, tests included.
var Tools = []schema.Tool{
	{Name: "go", Version: "1.26.8", Role: "the minimum Go release (go.mod) the files are built with"},
	{Name: "github.com/google/flatbuffers", Version: "v25.12.19+incompatible", Role: "builds the Arrow IPC metadata; the Arrow writer is the project's own (pipeline/arrowcodec), its files byte for byte those of arrow-go v18.8.0, which the tests compare"},
	{Name: "github.com/klauspost/compress", Version: "v1.19.2", Role: "compresses the Parquet pages (zstd); the Parquet writer is the project's own (pipeline/parquet), read back by arrow-go v18.8.0 and DuckDB in the tests"},
	{Name: "github.com/go-git/go-git/v5", Version: "v5.19.3", Role: "reads the upstream history (refresh)"},
	{Name: "golang.org/x/text", Version: "v0.43.0", Role: "ISO 3166-1 codes and M49 numbers (its CLDR 32; names and regions come from reference/cldr_territories)"},
	{Name: "go.yaml.in/yaml/v3", Version: "v3.0.5", Role: "parses the supporter files' front matter (refresh)"},
}

var (
	commitRE = regexp.MustCompile(`^[0-9a-f]{40}$`)
	dayRE    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// EncodeUpstream returns the upstream record as written to UpstreamFile.
func EncodeUpstream(u schema.Upstream) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(u)
	return b.Bytes(), err
}

// DecodeUpstream reads and checks an upstream record read from path.
func DecodeUpstream(b []byte, path string) (*schema.Upstream, error) {
	var u schema.Upstream
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&u); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case u.Repository == "":
		return nil, fmt.Errorf("%s: field repository: empty", path)
	case !commitRE.MatchString(u.Commit):
		return nil, fmt.Errorf("%s: field commit: %q is not a 40-digit hexadecimal commit ID", path, u.Commit)
	case !dayRE.MatchString(u.ReadOn):
		return nil, fmt.Errorf("%s: field read_on: %q is not a date (YYYY-MM-DD)", path, u.ReadOn)
	case u.PublicCommit != "" && !commitRE.MatchString(u.PublicCommit):
		return nil, fmt.Errorf("%s: field public_commit: %q is not a 40-digit hexadecimal commit ID", path, u.PublicCommit)
	case (u.PublicCommit == "") != (u.PublicRepository == ""):
		return nil, fmt.Errorf("%s: fields public_repository and public_commit: one without the other", path)
	}
	return &u, nil
}

// loadUpstream reads the upstream record if there is one: a datasets
// directory made before it existed builds without it.
func loadUpstream(readFile func(string) ([]byte, error), path string) (*schema.Upstream, error) {
	b, err := readFile(UpstreamFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return DecodeUpstream(b, path)
}

// provenance completes the package's description of how it was made.
func provenance(pkg *schema.Package, in *Inputs) {
	pkg.Upstream = in.Upstream
	pkg.Tools = Tools
}
