package format

import (
	"bufio"

	"github.com/coopgraph/coopgraph/internal/dcccsv"
	"github.com/coopgraph/coopgraph/internal/export/part"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/stage"
)

// DCCCSV is the Data Commons Co-op's standard CSV (package dcccsv): one row per co-op, the file
// its pipeline takes from every source. The directory is written as coops.csv, each imported
// dataset as datasets/<name>.csv.
var DCCCSV = Register(&Format{
	Name: "dcc-csv", Ext: ".csv", MediaType: "text/csv", Title: "Data Commons Co-op standard CSV",
	Rank: 60, Datasets: true,
	NewPart: func(opt PartOptions) part.Part {
		name := "coops.csv"
		if opt.Dataset != "" {
			name = "datasets/" + opt.Dataset + ".csv"
		}
		return &dccCSV{name: name}
	},
})

// dccCSV is the part that writes records as a standard CSV.
type dccCSV struct {
	name string
	bw   *bufio.Writer
	w    *dcccsv.Writer
}

func (p *dccCSV) Start(st *stage.Staging) error {
	f, err := st.Create(p.name) // the staging folder syncs and closes it
	if err != nil {
		return err
	}
	p.bw = bufio.NewWriterSize(f, 64<<10)
	p.w = dcccsv.NewWriter(p.bw, "")
	return nil
}

func (p *dccCSV) Add(it *pipeline.Item) error { return p.w.Write(it.Record) }

func (p *dccCSV) Finish(*stage.Staging) error {
	err := p.w.Close()
	if ferr := p.bw.Flush(); err == nil {
		err = ferr
	}
	return err
}
