// Package kernel installs and checks the Jupyter kernel the notebooks run
// under: GoNB and goimports at the versions go.mod pins, built into the
// kernel's own directory, and Jupyter itself from Debian where apt is there.
//
// Notebooks need no machine-specific path: their first cell builds a go.work
// from GONB_DIR, the notebook's directory, so they import this module as it
// is checked out.
package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Name is the kernel's name, as notebooks' metadata give it.
const Name = "gonb"

// Debian packages that provide Jupyter, nbconvert and nbclient.
var debianPackages = []string{"jupyter-notebook", "jupyter-nbconvert", "python3-nbclient"}

// Tools are built from go.mod's tool directives into the kernel directory.
var Tools = map[string]string{
	"gonb":      "github.com/janpfeifer/gonb",
	"goimports": "golang.org/x/tools/cmd/goimports",
}

// WarmPackages are the packages Install compiles into the Go build cache:
// together they import everything the notebooks do, and flag, which GoNB's
// main of every cell calls.
var WarmPackages = []string{"./notebooks/...", "./analysis/...", "flag"}

// Dir is where Jupyter looks for the kernel: $JUPYTER_DATA_DIR/kernels/gonb,
// or ~/.local/share/jupyter/kernels/gonb.
func Dir() (string, error) {
	data := os.Getenv("JUPYTER_DATA_DIR")
	if data == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		data = filepath.Join(home, ".local", "share", "jupyter")
	}
	return filepath.Join(data, "kernels", Name), nil
}

// Installed reads the installed kernel's specification, or says that
// there is none.
func Installed() (Spec, error) {
	var spec Spec
	dir, err := Dir()
	if err != nil {
		return spec, err
	}
	p := filepath.Join(dir, "kernel.json")
	b, err := os.ReadFile(p)
	if err == nil {
		err = json.Unmarshal(b, &spec)
	}
	if err != nil {
		return spec, fmt.Errorf("%s: not installed (run cybernorms kernel install)", p)
	}
	return spec, nil
}

// Spec is a Jupyter kernel.json.
type Spec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
}

// Install installs what is missing: Jupyter (from Debian, if apt-get is
// usable), then GoNB and goimports built from the module at root, the
// notebooks' packages compiled into the Go build cache, and the kernel
// specification.
func Install(root string, log io.Writer) error {
	if _, err := exec.LookPath("jupyter"); err != nil {
		if err := installJupyter(log); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(log, "jupyter: already installed")
	}
	dir, err := Dir()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return errors.New("go is not on PATH")
	}
	for _, name := range []string{"gonb", "goimports"} {
		fmt.Fprintf(log, "building %s (%s, version from go.mod) into %s\n", name, Tools[name], dir)
		tmp := filepath.Join(dir, "."+name+".new")
		cmd := exec.Command(goBin, "build", "-o", tmp, Tools[name])
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("building %s: %v: %s", name, err, strings.TrimSpace(string(out)))
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	// A notebook's first cell would otherwise compile every package it
	// uses, the standard library's among them, before it shows anything.
	fmt.Fprintf(log, "compiling %s into the Go build cache, so that a notebook's first cell only links (20 to 30 s on a 2-core machine the first time, seconds after)\n", strings.Join(WarmPackages, " "))
	if out, err := warmCommand(goBin, root).CombinedOutput(); err != nil {
		return fmt.Errorf("compiling %s: %w: %s", strings.Join(WarmPackages, " "), err, strings.TrimSpace(string(out)))
	}
	b, err := json.MarshalIndent(NewSpec(dir, goBin), "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(log, "kernel %q installed in %s\n", Name, dir)
	return nil
}

// CellGoFlags are the go flags of every cell's build. A cell's program is
// linked anew at each execution, and a notebook never reads its debugging
// information or symbol table: -s drops both (it implies -w), a sixth of the
// program, and the linker's work of writing them. Stack traces keep their
// function names and lines, which come from the runtime's own tables.
const CellGoFlags = "-ldflags=-s"

// warmCommand compiles WarmPackages as a cell's build would: with the
// cells' settings, not the caller's, since a -trimpath or -race of the
// caller's GOFLAGS, or cgo turned on, would compile packages no cell could
// reuse.
func warmCommand(goBin, root string) *exec.Cmd {
	cmd := exec.Command(goBin, append([]string{"build"}, WarmPackages...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), CellEnv()...)
	return cmd
}

// cellSettings are the environment of the kernel, hence of every cell's
// go build, goimports and program, besides PATH.
//
// CGO_ENABLED=0: no notebook package uses cgo, and with cgo on every build
// runs gcc and the cgo tool to identify them (the build cache's key of the
// packages with C parts) and links runtime/cgo; without it a cell's build
// takes a tenth less processor time.
//
// GOGC=400: the go command and the linker collect garbage a quarter as
// often, a further twentieth of a cell's build, for 11 MB more at the
// linker's peak (170 MB); a cell's program keeps up to five times its live
// heap before collecting instead of twice.
var cellSettings = [][2]string{
	{"GOFLAGS", CellGoFlags},
	{"CGO_ENABLED", "0"},
	{"GOGC", "400"},
}

// CellEnv is cellSettings as NAME=value lines, to build as a cell does.
func CellEnv() []string {
	var env []string
	for _, kv := range cellSettings {
		env = append(env, kv[0]+"="+kv[1])
	}
	return env
}

// NewSpec is the kernel specification for the kernel directory dir. The
// kernel finds go and goimports first on its PATH, then the PATH of whoever
// starts Jupyter: jupyter_client replaces ${PATH} in a kernel's env with its
// own PATH at each start (templated env entries, jupyter_client pull request
// 472, 2019), so the installing shell's PATH is not frozen into the file.
func NewSpec(dir, goBin string) Spec {
	return Spec{
		Argv:          []string{filepath.Join(dir, "gonb"), "--kernel", "{connection_file}"},
		DisplayName:   "Go (gonb)",
		Language:      "go",
		InterruptMode: "message",
		// GoNB compiles each cell with go and formats it with goimports.
		Env: cellEnvMap(dir, goBin),
	}
}

func cellEnvMap(dir, goBin string) map[string]string {
	env := map[string]string{
		"PATH": strings.Join([]string{dir, filepath.Dir(goBin), "${PATH}"}, string(os.PathListSeparator)),
	}
	for _, kv := range cellSettings {
		env[kv[0]] = kv[1]
	}
	return env
}

func installJupyter(log io.Writer) error {
	apt, err := exec.LookPath("apt-get")
	if err != nil {
		return fmt.Errorf("Jupyter is not installed and apt-get is not available: install Jupyter Notebook, nbconvert and nbclient (for example: pip install notebook nbconvert nbclient), then run this again")
	}
	run := []string{apt}
	if os.Geteuid() != 0 {
		sudo, err := exec.LookPath("sudo")
		if err != nil {
			return fmt.Errorf("Jupyter is not installed: run as root, or install %s with apt-get", strings.Join(debianPackages, " "))
		}
		run = []string{sudo, "-n", apt}
	}
	fmt.Fprintf(log, "installing %s with apt-get\n", strings.Join(debianPackages, " "))
	for _, args := range [][]string{{"update", "-qq"}, append([]string{"install", "-y", "-qq"}, debianPackages...)} {
		cmd := exec.Command(run[0], append(run[1:], args...)...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("apt-get %s: %v (install %s yourself)", args[0], err, strings.Join(debianPackages, " "))
		}
	}
	return nil
}

// jupyterPython is the interpreter Jupyter runs on (from the jupyter
// script's first line), which need not be the first python3 on PATH.
func jupyterPython() string {
	p, err := exec.LookPath("jupyter")
	if err == nil {
		if b, err := os.ReadFile(p); err == nil && strings.HasPrefix(string(b), "#!") {
			line, _, _ := strings.Cut(string(b[2:]), "\n")
			if f := strings.Fields(line); len(f) == 1 {
				return f[0]
			}
		}
	}
	return "python3"
}

// Check is one line of the doctor's report.
type Check struct {
	What     string
	OK       bool
	Detail   string
	Required bool
}

// Doctor reports what is installed and what is missing.
func Doctor(root string) []Check {
	var out []Check
	add := func(what string, ok bool, detail string, required bool) {
		out = append(out, Check{What: what, OK: ok, Detail: detail, Required: required})
	}
	version := func(name string, args ...string) (string, bool) {
		p, err := exec.LookPath(name)
		if err != nil {
			return "not found on PATH", false
		}
		b, err := exec.Command(p, args...).CombinedOutput()
		line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
		if err != nil {
			return p + ": " + line, false
		}
		return line, true
	}
	v, ok := version("go", "version")
	add("go", ok, v, true)
	v, ok = version("jupyter", "--version")
	if ok {
		v, ok = version("jupyter-notebook", "--version")
		v = "notebook " + v
	}
	add("jupyter notebook", ok, v, true)
	v, ok = version("jupyter-nbconvert", "--version")
	add("jupyter nbconvert", ok, "nbconvert "+v, true)
	v, ok = version(jupyterPython(), "-c", "import nbclient; print('nbclient', nbclient.__version__)")
	add("nbclient", ok, v, true)

	dir, err := Dir()
	if err != nil {
		add("kernel", false, err.Error(), true)
		return out
	}
	spec, err := Installed()
	if err != nil {
		add("kernel "+Name, false, err.Error(), true)
	} else {
		add("kernel "+Name, true, filepath.Join(dir, "kernel.json"), true)
		for _, name := range []string{"gonb", "goimports"} {
			p := filepath.Join(dir, name)
			_, err := os.Stat(p)
			detail := p
			if err == nil {
				detail = moduleVersion(p, Tools[name]) + " " + p
			}
			add(name, err == nil, detail, true)
		}
		out = append(out, settingChecks(spec)...)
		if len(spec.Argv) == 0 || spec.Argv[0] != filepath.Join(dir, "gonb") {
			add("kernel argv", false, fmt.Sprintf("%v does not run %s (run cybernorms kernel install)", spec.Argv, filepath.Join(dir, "gonb")), true)
		}
	}
	_, err = os.Stat(filepath.Join(root, "datasets", "datapackage.json"))
	add("datasets", err == nil, filepath.Join(root, "datasets"), true)
	_, err = exec.LookPath("gopls")
	add("gopls (optional: completion in notebooks)", err == nil, "go install golang.org/x/tools/gopls to enable", false)
	return out
}

// settingChecks reports each of the cells' settings that spec lacks or
// sets otherwise: not required, as cells still run, only slower.
func settingChecks(spec Spec) []Check {
	var out []Check
	for _, kv := range cellSettings {
		if got := spec.Env[kv[0]]; got != kv[1] {
			out = append(out, Check{What: "kernel " + kv[0], Detail: fmt.Sprintf("%q, not %q: cells build slower (run cybernorms kernel install)", got, kv[1])})
		}
	}
	return out
}

// moduleVersion is the version of module mod a Go binary was built from, as
// go version -m reads it; "version unknown" if it cannot say.
func moduleVersion(binary, pkg string) string {
	out, err := exec.Command("go", "version", "-m", binary).Output()
	if err != nil {
		return "version unknown"
	}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 3 && f[0] == "mod" && strings.HasPrefix(pkg, f[1]) {
			return f[1] + " " + f[2]
		}
	}
	return "version unknown"
}
