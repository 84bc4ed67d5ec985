package mapping_test

import (
	"strings"
	"testing"

	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
)

func graph(t *testing.T, m *mapping.Mapper, r *record.Record) testkit.Graph {
	t.Helper()
	g, err := testkit.FromTriples(m.Map(nil, r))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestDatasetMapping(t *testing.T) {
	base := "https://example.org/"
	m := mapping.ForDataset(base, "coops-uk")
	if m.CoopIRI("r1") != base+"id/coops-uk/r1" || m.DatasetIRI() != base+"dataset/coops-uk" {
		t.Fatalf("IRIs %s %s", m.CoopIRI("r1"), m.DatasetIRI())
	}
	r := &record.Record{
		ID: "r1", Name: "Example", Identifier: "R1",
		ESSGlobal: record.ESSGlobal{
			OrgStructure:    vocab.ESSGlobalOrgStructures + "OS60",
			PrimaryActivity: vocab.ESSGlobalActivitiesICA + "ICA260",
			Activities:      []string{vocab.ESSGlobalActivitiesModified + "AM60"},
			MembershipType:  vocab.ESSGlobalMembershipTypes + "BMT10",
		},
		Sources: []record.Source{{URL: "https://example.org/data"}},
	}
	g := graph(t, m, r)
	s := "<" + base + "id/coops-uk/r1> "
	for _, want := range []string{
		s + "<" + vocab.RDFType + "> <" + vocab.CoopCooperative + "> .\n",
		s + "<" + vocab.RDFType + "> <" + vocab.ESSGlobalInitiative + "> .\n",
		s + "<" + vocab.CoopSourceIdentifier + "> \"R1\" .\n",
		s + "<" + vocab.CoopOrgStructure + "> <" + vocab.ESSGlobalOrgStructures + "OS60> .\n",
		s + "<" + vocab.CoopPrimaryActivity + "> <" + vocab.ESSGlobalActivitiesICA + "ICA260> .\n",
		s + "<" + vocab.CoopActivity + "> <" + vocab.ESSGlobalActivitiesModified + "AM60> .\n",
		s + "<" + vocab.CoopMembershipType + "> <" + vocab.ESSGlobalMembershipTypes + "BMT10> .\n",
		s + "<" + vocab.DCTSource + "> <https://example.org/data> .\n",
	} {
		if _, ok := g[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
	for l := range g {
		if strings.Contains(l, vocab.CoopPlatformCoop) || strings.Contains(l, vocab.CoopCitationProp) || strings.Contains(l, vocab.CoopQuote) {
			t.Errorf("a dataset record maps to %s", l)
		}
	}
	// The directory's mapper keeps its class and IRIs.
	d := graph(t, mapping.New(base), r)
	if _, ok := d["<"+base+"id/r1> <"+vocab.RDFType+"> <"+vocab.CoopPlatformCoop+"> .\n"]; !ok {
		t.Error("the directory's co-ops are not platform co-operatives")
	}
}
