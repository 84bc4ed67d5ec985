package export_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/stage"
	"github.com/coopgraph/coopgraph/vocab"
)

func lockOptions(out string, wait bool) export.Options {
	return export.Options{Inputs: []string{dataDir()}, Out: out, Base: vocab.DefaultBase,
		Formats: format.Defaults(), Record: record.Options{ThisYear: 2026}, Wait: wait}
}

// TestConcurrentExportsWait runs four exports of the same records into one folder at once, each
// told to wait for the others: every one succeeds (none deletes another's staging folder), and
// the folder ends as one export makes it, with nothing left beside it.
func TestConcurrentExportsWait(t *testing.T) {
	ref := filepath.Join(t.TempDir(), "exports")
	if res, err := export.Run(lockOptions(ref, false)); err != nil {
		t.Fatalf("export: %v\n%v", err, res.Diags)
	}
	want := hashTree(t, ref)
	out := filepath.Join(t.TempDir(), "exports")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = export.Run(lockOptions(out, true))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("export %d: %v", i, err)
		}
	}
	if hashTree(t, out) != want {
		t.Error("the folder is not what one export makes")
	}
	if got := names(t, filepath.Dir(out)); !slices.Equal(got, []string{"exports"}) {
		t.Errorf("beside the exports: %v", got)
	}
}

// TestExportWhileFolderHeld holds the folder as a running export does: an export without Wait
// fails with stage.ErrLocked and touches nothing (the folder, the holder's staging folder);
// with Wait it says it waits, then writes the folder once the holder is done.
func TestExportWhileFolderHeld(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exports")
	if res, err := export.Run(lockOptions(out, false)); err != nil {
		t.Fatalf("export: %v\n%v", err, res.Diags)
	}
	before := hashTree(t, out)
	held, err := stage.Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Abort()
	if err := held.WriteFile("coops.ttl", []byte("the other export's\n")); err != nil {
		t.Fatal(err)
	}

	if _, err := export.Run(lockOptions(out, false)); !errors.Is(err, stage.ErrLocked) {
		t.Fatalf("export while another holds the folder: %v, want stage.ErrLocked", err)
	}
	if hashTree(t, out) != before {
		t.Error("the exports changed")
	}
	if _, err := os.Stat(held.Dir()); err != nil {
		t.Fatalf("the other export's staging folder is gone: %v", err)
	}

	opt := lockOptions(out, true)
	waiting := make(chan string, 1)
	opt.Waiting = func(p string) { waiting <- p }
	done := make(chan error, 1)
	go func() { _, err := export.Run(opt); done <- err }()
	select {
	case p := <-waiting:
		if p != stage.LockName(out) {
			t.Errorf("waiting on %s", p)
		}
	case err := <-done:
		t.Fatalf("the export did not wait: %v", err)
	}
	if err := held.Commit(); err != nil { // the other export finishes
		t.Fatalf("the other export could not finish: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the waiting export: %v", err)
	}
	if hashTree(t, out) != before {
		t.Error("the waiting export did not write the folder whole")
	}
}
