package dump

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/internal/pipeline"
)

// Digest is the size and SHA-256 sum of one file of the exports.
type Digest struct {
	Name   string // path inside the exports folder, with "/"
	Size   int64
	SHA256 [sha256.Size]byte
}

// Hex returns the SHA-256 sum in lower-case hexadecimal, as sha256sum prints it.
func (d Digest) Hex() string { return hex.EncodeToString(d.SHA256[:]) }

// Digests remembers the digests of staged files, so that every part that describes the files
// (void.ttl, SHA256SUMS, a download page) reads each of them once. A file must be complete
// before it is asked for: parts ask in Finish for files that earlier parts wrote.
type Digests struct {
	m map[string]Digest
}

// NewDigests returns an empty set of digests.
func NewDigests() *Digests { return &Digests{m: map[string]Digest{}} }

// Of returns the digest of the staged file name, reading it the first time.
func (d *Digests) Of(st *Staging, name string) (Digest, error) {
	if dg, ok := d.m[name]; ok {
		return dg, nil
	}
	p, err := st.Path(name)
	if err != nil {
		return Digest{}, err
	}
	dg, err := DigestFile(p)
	if err != nil {
		return Digest{}, err
	}
	dg.Name = name
	d.m[name] = dg
	return dg, nil
}

// DigestFile reads the file at path and returns its size and SHA-256 sum (Name is left empty).
func DigestFile(path string) (Digest, error) {
	f, err := os.Open(path)
	if err != nil {
		return Digest{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return Digest{}, fmt.Errorf("%s: %w", path, err)
	}
	var dg Digest
	dg.Size = n
	h.Sum(dg.SHA256[:0])
	return dg, nil
}

// SumsName is the file of SHA-256 sums of the exports.
const SumsName = "SHA256SUMS"

// Sums is the part that writes SHA256SUMS: one line per file, "<hex>  <name>" as sha256sum
// prints it (so `sha256sum -c SHA256SUMS` checks a download), sorted by name. Every file it
// is given must be in the staging folder when it finishes; it is meant to finish last.
type Sums struct {
	files   []string
	digests *Digests
}

// NewSums returns the part writing SHA256SUMS for files.
func NewSums(files []string, digests *Digests) *Sums {
	return &Sums{files: slices.Clone(files), digests: digests}
}

// Start does nothing: the sums are of finished files.
func (s *Sums) Start(*Staging) error { return nil }

// Add does nothing: the sums are of finished files.
func (s *Sums) Add(*pipeline.Item) error { return nil }

// Finish writes SHA256SUMS.
func (s *Sums) Finish(st *Staging) error {
	names := slices.Clone(s.files)
	slices.Sort(names)
	names = slices.Compact(names)
	var b strings.Builder
	for _, name := range names {
		dg, err := s.digests.Of(st, name)
		if err != nil {
			return err
		}
		// sha256sum marks names with a backslash, a newline or a CR specially; ours have none.
		if strings.ContainsAny(name, "\\\n\r") {
			return fmt.Errorf("%w: %q", ErrBadName, name)
		}
		fmt.Fprintf(&b, "%s  %s\n", dg.Hex(), name)
	}
	return st.WriteFile(SumsName, []byte(b.String()))
}

// DigestWriter passes what is written on to a file of the exports and takes its size and
// SHA-256 sum on the way, so that the file need not be read back. Close records the digest.
type DigestWriter struct {
	w       io.Writer
	h       hash.Hash
	n       int64
	name    string
	digests *Digests
}

// Writer returns a DigestWriter for the file name, writing to w.
func (d *Digests) Writer(name string, w io.Writer) *DigestWriter {
	return &DigestWriter{w: w, h: sha256.New(), name: name, digests: d}
}

func (dw *DigestWriter) Write(p []byte) (int, error) {
	n, err := dw.w.Write(p)
	dw.h.Write(p[:n])
	dw.n += int64(n)
	return n, err
}

// Close records the digest of everything written (it does not close the file: the staging
// folder does, on Commit).
func (dw *DigestWriter) Close() error {
	dg := Digest{Name: dw.name, Size: dw.n}
	dw.h.Sum(dg.SHA256[:0])
	dw.digests.m[dw.name] = dg
	return nil
}
