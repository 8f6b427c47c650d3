package schema

import (
	"bytes"
	"encoding/json"
)

// License is a Frictionless licence entry.
type License struct {
	Name  string `json:"name,omitempty"`
	Path  string `json:"path,omitempty"`
	Title string `json:"title,omitempty"`
}

// File is one encoding of a resource, with its checksum.
type File struct {
	Path      string `json:"path"`
	Format    string `json:"format"`
	Mediatype string `json:"mediatype"`
	Bytes     int    `json:"bytes"`
	Hash      string `json:"hash"`
}

type constraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Enum     []string `json:"enum,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Minimum  *int64   `json:"minimum,omitempty"`
	Maximum  *int64   `json:"maximum,omitempty"`
}

type field struct {
	Name        string       `json:"name"`
	Type        Type         `json:"type"`
	Format      string       `json:"format,omitempty"`
	Description string       `json:"description"`
	Constraints *constraints `json:"constraints,omitempty"`
}

type foreignKey struct {
	Fields    []string `json:"fields"`
	Reference struct {
		Resource string   `json:"resource"`
		Fields   []string `json:"fields"`
	} `json:"reference"`
}

type tableSchema struct {
	Fields        []field      `json:"fields"`
	PrimaryKey    []string     `json:"primaryKey,omitempty"`
	ForeignKeys   []foreignKey `json:"foreignKeys,omitempty"`
	MissingValues []string     `json:"missingValues"`
}

// Resource is one table of the data package.
type Resource struct {
	Name        string       `json:"name"`
	Path        string       `json:"path"`
	Profile     string       `json:"profile"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Format      string       `json:"format"`
	Mediatype   string       `json:"mediatype"`
	Encoding    string       `json:"encoding"`
	Bytes       int          `json:"bytes"`
	Hash        string       `json:"hash"`
	Rows        *int         `json:"x-rows,omitempty"`
	Dialect     *Dialect     `json:"dialect,omitempty"`
	Schema      *tableSchema `json:"schema,omitempty"`
	Sources     []Source     `json:"sources,omitempty"`
	Licenses    []License    `json:"licenses,omitempty"`
	// Alternates are the same table as Arrow IPC and Parquet (a project
	// extension: Frictionless v1 gives a resource one format).
	Alternates []File `json:"x-alternates,omitempty"`
}

// Dialect is a CSV dialect (Frictionless CSV Dialect v1.2). It is stated,
// not left to the reader, because readers that sniff the dialect guess wrong
// on quoted text holding commas and semicolons.
type Dialect struct {
	Delimiter   string `json:"delimiter"`
	DoubleQuote bool   `json:"doubleQuote"`
	Header      bool   `json:"header"`
}

// Package profiles: a package holding a non-tabular resource (the map
// geometry) is a data-package; its tables are tabular-data-resources.
const (
	PackageProfile        = "data-package"
	TabularProfile        = "tabular-data-resource"
	FileResourceProfile   = "data-resource"
	DateTimeFormatOffsets = "any" // v1's default datetime format is UTC only ("…Z"); the snapshot keeps each commit's offset
)

// Upstream records where and when the supporter history was read.
type Upstream struct {
	Repository string `json:"repository"`
	Commit     string `json:"commit"`      // the commit the history was read at (the default branch's head)
	CommitDate string `json:"commit_date"` // its committer date
	ReadOn     string `json:"read_on"`     // the day refresh read it
	// PublicRepository and PublicCommit name the commit where a reader can
	// find it: Commit itself when the history was read from the public
	// repository; its counterpart there when it was read from a copy whose
	// commit IDs differ (a copy with rewritten author identities).
	PublicRepository string `json:"public_repository,omitempty"`
	PublicCommit     string `json:"public_commit,omitempty"`
}

// Tool is a program or library that built the published files, and its version.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Role    string `json:"role"`
}

// Package is datapackage.json.
type Package struct {
	Profile     string     `json:"profile"`
	Name        string     `json:"name"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Version     string     `json:"version"`
	Homepage    string     `json:"homepage,omitempty"`
	Keywords    []string   `json:"keywords"`
	Licenses    []License  `json:"licenses"`
	Sources     []Source   `json:"sources"`
	Resources   []Resource `json:"resources"`
	// Upstream and Tools are the package's provenance (project extensions).
	Upstream *Upstream `json:"x-upstream,omitempty"`
	Tools    []Tool    `json:"x-tools,omitempty"`
}

// NewResource describes table t, stored as csv (and alternates), rows long.
func NewResource(t *Table, csv File, rows int, alternates []File, licenses []License) Resource {
	r := Resource{
		Name: t.Name, Path: csv.Path, Profile: TabularProfile, Title: t.Title, Description: t.Description,
		Format: "csv", Mediatype: "text/csv", Encoding: "utf-8", Bytes: csv.Bytes, Hash: csv.Hash, Rows: &rows,
		Sources: t.Sources, Licenses: licenses, Alternates: alternates, Schema: &tableSchema{},
		Dialect: &Dialect{Delimiter: ",", DoubleQuote: true, Header: true},
	}
	r.Schema.PrimaryKey = t.PrimaryKey
	r.Schema.MissingValues = []string{""}
	for _, f := range t.Fields {
		jf := field{Name: f.Name, Type: f.Type, Description: f.Description}
		switch f.Type {
		case Date:
			jf.Format = "default"
		case DateTime:
			jf.Format = DateTimeFormatOffsets
		}
		c := constraints{Required: f.Required, Unique: f.Unique, Enum: f.Enum, Pattern: f.Pattern, Minimum: f.Minimum, Maximum: f.Maximum}
		if c.Required || c.Unique || len(c.Enum) > 0 || c.Pattern != "" || c.Minimum != nil || c.Maximum != nil {
			jf.Constraints = &c
		}
		r.Schema.Fields = append(r.Schema.Fields, jf)
	}
	for _, fk := range t.ForeignKeys {
		var j foreignKey
		j.Fields = fk.Fields
		j.Reference.Resource = fk.Resource
		j.Reference.Fields = fk.RefFields
		r.Schema.ForeignKeys = append(r.Schema.ForeignKeys, j)
	}
	return r
}

// NewFileResource describes a non-tabular file.
func NewFileResource(name, title, description string, f File, sources []Source, licenses []License) Resource {
	return Resource{Name: name, Path: f.Path, Profile: FileResourceProfile, Title: title, Description: description,
		Format: f.Format, Mediatype: f.Mediatype, Encoding: "utf-8", Bytes: f.Bytes, Hash: f.Hash, Sources: sources, Licenses: licenses}
}

// Encode returns the descriptor as indented JSON with a final newline.
func (p Package) Encode() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
