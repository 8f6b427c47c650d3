package report

import (
	"fmt"
	"sync/atomic"
	"testing"
)

// runTasks runs every task once, in order on each worker, and returns the
// first error in the tasks' order; after a failure, no later task starts.
func TestRunTasks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n, size int
		fail    map[int]bool
		want    string
	}{
		{"all run", 2, 9, nil, ""},
		{"more workers than tasks", 8, 3, nil, ""},
		{"one worker", 1, 5, nil, ""},
		{"the first error in order", 1, 6, map[int]bool{2: true, 4: true}, "task 2"},
		{"a failure stops what is not started", 1, 6, map[int]bool{1: true}, "task 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ran [32]atomic.Int32
			tasks := make([]func() error, tc.size)
			for i := range tasks {
				tasks[i] = func() error {
					ran[i].Add(1)
					if tc.fail[i] {
						return fmt.Errorf("task %d", i)
					}
					return nil
				}
			}
			err := runTasks(tc.n, tasks)
			if got := fmt.Sprint(err); (tc.want == "" && err != nil) || (tc.want != "" && got != tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			for i := range tasks {
				n := ran[i].Load()
				first := -1
				for j := range tasks {
					if tc.fail[j] {
						first = j
						break
					}
				}
				switch {
				case first >= 0 && tc.n == 1 && i > first && n != 0:
					t.Errorf("task %d ran after task %d failed", i, first)
				case (first < 0 || i <= first) && n != 1:
					t.Errorf("task %d ran %d times", i, n)
				}
			}
		})
	}
	if err := runTasks(2, nil); err != nil {
		t.Fatal(err)
	}
}
