package export

import (
	"bufio"
	"os"

	"github.com/coopgraph/coopgraph/internal/dcccsv"
	"github.com/coopgraph/coopgraph/internal/dump"
	"github.com/coopgraph/coopgraph/internal/pipeline"
)

// dccCSV is the part that writes records in the Data Commons Co-op's standard CSV (export
// --format dcc-csv): the directory as coops.csv, a dataset as datasets/<name>.csv.
type dccCSV struct {
	name string
	f    *os.File
	bw   *bufio.Writer
	w    *dcccsv.Writer
}

func newDCCCSV(name string) *dccCSV { return &dccCSV{name: name} }

func (p *dccCSV) Start(st *dump.Staging) error {
	f, err := st.Create(p.name)
	if err != nil {
		return err
	}
	p.f, p.bw = f, bufio.NewWriterSize(f, 64<<10)
	p.w = dcccsv.NewWriter(p.bw, "")
	return nil
}

func (p *dccCSV) Add(it *pipeline.Item) error { return p.w.Write(it.Record) }

func (p *dccCSV) Finish(*dump.Staging) error {
	err := p.w.Close()
	if ferr := p.bw.Flush(); err == nil {
		err = ferr
	}
	return err // the staging folder syncs and closes the file
}
