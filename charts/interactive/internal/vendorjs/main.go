// Command vendorjs copies the pinned Vega, Vega-Lite and vega-embed builds,
// and the licences of every package in their installed tree, from
// js/node_modules (made by `npm ci --prefix js`) into js/, and writes their
// checksums to js/SHA256SUMS. The interactive map embeds what it copies, so a
// build needs neither npm nor the network; `go generate` reruns it after the
// lockfile changes.
package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Builds are the files copied, by package.
var Builds = map[string]string{
	"vega":       "build/vega.min.js",
	"vega-lite":  "build/vega-lite.min.js",
	"vega-embed": "build/vega-embed.min.js",
}

func main() {
	dir := "js"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := run(dir); err != nil {
		fmt.Fprintln(os.Stderr, "vendorjs:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	mods := filepath.Join(dir, "node_modules")
	sums := map[string][]byte{}
	var names []string
	for pkg, file := range Builds {
		b, err := os.ReadFile(filepath.Join(mods, pkg, file))
		if err != nil {
			return fmt.Errorf("%w (run npm ci --prefix %s first)", err, dir)
		}
		name := filepath.Base(file)
		sums[name] = b
		names = append(names, name)
	}
	lic, err := licences(mods)
	if err != nil {
		return err
	}
	sums["LICENSES.txt"] = lic
	names = append(names, "LICENSES.txt")
	sort.Strings(names)
	var list strings.Builder
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), sums[n], 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&list, "%x  %s\n", sha256.Sum256(sums[n]), n)
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(list.String()), 0o644)
}

// licences concatenates the licence of every installed package, sorted by
// name: the minified builds bundle many of them (d3, vega-tooltip, …).
func licences(mods string) ([]byte, error) {
	var pkgs []string
	entries, err := os.ReadDir(mods)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if strings.HasPrefix(e.Name(), "@") {
			sub, err := os.ReadDir(filepath.Join(mods, e.Name()))
			if err != nil {
				return nil, err
			}
			for _, s := range sub {
				pkgs = append(pkgs, e.Name()+"/"+s.Name())
			}
			continue
		}
		pkgs = append(pkgs, e.Name())
	}
	sort.Strings(pkgs)
	var b strings.Builder
	b.WriteString("Licences of the JavaScript inlined in the interactive map: Vega, Vega-Lite, vega-embed and the packages they are built from.\n")
	for _, p := range pkgs {
		var meta struct{ Name, Version, License string }
		raw, err := os.ReadFile(filepath.Join(mods, p, "package.json"))
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, &meta); err != nil {
			return nil, fmt.Errorf("%s/package.json: %w", p, err)
		}
		text := ""
		files, _ := os.ReadDir(filepath.Join(mods, p))
		for _, f := range files {
			up := strings.ToUpper(f.Name())
			if strings.HasPrefix(up, "LICENSE") || strings.HasPrefix(up, "LICENCE") || strings.HasPrefix(up, "COPYING") {
				t, err := os.ReadFile(filepath.Join(mods, p, f.Name()))
				if err != nil {
					return nil, err
				}
				text = strings.TrimSpace(string(t))
				break
			}
		}
		if text == "" {
			text = "(no licence file in the package; package.json declares " + meta.License + ")"
		}
		fmt.Fprintf(&b, "\n==== %s %s (%s)\n\n%s\n", meta.Name, meta.Version, meta.License, text)
	}
	return []byte(b.String()), nil
}
