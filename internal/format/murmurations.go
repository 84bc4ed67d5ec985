package format

import (
	"github.com/coopgraph/coopgraph/internal/export/part"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/murmurations"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/stage"
)

// ProfilesDir is the folder of the exports that holds one Murmurations profile per co-op of the
// directory, <id>.json.
const ProfilesDir = "murmurations"

// Murmurations is not RDF but one JSON document per co-op of the directory, a profile for the
// Murmurations index (ProfilesDir/<id>.json).
var Murmurations = Register(&Format{
	Name: "murmurations", Ext: ".json", MediaType: "application/json", Title: "Murmurations profiles",
	Rank: 50, Default: true,
	NewPart: func(opt PartOptions) part.Part { return &profiles{m: opt.Mapper} },
})

// profiles is the part that writes the directory's Murmurations profiles.
type profiles struct {
	m  *mapping.Mapper
	st *stage.Staging
}

func (p *profiles) Start(st *stage.Staging) error {
	p.st = st
	return nil
}

func (p *profiles) Add(it *pipeline.Item) error {
	prof, err := murmurations.FromRecord(it.Record, p.m)
	if err != nil {
		return err
	}
	b, err := prof.Marshal()
	if err != nil {
		return err
	}
	return p.st.WriteClosed(ProfilesDir+"/"+it.Record.ID+".json", b)
}

func (p *profiles) Finish(*stage.Staging) error { return nil }
