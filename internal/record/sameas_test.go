package record

import "testing"

func TestCheckSameAs(t *testing.T) {
	for s, ok := range map[string]bool{
		"http://www.wikidata.org/entity/Q42":                                    true,
		"https://www.wikidata.org/wiki/Q42":                                     false,
		"http://www.wikidata.org/entity/Q042":                                   false,
		"https://lod.coop/coops-uk/R000001":                                     true,
		"https://lod.coop/essglobal/2.1/standard/organisational-structure/OS60": false,
		"https://lod.coop/":                                                     false,
		"https://example.org/x":                                                 false,
	} {
		if err := CheckSameAs(s); (err == nil) != ok {
			t.Errorf("CheckSameAs(%q) = %v, want ok=%v", s, err, ok)
		}
	}
}
