package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/confined"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// Inputs is everything build reads.
type Inputs struct {
	Dir           string
	Curated       map[string]schema.Data // by table name
	History       []snapshot.Change
	UpstreamCodes schema.Data
	Version       string
	Upstream      *schema.Upstream  // where and when the history was read, if recorded
	raw           map[string][]byte // input files published as they are
}

var curatedTables = []*schema.Table{
	schema.CuratedPrinciples, schema.CuratedFrameworks, schema.CuratedCoverage, schema.CuratedCyberPower,
	schema.CuratedTimeline, schema.CuratedNamedCountries, schema.CuratedClaims,
	schema.NationalityCrosswalk, schema.CategoryCrosswalk, schema.SupporterLinks,
	schema.Evidence, schema.NotCheckable, schema.DuplicateReview, schema.CLDRTerritories,
}

// File returns the path of a table's CSV below dir, for reading and messages.
func File(dir string, t *schema.Table) string { return filepath.Join(dir, filepath.FromSlash(t.CSV())) }

// LoadInputs reads and checks every input file.
func LoadInputs(dir string) (*Inputs, error) { return LoadInputsWith(dir, nil) }

// LoadInputsWith is LoadInputs with some files, by path relative to dir,
// taken from overlay instead of the disk: refresh builds from the snapshot it
// has just read before writing anything.
func LoadInputsWith(dir string, overlay map[string][]byte) (*Inputs, error) {
	in := &Inputs{Dir: dir, Curated: map[string]schema.Data{}, raw: map[string][]byte{}}
	readFile := func(rel string) ([]byte, error) {
		if b, ok := overlay[rel]; ok {
			return b, nil
		}
		// Read by the rules of every reader of the datasets.
		return datasets.Root(dir).ReadFile(rel)
	}
	read := func(t *schema.Table) (schema.Data, error) {
		p := File(dir, t)
		b, err := readFile(t.CSV())
		if err != nil {
			return schema.Data{}, fmt.Errorf("%s: %w", p, unwrapPathError(err))
		}
		in.raw[t.CSV()] = b
		return schema.ReadCSV(strings.NewReader(string(b)), p, t)
	}
	for _, t := range curatedTables {
		d, err := read(t)
		if err != nil {
			return nil, err
		}
		in.Curated[t.Name] = d
	}
	codes, err := read(schema.UpstreamCountryCodes)
	if err != nil {
		return nil, err
	}
	in.UpstreamCodes = codes
	p := File(dir, schema.SupporterChanges)
	b, err := readFile(schema.SupporterChanges.CSV())
	if err != nil {
		return nil, fmt.Errorf("%s: %w (run refresh first)", p, unwrapPathError(err))
	}
	in.raw[schema.SupporterChanges.CSV()] = b
	if in.History, err = snapshot.Read(strings.NewReader(string(b)), p); err != nil {
		return nil, err
	}
	cl, err := readFile(ChangelogFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ChangelogFile), unwrapPathError(err))
	}
	if in.Version, err = ParseVersion(cl, filepath.Join(dir, ChangelogFile)); err != nil {
		return nil, err
	}
	if in.Upstream, err = loadUpstream(readFile, filepath.Join(dir, UpstreamFile)); err != nil {
		return nil, err
	}
	// The map geometry is an input of the charts, not of any table; build
	// only describes it in datapackage.json.
	if g, err := readFile(schema.GeometryPath); err == nil {
		in.raw[schema.GeometryPath] = g
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return in, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	if ce, ok := err.(*confined.Error); ok {
		return ce.Err
	}
	return err
}

var versionRE = regexp.MustCompile(`(?m)^## (\d+\.\d+\.\d+)\b`)

// ParseVersion returns the newest version in a changelog read from path.
func ParseVersion(changelog []byte, path string) (string, error) {
	m := versionRE.FindSubmatch(changelog)
	if m == nil {
		return "", fmt.Errorf("%s: no \"## X.Y.Z\" release heading", path)
	}
	return string(m[1]), nil
}

// Resolver builds the nationality resolver from the inputs.
func (in *Inputs) Resolver() (*countries.Resolver, error) {
	return countries.ResolverFromTables(in.Curated[schema.NationalityCrosswalk.Name], in.UpstreamCodes, File(in.Dir, schema.NationalityCrosswalk))
}
