package cli

import (
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cybernorms/cybernorms/support/atomicfs"
)

// Child processes read these to slow their writes (widening the window in
// which two commands overlap) or to die at a chosen step of a commit.
const (
	slowEnv  = "CYBERNORMS_CLI_SLOW_COMMIT" // a commit starts after a random delay up to this duration
	crashEnv = "CYBERNORMS_CLI_CRASH_AT"    // "STEP N": SIGKILL at the Nth call of STEP
	pauseEnv = "CYBERNORMS_CLI_PAUSE_AT"    // "STEP N": print "paused" and wait 2s at the Nth call of STEP
)

func installChildHooks() {
	slow, _ := time.ParseDuration(os.Getenv(slowEnv))
	step, nth := "", 0
	if v := os.Getenv(crashEnv); v != "" {
		s, n, _ := strings.Cut(v, " ")
		step = s
		nth, _ = strconv.Atoi(n)
	}
	pstep, pnth := "", 0
	if v := os.Getenv(pauseEnv); v != "" {
		s, n, _ := strings.Cut(v, " ")
		pstep = s
		pnth, _ = strconv.Atoi(n)
	}
	if slow == 0 && step == "" && pstep == "" {
		return
	}
	calls, pcalls := 0, 0
	atomicfs.Hook = func(s, rel string) error {
		if s == "begin" && slow > 0 {
			time.Sleep(time.Duration(rand.Int64N(int64(slow))))
		}
		if s == pstep {
			if pcalls++; pcalls == pnth {
				os.Stderr.WriteString("paused\n")
				time.Sleep(2 * time.Second)
			}
		}
		if s == step {
			calls++
			if calls == nth {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
				select {}
			}
		}
		return nil
	}
}
