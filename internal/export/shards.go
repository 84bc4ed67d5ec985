package export

import (
	"fmt"

	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/stage"
)

// ShardName returns the file name of the i-th shard (1-based): coops-00001.nt.gz, …
func ShardName(i int) string {
	return fmt.Sprintf("%s-%05d%s.gz", DumpName, i, format.NTriples.Ext)
}

// shards is the part that splits the N-Triples dump into gzip files of at most n triples each,
// in the dump's order, for bulk loaders that read many files in parallel (Virtuoso's ld_dir and
// rdf_loader_run, tdb2.tdbloader, oxigraph load). The gzip streams carry no name and no time,
// so the same records give byte-identical shards.
type shards struct {
	lead  []rdf.Triple // the dataset's description, which opens coops.nt and so the first shard
	n     int64
	index int
	count int64
	zw    *stage.GzipWriter
	enc   *ntriples.Encoder
	st    *stage.Staging
}

func newShards(n int64, lead []rdf.Triple) *shards { return &shards{n: n, lead: lead} }

func (s *shards) Start(st *stage.Staging) error {
	s.st = st
	return s.add(s.lead)
}

func (s *shards) Add(it *pipeline.Item) error { return s.add(it.Triples) }

func (s *shards) add(ts []rdf.Triple) error {
	for _, t := range ts {
		if s.enc == nil || s.count == s.n {
			if err := s.next(); err != nil {
				return err
			}
		}
		if err := s.enc.Encode(t); err != nil {
			return err
		}
		s.count++
	}
	return nil
}

// next closes the current shard and opens the following one.
func (s *shards) next() error {
	if err := s.close(); err != nil {
		return err
	}
	s.index++
	f, err := s.st.Create(ShardName(s.index))
	if err != nil {
		return err
	}
	s.zw = stage.NewGzipWriter(stage.NewWriteBehind(f))
	s.enc, s.count = ntriples.NewEncoder(s.zw), 0
	return nil
}

func (s *shards) close() error {
	if s.enc == nil {
		return nil
	}
	err := s.enc.Close()
	if cerr := s.zw.Close(); err == nil {
		err = cerr
	}
	s.enc, s.zw = nil, nil
	return err
}

func (s *shards) Finish(*stage.Staging) error { return s.close() }

// Abort stops the compressor of the shard being written.
func (s *shards) Abort() { s.close() }
