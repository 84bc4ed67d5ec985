// JenaServer runs Apache Jena's parsers, SPARQL engine and SHACL validator for the tests, one
// request a line on standard input, so that a test binary starts one JVM instead of one per
// file. .ci/jena.sh runs it as a single-file source program (java's source launcher; no build).
//
// Requests, fields separated by TAB:
//   parse SYNTAX FILE            SYNTAX: turtle, ntriples, nquads, jsonld10. Answers N-Triples
//                                (N-Quads for nquads). Like `riot --strict`, a warning fails.
//   sparql QUERYFILE DATAFILE…   a SELECT over the files loaded into the default graph, as
//                                `arq.sparql --results=TSV` answers it.
//   shacl SHAPESFILE DATAFILE    the validation report in Turtle, as `shacl.shacl validate`.
// Answer: "OK N" and N bytes, or "FAIL N" and N bytes of messages.
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.atlas.lib.IRILib;
import org.apache.jena.graph.Graph;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sys.JenaSystem;

public class JenaServer {
    public static void main(String[] args) throws Exception {
        JenaSystem.init();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
        String line;
        while ((line = in.readLine()) != null) {
            String[] req = line.split("\t");
            List<String> problems = new ArrayList<>();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                switch (req[0]) {
                    case "parse":
                        need(req, 3, 3);
                        parse(lang(req[1]), req[2], answer, problems);
                        break;
                    case "sparql":
                        need(req, 3, Integer.MAX_VALUE);
                        sparql(req, answer);
                        break;
                    case "shacl":
                        need(req, 3, 3);
                        shacl(req[1], req[2], answer);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown request " + req[0]);
                }
            } catch (Exception e) {
                problems.add(e.toString());
            }
            byte[] body = problems.isEmpty() ? answer.toByteArray()
                    : String.join("\n", problems).getBytes(StandardCharsets.UTF_8);
            out.write(((problems.isEmpty() ? "OK " : "FAIL ") + body.length + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
        }
    }

    static void need(String[] req, int min, int max) {
        if (req.length < min || req.length > max) {
            throw new IllegalArgumentException("wrong number of fields for " + req[0]);
        }
    }

    static Lang lang(String syntax) {
        switch (syntax) {
            case "turtle": return Lang.TURTLE;
            case "ntriples": return Lang.NTRIPLES;
            case "nquads": return Lang.NQUADS;
            case "jsonld10": return Lang.JSONLD10;
            default: throw new IllegalArgumentException("unknown syntax " + syntax);
        }
    }

    static void parse(Lang lang, String path, OutputStream out, List<String> problems) throws Exception {
        ErrorHandler eh = new ErrorHandler() {
            public void warning(String msg, long line, long col) {
                problems.add("WARN [line: " + line + ", col: " + col + "] " + msg);
            }
            public void error(String msg, long line, long col) {
                problems.add("ERROR [line: " + line + ", col: " + col + "] " + msg);
                throw new RiotException(msg);
            }
            public void fatal(String msg, long line, long col) {
                problems.add("FATAL [line: " + line + ", col: " + col + "] " + msg);
                throw new RiotException(msg);
            }
        };
        StreamRDF w = StreamRDFWriter.getWriterStream(out, lang == Lang.NQUADS ? RDFFormat.NQUADS : RDFFormat.NTRIPLES);
        w.start();
        try (InputStream in = new FileInputStream(path)) {
            RDFParser.source(in).base(IRILib.filenameToIRI(path)).lang(lang).strict(true).checking(true)
                    .errorHandler(eh).parse(w);
        } catch (RiotException e) {
            if (problems.isEmpty()) {
                problems.add(e.getMessage());
            }
        }
        w.finish();
    }

    static void sparql(String[] req, OutputStream out) {
        Dataset ds = DatasetFactory.create();
        for (int i = 2; i < req.length; i++) {
            RDFDataMgr.read(ds.getDefaultModel(), req[i]);
        }
        try (QueryExecution qe = QueryExecutionFactory.create(QueryFactory.read(req[1]), ds)) {
            ResultSetFormatter.outputAsTSV(out, qe.execSelect());
        }
    }

    static void shacl(String shapesFile, String dataFile, OutputStream out) {
        Graph shapes = RDFDataMgr.loadGraph(shapesFile);
        Graph data = RDFDataMgr.loadGraph(dataFile);
        ValidationReport report = ShaclValidator.get().validate(Shapes.parse(shapes), data);
        RDFDataMgr.write(out, report.getModel(), Lang.TTL);
    }
}
