package charts

import (
	"hash/adler32"
	"math/rand/v2"
	"testing"
)

// The checksum of bands joined is the checksum of the whole, for bands of
// every length around the modulus and past it.
func TestAdler32Combine(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 200_000)
	for i := range data {
		data[i] = byte(r.IntN(256))
	}
	for _, cut := range []int{0, 1, 65520, 65521, 65522, 100_000, 199_999, 200_000} {
		a, b := data[:cut], data[cut:]
		got := adler32Combine(adler32.Checksum(a), adler32.Checksum(b), len(b))
		if want := adler32.Checksum(data); got != want {
			t.Errorf("cut at %d: %08x, want %08x", cut, got, want)
		}
	}
}
