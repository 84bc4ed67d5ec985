// node rdf2nt.mjs [--each] FILE... : parses each file with an independent JavaScript parser
// (jsonld.js for .jsonld, N3.js for .ttl and .nt) and prints its triples as N-Triples on stdout,
// one per line. With --each, prints one JSON object instead, mapping each file to its N-Triples
// (many small documents in one process: Node.js starts slowly). Exit 1 on any parse error.
// Nothing is fetched: remote contexts are refused.
import fs from 'node:fs';
import jsonld from 'jsonld';
import N3 from 'n3';

const refuse = async (url) => { throw new Error(`refusing to load ${url}: dumps must be self-contained`); };

async function triples(file) {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.jsonld') || file.endsWith('.json')) {
    const doc = JSON.parse(text);
    // jsonld.js is quadratic when it writes N-Quads itself: take its dataset and let N3 write it.
    const quads = await jsonld.toRDF(doc, { documentLoader: refuse, safe: true });
    return quads.map((q) => N3.DataFactory.quad(term(q.subject), term(q.predicate), term(q.object)));
  }
  const format = file.endsWith('.nt') ? 'N-Triples' : 'Turtle';
  return new N3.Parser({ format }).parse(text);
}

function term(t) {
  const { namedNode, blankNode, literal } = N3.DataFactory;
  switch (t.termType) {
    case 'NamedNode': return namedNode(t.value);
    case 'BlankNode': return blankNode(t.value.replace(/^_:/, ''));
    default: return literal(t.value, t.language || namedNode(t.datatype.value));
  }
}

let rc = 0;
let files = process.argv.slice(2);
const each = files[0] === '--each';
if (each) files = files.slice(1);
const byFile = {};
for (const f of files) {
  try {
    const w = new N3.Writer({ format: 'N-Triples' });
    const out = (await triples(f)).map((q) => w.quadToString(q.subject, q.predicate, q.object));
    if (each) byFile[f] = out.join('');
    else process.stdout.write(out.join(''));
  } catch (e) {
    console.error(`${f}: ${e.message}`);
    rc = 1;
  }
}
if (each) process.stdout.write(JSON.stringify(byFile));
// Not process.exit: it would cut off what is still queued for a pipe (writes to pipes are
// asynchronous), losing all output past the pipe's buffer.
process.exitCode = rc;
