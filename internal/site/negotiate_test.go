package site

import "testing"

var coopOffers = []Offer{OfferHTML, OfferTurtle, OfferJSONLD, OfferNTriples}

func TestNegotiate(t *testing.T) {
	for _, c := range []struct {
		accept string
		want   string // extension, "" for not acceptable
	}{
		{"", ".html"},
		{"*/*", ".html"},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", ".html"}, // Firefox
		{"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7", ".html"},
		{"text/turtle", ".ttl"},
		{"TEXT/Turtle", ".ttl"},
		{"application/x-turtle", ".ttl"},
		{"application/ld+json", ".jsonld"},
		{"application/json", ".jsonld"},
		{"application/n-triples", ".nt"},
		{"application/*", ".jsonld"}, // the first offer whose own type is application/…
		{"text/*", ".html"},
		{"text/turtle;q=0.5, application/ld+json;q=0.9", ".jsonld"},
		{"application/ld+json;q=0.9, text/turtle", ".ttl"},
		{"text/turtle, application/rdf+xml;q=0.9, */*;q=0.1", ".ttl"},      // a typical RDF client
		{"application/rdf+xml, text/turtle;q=0.8, */*;q=0.1", ".ttl"},      // RDF/XML is not offered
		{"text/html;q=0.1, */*", ".ttl"},                                   // HTML refused in favour of anything
		{"text/html;q=0, */*;q=0.5", ".ttl"},                               // q=0: never HTML
		{"*/*;q=0.5, application/n-triples", ".nt"},                        // specific beats wildcard
		{"application/ld+json;q=0, application/json", ""},                  // own type refused: the alias does not bring it back
		{"text/turtle;charset=utf-8", ".ttl"},                              // parameters still match
		{"text/turtle;q=1.000", ".ttl"},                                    // three decimals
		{"text/turtle;q=0.001, text/html;q=0", ".ttl"},                     // the smallest q above 0
		{"text/turtle;q=2, application/n-triples", ".nt"},                  // an invalid q leaves the element out
		{"text/turtle;q=0.5000", ".html"},                                  // four decimals: invalid, left out; nothing left
		{"application/rdf+xml", ""},                                        // nothing offered is acceptable
		{"text/html;q=0, text/turtle;q=0, application/*;q=0, */*;q=0", ""}, // everything refused
		{"garbage", ".html"},                                               // nothing readable: as if absent
		{" text/turtle ; q=0.7 , application/n-triples ; q=0.8 ", ".nt"},
	} {
		i := Negotiate(c.accept, coopOffers)
		got := ""
		if i >= 0 {
			got = coopOffers[i].Ext
		}
		if got != c.want {
			t.Errorf("Accept %q: got %q, want %q", c.accept, got, c.want)
		}
	}
}

func TestNegotiateOnlyAmongOffers(t *testing.T) {
	// The ontology has HTML and Turtle only.
	offers := []Offer{OfferHTML, OfferTurtle}
	if i := Negotiate("application/ld+json", offers); i != -1 {
		t.Errorf("JSON-LD for a resource without it: got offer %d, want none", i)
	}
	if i := Negotiate("application/ld+json, text/turtle;q=0.5", offers); i != 1 {
		t.Errorf("got offer %d, want Turtle", i)
	}
	if i := Negotiate("*/*", nil); i != -1 {
		t.Errorf("no offers: got %d", i)
	}
}

func TestParseQ(t *testing.T) {
	for s, want := range map[string]int{"0": 0, "1": 1000, "0.5": 500, "0.25": 250, "0.125": 125, "1.0": 1000, "1.000": 1000, "0.": 0, "1.": 1000} {
		if q, ok := parseQ(s); !ok || q != want {
			t.Errorf("parseQ(%q) = %d, %v; want %d", s, q, ok, want)
		}
	}
	for _, s := range []string{"", "2", "1.5", "0.1234", "-0.5", ".5", "0,5", "1.001", "0x"} {
		if q, ok := parseQ(s); ok {
			t.Errorf("parseQ(%q) = %d, accepted", s, q)
		}
	}
}
