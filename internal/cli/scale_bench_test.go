package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/cybernorms/cybernorms/internal/synth"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

// scaleRepos caches the synthetic upstreams across benchmark runs.
var scaleRepos sync.Map // k → string (repository path)

func scaleRepo(b *testing.B, k int) string {
	if p, ok := scaleRepos.Load(k); ok {
		return p.(string)
	}
	git := testenv.Program(b, "git")
	codes, err := os.ReadFile(filepath.Join(testenv.Datasets(b), "snapshot", "country_codes.csv"))
	if err != nil {
		b.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "cybernorms-scale-")
	if err != nil {
		b.Fatal(err)
	}
	scaleCleanup = append(scaleCleanup, dir)
	repo := filepath.Join(dir, "upstream.git")
	st, err := synth.Create(context.Background(), git, repo, synth.Scale(k, codes))
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d×: %d commits, %d changes to %d supporter files, %d present at the end", k, st.Commits, st.Changes(), st.Files, st.Alive)
	scaleRepos.Store(k, repo)
	return repo
}

// scaleCleanup lists directories TestMain removes after the run.
var scaleCleanup []string

// scaleInputs copies the curated inputs into a new datasets directory, with
// the claims and the reviewed links, which name real supporters, emptied.
func scaleInputs(b *testing.B) string {
	dir := b.TempDir()
	testenv.CopyTree(b, testenv.Datasets(b), dir, func(rel string) bool {
		return strings.HasPrefix(rel, "curated/") || strings.HasPrefix(rel, "geo/") || strings.HasPrefix(rel, "reference/") || rel == "CHANGELOG.md"
	})
	for _, f := range []string{"curated/supporter_links.csv", "curated/claims.csv", "curated/evidence.csv", "curated/duplicate_review.csv", "curated/adherence_events.csv", "curated/instrument_totals.csv"} {
		p := filepath.Join(dir, f)
		s, _ := os.ReadFile(p)
		os.WriteFile(p, s[:strings.IndexByte(string(s), '\n')+1], 0o644)
	}
	return dir
}

// runChild runs the command line in a new process and returns its peak
// resident memory in bytes.
func runChild(b *testing.B, args ...string) int64 {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
}

// BenchmarkScale runs refresh (which reads the history and rebuilds the
// datasets) and build alone, each as a new process, on synthetic upstreams of
// 1, 10 and 100 times the real history's commits and changes. peak-MB is the
// process's peak resident memory.
func BenchmarkScale(b *testing.B) {
	for _, k := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("refresh/x%d", k), func(b *testing.B) {
			repo := scaleRepo(b, k)
			var peak int64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := scaleInputs(b)
				b.StartTimer()
				peak = max(peak, runChild(b, "refresh", "--quiet", "--upstream", repo, "--data", dir))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
		b.Run(fmt.Sprintf("build/x%d", k), func(b *testing.B) {
			repo := scaleRepo(b, k)
			dir := scaleInputs(b)
			runChild(b, "refresh", "--quiet", "--upstream", repo, "--data", dir)
			outputs, _ := filepath.Glob(filepath.Join(dir, "*.*"))
			var peak int64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				for _, p := range outputs {
					if filepath.Base(p) != "CHANGELOG.md" {
						os.Remove(p)
					}
				}
				b.StartTimer()
				peak = max(peak, runChild(b, "build", "--quiet", "--data", dir))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}

// BenchmarkBuildClaims runs build, as a new process, on the committed
// datasets with the curated claims as they are and with their data claims
// repeated under new ids up to 10 and 100 times as many claims: the claim
// ledger's cost must grow with the claims, not with claims × days ×
// supporters.
func BenchmarkBuildClaims(b *testing.B) {
	for _, k := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("claims=x%d", k), func(b *testing.B) {
			dir := b.TempDir()
			testenv.CopyTree(b, testenv.Datasets(b), dir, func(string) bool { return true })
			p := filepath.Join(dir, "curated", "claims.csv")
			raw, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			lines := strings.SplitAfter(strings.TrimSuffix(string(raw), "\n"), "\n")
			lines[len(lines)-1] += "\n"
			rows := lines[1:]
			var data []string
			for _, l := range rows {
				// The id is the first field; a data claim's kind the third.
				if f := strings.SplitN(l, ",", 4); len(f) == 4 && f[2] == "supporter-history" {
					data = append(data, l)
				}
			}
			out := []string{lines[0]}
			out = append(out, rows...)
			for i := 1; len(out)-1 < k*len(rows); i++ {
				for _, l := range data {
					id, rest, _ := strings.Cut(l, ",")
					out = append(out, fmt.Sprintf("%s-x%d,%s", id, i, rest))
				}
			}
			if err := os.WriteFile(p, []byte(strings.Join(out, "")), 0o644); err != nil {
				b.Fatal(err)
			}
			var peak int64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				peak = max(peak, runChild(b, "build", "--quiet", "--data", dir))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			b.ReportMetric(float64(len(out)-1), "claims")
		})
	}
}
