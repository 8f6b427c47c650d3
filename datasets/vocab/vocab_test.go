package vocab

import "testing"

func TestVerdictClass(t *testing.T) {
	for v, want := range map[string]string{Holds: "holds", DoesNotHold: "fails", CannotBeChecked: "unchecked", Transcribed: "transcribed", SelfConsistent: "consistent", "Europe": ""} {
		if got := VerdictClass(v); got != want {
			t.Errorf("VerdictClass(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestChecksum(t *testing.T) {
	c := Checksum([]byte("abc"))
	if c != "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Checksum = %s", c)
	}
	if ShortChecksum(c) != "ba7816bf8f01" || ShortChecksum("x") != "x" {
		t.Errorf("ShortChecksum = %s", ShortChecksum(c))
	}
}
