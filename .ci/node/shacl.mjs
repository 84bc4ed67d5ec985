// node shacl.mjs SHAPES DATA : validates the RDF graph in DATA (Turtle, or N-Triples for .nt)
// against the SHACL shapes in SHAPES with rdf-validate-shacl, and prints the report as JSON:
// {"conforms": bool, "results": [{focusNode, path, value, message, component, severity}]}.
// Exit 0 when the data conforms, 1 when it does not, 2 when a file cannot be read or parsed.
import fs from 'node:fs';
import N3 from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

function parse(file) {
  const format = file.endsWith('.nt') ? 'N-Triples' : 'Turtle';
  return new N3.Parser({ format, baseIRI: 'file://' + file }).parse(fs.readFileSync(file, 'utf8'));
}

const [shapesFile, dataFile] = process.argv.slice(2);
if (!shapesFile || !dataFile) {
  console.error('usage: node shacl.mjs SHAPES DATA');
  process.exit(2);
}
let shapes, data;
try {
  shapes = parse(shapesFile);
  data = new N3.Store(parse(dataFile));
} catch (e) {
  console.error(`${e.message}`);
  process.exit(2);
}
const report = await new SHACLValidator(shapes).validate(data);
const value = (t) => (t ? t.value : null);
const results = report.results.map((r) => ({
  focusNode: value(r.focusNode),
  path: value(r.path),
  value: value(r.value),
  message: r.message.map((m) => m.value),
  component: value(r.sourceConstraintComponent),
  severity: value(r.severity),
}));
process.stdout.write(JSON.stringify({ conforms: report.conforms, results }, null, 1) + '\n');
// Not process.exit: it would cut off a long report still queued for a pipe.
process.exitCode = report.conforms ? 0 : 1;
