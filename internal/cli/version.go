package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/datasets"
)

func init() {
	register(&command{
		name: "version", synopsis: "[--data DIR]",
		summary: say("version.summary"),
		run:     runVersion,
	})
}

func runVersion(ctx context.Context, e *env, c *command, args []string) error {
	fs := newFlags(c)
	data := fs.String("data", dataDir(), flagText(fs, "data"))
	if err := parse(e, c, fs, args); err != nil {
		return err
	}
	pkg := "none here (run inside a checkout of the repository, or pass --data DIR)"
	if b, err := datasets.ReadResource(*data, "datapackage.json"); err == nil {
		var d struct{ Name, Version string }
		if err := json.Unmarshal(b, &d); err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(*data, "datapackage.json"), err)
		}
		pkg = d.Name + " " + d.Version
	}
	module := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		module = bi.Main.Path + " " + bi.Main.Version + " " + buildCommit(ctx, bi)
	}
	fmt.Fprintf(e.stdout, "data package: %s\ngo:           %s %s/%s\nmodule:       %s\n", pkg, runtime.Version(), runtime.GOOS, runtime.GOARCH, module)
	return nil
}

// vcsInfo is the commit a build came from.
type vcsInfo struct {
	Revision, Time string
	Modified       bool
}

func (v vcsInfo) String() string {
	s := "commit " + v.Revision
	if v.Time != "" {
		s += " of " + v.Time
	}
	if v.Modified {
		s += ", with uncommitted changes"
	}
	return s
}

// buildCommit says which commit the running command was built from: the
// build's own record when go build stamped one; otherwise (go run, or a
// build with -buildvcs=false) the checkout's, when the command runs inside
// the checkout of its own module; otherwise that it is unknown.
func buildCommit(ctx context.Context, bi *debug.BuildInfo) string {
	s := map[string]string{}
	for _, kv := range bi.Settings {
		s[kv.Key] = kv.Value
	}
	if rev := s["vcs.revision"]; rev != "" {
		return "(" + vcsInfo{Revision: rev, Time: s["vcs.time"], Modified: s["vcs.modified"] == "true"}.String() + ")"
	}
	wd, err := os.Getwd()
	if err != nil {
		return "(commit unknown: the build recorded none)"
	}
	root := moduleRoot(wd, bi.Main.Path)
	if root == "" {
		return "(commit unknown: the build recorded none, and this is not a checkout of the module)"
	}
	v, err := checkoutCommit(ctx, root)
	if err != nil {
		return "(commit unknown: the build recorded none, and git could not read the checkout: " + err.Error() + ")"
	}
	return "(" + v.String() + ", read from the checkout: the build recorded none, as go run and -buildvcs=false builds do)"
}

// moduleRoot returns the directory at or above dir whose go.mod declares
// module path, or "".
func moduleRoot(dir, path string) string {
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			if modulePath(b) == path {
				return dir
			}
			return ""
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

// checkoutCommit asks git for the checkout's HEAD, its commit time and
// whether tracked files differ from it, as go build's stamp would say.
func checkoutCommit(ctx context.Context, root string) (vcsInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root, "-c", "log.showsignature=false"}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			if msg := strings.TrimSpace(stderr.String()); msg != "" {
				return "", fmt.Errorf("%s", strings.SplitN(msg, "\n", 2)[0])
			}
			return "", err
		}
		return strings.TrimSpace(string(out)), nil
	}
	line, err := git("log", "-1", "--format=%H %ct")
	if err != nil {
		return vcsInfo{}, err
	}
	var v vcsInfo
	var secs int64
	if _, err := fmt.Sscanf(line, "%s %d", &v.Revision, &secs); err != nil {
		return vcsInfo{}, fmt.Errorf("git log: %q", line)
	}
	v.Time = time.Unix(secs, 0).UTC().Format(time.RFC3339)
	status, err := git("status", "--porcelain", "--untracked-files=no")
	if err != nil {
		return vcsInfo{}, err
	}
	v.Modified = status != ""
	return v, nil
}
