package cli

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// scratchPrefix names the temporary directory a command gives itself.
const scratchPrefix = "cybernorms-tmp-"

// privateTemp gives the process a temporary directory of its own, named
// with its pid, and makes it TMPDIR for the libraries that make their own
// temporaries (the PDF writer's font maker): a run killed part-way leaves
// them there, and the next run removes the directories of processes that
// no longer exist. restore puts TMPDIR back and removes the directory.
func privateTemp() (restore func(), err error) {
	base := os.TempDir()
	reapScratch(base)
	var r [4]byte
	rand.Read(r[:])
	dir := filepath.Join(base, fmt.Sprintf("%s%d-%s", scratchPrefix, os.Getpid(), hex.EncodeToString(r[:])))
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, err
	}
	old, had := os.LookupEnv("TMPDIR")
	os.Setenv("TMPDIR", dir)
	return func() {
		if had {
			os.Setenv("TMPDIR", old)
		} else {
			os.Unsetenv("TMPDIR")
		}
		os.RemoveAll(dir)
	}, nil
}

// reapScratch removes the scratch directories in base of processes that are
// gone: only directories (never links), owned by this user.
func reapScratch(base string) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), scratchPrefix)
		if !ok || !e.IsDir() || e.Type()&os.ModeSymlink != 0 {
			continue
		}
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); err == nil || !errors.Is(err, syscall.ESRCH) {
			continue // alive, or not ours to judge
		}
		p := filepath.Join(base, e.Name())
		if fi, err := os.Lstat(p); err != nil || !fi.IsDir() || fi.Sys().(*syscall.Stat_t).Uid != uint32(os.Getuid()) {
			continue
		}
		os.RemoveAll(p)
	}
}
