package stage

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
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

// SumsName is the file of SHA-256 sums of the exports (a name the staging folder accepts
// besides lower-case ones).
const SumsName = "SHA256SUMS"

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
