package civil

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseAndCompare(t *testing.T) {
	for _, bad := range []string{"", "2021-1-18", "18/01/2021", "2021-02-30", "2021-01-18T00:00:00Z"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	a, b := MustParse("2021-01-18"), MustParse("2021-11-11")
	if !a.Before(b) || !b.After(a) || a.Compare(b) != -1 || a.Compare(a) != 0 || a.String() != "2021-01-18" {
		t.Errorf("%v vs %v", a, b)
	}
	if Of(time.Date(2021, 1, 18, 23, 30, 0, 0, time.FixedZone("", 9*3600))) != a {
		t.Error("Of does not take the day of the time's own zone")
	}
	if a.AddDays(-18).String() != "2020-12-31" {
		t.Errorf("AddDays: %v", a.AddDays(-18))
	}
	var z Date
	if !z.IsZero() || z.String() != "" {
		t.Error("the zero Date is not 'no date'")
	}
	if d, err := ParseOptional(""); err != nil || !d.IsZero() {
		t.Errorf("ParseOptional(\"\") = %v, %v", d, err)
	}
}

func TestSpan(t *testing.T) {
	s := Span{MustParse("2019-09-16"), MustParse("2024-01-19")}
	for _, tt := range []struct {
		in, want string
	}{
		{"2019-09-16", ""},
		{"2024-01-19", ""},
		{"2019-09-15", "as-of date 2019-09-15 is before the supporter history starts: it covers 2019-09-16 to 2024-01-19"},
		{"2024-01-20", "as-of date 2024-01-20 is after the supporter history ends: it covers 2019-09-16 to 2024-01-19"},
		{"now", `as-of date "now" is not a date (YYYY-MM-DD); the supporter history covers 2019-09-16 to 2024-01-19`},
	} {
		_, err := s.ParseIn(tt.in)
		if got := ""; err != nil {
			got = err.Error()
			if got != tt.want {
				t.Errorf("ParseIn(%q) = %q, want %q", tt.in, got, tt.want)
			}
		} else if tt.want != "" {
			t.Errorf("ParseIn(%q) accepted", tt.in)
		}
	}
}

func TestJSON(t *testing.T) {
	b, err := json.Marshal(struct{ D Date }{MustParse("2021-01-18")})
	if err != nil || string(b) != `{"D":"2021-01-18"}` {
		t.Fatalf("%s, %v", b, err)
	}
	var v struct{ D Date }
	if err := json.Unmarshal(b, &v); err != nil || v.D.String() != "2021-01-18" {
		t.Errorf("%v, %v", v, err)
	}
	if err := json.Unmarshal([]byte(`{"D":"2021-02-30"}`), &v); err == nil {
		t.Error("an impossible date was unmarshalled")
	}
}
