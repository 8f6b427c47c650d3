package display

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
)

func TestCheckParameters(t *testing.T) {
	for _, tc := range []struct {
		asOf string
		lang charts.Lang
		want string
	}{
		{"2024-01-19", charts.EN, "parameters: asOf 2024-01-19, lang en (datasets "},
		{"2024-13-01", charts.EN, `parameter asOf: as-of date "2024-13-01" is not a date (YYYY-MM-DD)`},
		{"2019-01-01", charts.ID, "parameter asOf: as-of date 2019-01-01 is before the supporter history starts (2019-09-16)"},
		{"2021-01-18", charts.Lang("fr"), "parameter lang: "},
	} {
		var out bytes.Buffer
		err := checkParameters(&out, tc.asOf, tc.lang, datasets.Load)
		got := out.String()
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, tc.want) || strings.Count(strings.TrimSpace(got), "\n") > 0 {
			t.Errorf("%s %s: %q, want one line starting %q", tc.asOf, tc.lang, got, tc.want)
		}
	}
}
