package datasets

import "testing"

func TestCountryNameByLanguage(t *testing.T) {
	c := Country{NameEN: "Spain", NameFR: "Espagne", NameID: "Spanyol", NameES: "España",
		RegionEN: "Europe", RegionES: "Europa", SubregionEN: "Southern Europe", SubregionES: "Europa meridional"}
	for _, tc := range []struct{ lang, name, region, subregion string }{
		{"es", "España", "Europa", "Europa meridional"},
		{"fr", "Espagne", "", ""},
		{"id", "Spanyol", "", ""},
		{"en", "Spain", "Europe", "Southern Europe"},
		{"de", "Spain", "Europe", "Southern Europe"}, // no German names: English
	} {
		if got := c.Name(tc.lang); got != tc.name {
			t.Errorf("Name(%s) = %q, want %q", tc.lang, got, tc.name)
		}
		if got := c.Region(tc.lang); got != tc.region {
			t.Errorf("Region(%s) = %q, want %q", tc.lang, got, tc.region)
		}
		if got := c.Subregion(tc.lang); got != tc.subregion {
			t.Errorf("Subregion(%s) = %q, want %q", tc.lang, got, tc.subregion)
		}
	}
}
