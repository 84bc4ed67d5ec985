package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/coopgraph/coopgraph/internal/site"
	"github.com/urfave/cli/v2"
)

// DefaultAddr is where serve listens unless --addr says otherwise: this machine only.
const DefaultAddr = "127.0.0.1:8080"

func serveCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "serve",
		Usage:     "serve an exports folder, answering co-op and dataset IRIs by content negotiation",
		ArgsUsage: "[DIR]  (the exports folder; default " + DefaultOut + ")",
		Description: "Serves the files of DIR and answers /id/<id> (and /id/<dataset>/<id>) with 303 See Other\n" +
			"to the page, .ttl, .jsonld or .nt according to the Accept header (q-values weighed; HTML for\n" +
			"browsers and */*; 406 when none is acceptable; 404 for unknown ids); /dataset (the publication)\n" +
			"with index.html or void.ttl, .jsonld, .nt; /dataset/<name> (directory, or an imported dataset)\n" +
			"with its page or datasets/<name>.void.*; /ontology (and /ontology/<term>) with ontology.html or\n" +
			"ontology.ttl. Files get their registered media types and a static host's headers (CSP,\n" +
			"X-Frame-Options, Referrer-Policy, ETag, Cache-Control; 304 to conditional requests). A request\n" +
			"made while an export swaps the folder is answered from the new folder. Only GET and HEAD. It is\n" +
			"for trying the exports locally: a static host does the same with the .htaccess in the exports\n" +
			"folder. Stops on Ctrl-C.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: DefaultAddr, Usage: "listen on `HOST:PORT` (port 0 picks a free one)"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 1 {
				return usage("serve takes one folder, got %s", count(c.Args().Len(), "argument"))
			}
			dir := DefaultOut
			if c.Args().Len() == 1 {
				dir = c.Args().First()
			}
			dir = env.resolve(dir)
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				return invalid(fmt.Errorf("%s is not an exports folder (run coopgraph export first)", dir))
			}
			h, err := site.NewHandler(dir)
			if err != nil {
				return failure(err)
			}
			ln, err := net.Listen("tcp", c.String("addr"))
			if err != nil {
				return failure(err)
			}
			srv := &http.Server{
				Handler:           h,
				ReadHeaderTimeout: 10 * time.Second,
				ReadTimeout:       30 * time.Second,
				WriteTimeout:      5 * time.Minute, // whole dumps go out over slow links
				IdleTimeout:       2 * time.Minute,
				MaxHeaderBytes:    64 << 10,
			}
			env.printf(env.Stderr, "serving %s at http://%s/ (Ctrl-C stops)\n", dir, ln.Addr())
			done := make(chan error, 1)
			go func() { done <- srv.Serve(ln) }()
			select {
			case err := <-done:
				return failure(err)
			case <-c.Context.Done():
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return failure(err)
			}
			return nil
		},
	}
}
