package countries_test

import (
	"testing"

	"github.com/coopgraph/coopgraph/internal/countries"
)

func TestCode(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Germany", "DE"}, {"Deutschland", "DE"}, {"allemagne", "DE"}, {"DEU", "DE"}, {"de", "DE"},
		{"  United   Kingdom ", "GB"}, {"UK", "GB"}, {"England", "GB"}, {"U.S.A.", "US"}, {"United States", "US"},
		{"España", "ES"}, {"Espana", "ES"}, {"Côte d’Ivoire", "CI"}, {"Brasil", "BR"}, {"Österreich", "AT"},
		{"Schweiz", "CH"}, {"Suisse", "CH"}, {"Nederland", "NL"}, {"Italia", "IT"}, {"Polska", "PL"},
	} {
		if got, ok := countries.Code(c.in); !ok || got != c.want {
			t.Errorf("Code(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	for _, in := range []string{"", "Narnia", "Europe", "EU", "World", "XX"} {
		if got, ok := countries.Code(in); ok {
			t.Errorf("Code(%q) = %q, want none", in, got)
		}
	}
}
