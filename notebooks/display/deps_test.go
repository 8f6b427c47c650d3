package display

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// Every cell that shows anything links this package: it must not bring the
// charts, gota or GoNB's gonbui (klog, and net through a UUID package) to a
// cell that shows none of them. Each package below would add tens of
// packages to the go command's check and to the link of every such cell.
func TestLinksLight(t *testing.T) {
	testenv.Program(t, "go")
	for pkg, heavy := range map[string][]string{
		".":         {"gonum.org/", "github.com/go-gota/", "github.com/cybernorms/cybernorms/charts", "github.com/cybernorms/cybernorms/exhibits", "github.com/janpfeifer/gonb/gonbui", "k8s.io/", "github.com/gofrs/", "net"},
		"../frames": {"gonum.org/v1/plot", "github.com/cybernorms/cybernorms/charts", "github.com/cybernorms/cybernorms/exhibits", "github.com/janpfeifer/gonb/gonbui", "k8s.io/"},
		"./figure":  {"github.com/go-gota/", "github.com/cybernorms/cybernorms/exhibits", "github.com/janpfeifer/gonb/gonbui", "k8s.io/"},
		"../study":  {"github.com/go-gota/", "github.com/cybernorms/cybernorms/charts/interactive", "github.com/janpfeifer/gonb/gonbui", "k8s.io/"},
	} {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 10 {
			t.Fatalf("go list %s: %v", pkg, deps)
		}
		for _, p := range deps {
			for _, h := range heavy {
				// A path ending in / is a prefix; any other, that package and
				// those under it but for gonbui's protocol, which this one speaks.
				if strings.HasSuffix(h, "/") && strings.HasPrefix(p, h) || p == h || strings.HasPrefix(p, h+"/") && !strings.HasPrefix(p, "github.com/janpfeifer/gonb/gonbui/protocol") {
					t.Errorf("package %s links %s", pkg, p)
				}
			}
		}
	}
}
