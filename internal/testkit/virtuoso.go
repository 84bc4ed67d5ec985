package testkit

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Virtuoso is a throw-away Virtuoso server for tests: a database in its own folder, listening
// on free ports of 127.0.0.1 only, run without systemd, stopped by its PID. Its "dba" user has
// the password "dba" and may use /sparql-auth and /sparql-graph-crud-auth (digest auth);
// anonymous /sparql and /sparql-graph-crud may read.
type Virtuoso struct {
	Dir      string // the database folder; files under it may be bulk-loaded (DirsAllowed)
	HTTPPort int
	SQLPort  int
	opt      VirtuosoOptions
	cmd      *exec.Cmd
	exited   chan struct{}
}

// VirtuosoOptions size a server: the tests' small databases need little, a benchmark's
// millions of triples more.
type VirtuosoOptions struct {
	// Buffers is NumberOfBuffers, 8 kB pages of cache (0: 20,000, 160 MB); MaxDirtyBuffers is
	// three quarters of it.
	Buffers int
	// TransactionLimit is TransactionAfterImageLimit in bytes (0: 500 MB), which bounds one
	// transaction such as a MOVE of a big graph. Virtuoso reads it as a 32-bit number: above
	// 2,147,483,647 it wraps and every transaction is aborted (SR325).
	TransactionLimit int64
	// MaxRows is ResultSetMaxRows (0: 1,000,000), which also bounds a Graph Store Protocol
	// GET of a graph; MaxSeconds is MaxQueryExecutionTime (0: 120).
	MaxRows, MaxSeconds int
}

// StartVirtuoso creates a database in a new folder under parent ("" : the system's temporary
// folder) and starts virtuoso-t on it, waiting until its SPARQL endpoint answers. Ports taken
// between choosing and binding make it try again with others.
func StartVirtuoso(parent string) (*Virtuoso, error) {
	return StartVirtuosoWith(parent, VirtuosoOptions{})
}

// StartVirtuosoWith is StartVirtuoso with a server sized by opt.
func StartVirtuosoWith(parent string, opt VirtuosoOptions) (*Virtuoso, error) {
	if opt.Buffers <= 0 {
		opt.Buffers = 20000
	}
	if opt.TransactionLimit <= 0 {
		opt.TransactionLimit = 500000000
	}
	if opt.MaxRows <= 0 {
		opt.MaxRows = 1000000
	}
	if opt.MaxSeconds <= 0 {
		opt.MaxSeconds = 120
	}
	bin, err := exec.LookPath("virtuoso-t")
	if err != nil {
		return nil, err
	}
	var lastErr error
	for try := 0; try < 3; try++ {
		dir, err := os.MkdirTemp(parent, "virtuoso-")
		if err != nil {
			return nil, err
		}
		v, err := startVirtuoso(bin, dir, opt)
		if err == nil {
			return v, nil
		}
		os.RemoveAll(dir)
		lastErr = err
	}
	return nil, lastErr
}

func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func startVirtuoso(bin, dir string, opt VirtuosoOptions) (*Virtuoso, error) {
	ports, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	v := &Virtuoso{Dir: dir, HTTPPort: ports[0], SQLPort: ports[1], opt: opt, exited: make(chan struct{})}
	if err := os.WriteFile(filepath.Join(dir, "virtuoso.ini"), []byte(v.ini()), 0o644); err != nil {
		return nil, err
	}
	log, err := os.Create(filepath.Join(dir, "virtuoso.out"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd := exec.Command(bin, "+foreground", "+configfile", filepath.Join(dir, "virtuoso.ini"))
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = serverProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	v.cmd = cmd
	go func() {
		cmd.Wait()
		close(v.exited)
	}()
	deadline := time.Now().Add(90 * time.Second)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case <-v.exited:
			out, _ := os.ReadFile(filepath.Join(dir, "virtuoso.out"))
			return nil, fmt.Errorf("virtuoso-t exited while starting:\n%s", tail(string(out)))
		default:
		}
		resp, err := client.Get(v.URL("/sparql?query=ASK%7B%7D"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return v, nil
			}
		}
		if time.Now().After(deadline) {
			v.Stop()
			return nil, errors.New("virtuoso-t did not answer within 90 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// ini is the server's configuration. Queries are bounded by their execution time only: the
// optimizer's estimate of a small query's time grows with what other tests left in the store
// (an OPTIONAL-heavy example query was refused as "estimated 449 s" beside a 250,000-triple
// graph, though it runs in well under a second), so the estimate's limit is set out of reach.
func (v *Virtuoso) ini() string {
	d := v.Dir
	return fmt.Sprintf(`[Database]
DatabaseFile       = %[1]s/virtuoso.db
ErrorLogFile       = %[1]s/virtuoso.log
LockFile           = %[1]s/virtuoso.lck
TransactionFile    = %[1]s/virtuoso.trx
xa_persistent_file = %[1]s/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = %[1]s/virtuoso-temp.db
TransactionFile    = %[1]s/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort                 = 127.0.0.1:%[3]d
DisableUnixSocket          = 1
DisableTcpSocket           = 0
MaxClientConnections       = 10
CheckpointInterval         = 0
CaseMode                   = 2
DirsAllowed                = ., %[1]s
NumberOfBuffers            = %[4]d
MaxDirtyBuffers            = %[5]d
TransactionAfterImageLimit = %[6]d
MaxQueryMem                = 500M
ThreadsPerQuery            = 2

[HTTPServer]
ServerPort           = 127.0.0.1:%[2]d
ServerRoot           = %[1]s
MaxClientConnections = 10
ServerThreads        = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows           = %[7]d
MaxQueryCostEstimationTime = 100000
MaxQueryExecutionTime      = %[8]d
`, d, v.HTTPPort, v.SQLPort, v.opt.Buffers, v.opt.Buffers*3/4, v.opt.TransactionLimit, v.opt.MaxRows, v.opt.MaxSeconds)
}

// URL returns the server's URL for path ("/sparql", "/sparql-graph-crud-auth", …).
func (v *Virtuoso) URL(path string) string {
	return fmt.Sprintf("http://127.0.0.1:%d%s", v.HTTPPort, path)
}

// PID returns the server's process id.
func (v *Virtuoso) PID() int { return v.cmd.Process.Pid }

// ISQL runs SQL statements as dba through isql-vt and returns what it printed.
func (v *Virtuoso) ISQL(sql string) (string, error) {
	bin, err := exec.LookPath("isql-vt")
	if err != nil {
		if bin, err = exec.LookPath("isql"); err != nil {
			return "", err
		}
	}
	cmd := exec.Command(bin, fmt.Sprintf("127.0.0.1:%d", v.SQLPort), "dba", "dba", "exec="+sql)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	s := out.String()
	if err == nil && strings.Contains(s, "*** Error") {
		err = errors.New("isql reported an error")
	}
	if err != nil {
		return s, fmt.Errorf("isql %q: %w\n%s", sql, err, tail(s))
	}
	return s, nil
}

// Stop ends the server (SIGTERM, then SIGKILL after 10 s) and removes its folder.
func (v *Virtuoso) Stop() {
	if v.cmd != nil && v.cmd.Process != nil {
		stopSignal(v.cmd.Process)
		select {
		case <-v.exited:
		case <-time.After(10 * time.Second):
			v.cmd.Process.Kill()
			<-v.exited
		}
	}
	os.RemoveAll(v.Dir)
}
