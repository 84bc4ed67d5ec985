// node rdf2nt.mjs FILE... : parses each file with an independent JavaScript parser (jsonld.js
// for .jsonld, N3.js for .ttl and .nt) and prints its triples as N-Triples on stdout, one per
// line. Exit 1 on any parse error.
// node rdf2nt.mjs --serve : reads one file name a line on stdin and answers each with "OK N" and
// N bytes of N-Triples, or "FAIL N" and N bytes of the error, so that a test binary starts
// Node.js once. Nothing is fetched: remote contexts are refused.
import fs from 'node:fs';
import readline from 'node:readline';
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

function ntriples(quads) {
  const w = new N3.Writer({ format: 'N-Triples' });
  return quads.map((q) => w.quadToString(q.subject, q.predicate, q.object)).join('');
}

if (process.argv[2] === '--serve') {
  for await (const file of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    let status = 'OK';
    let body;
    try {
      body = ntriples(await triples(file));
    } catch (e) {
      status = 'FAIL';
      body = `${file}: ${e.message}`;
    }
    process.stdout.write(`${status} ${Buffer.byteLength(body, 'utf8')}\n${body}`);
  }
} else {
  await convert(process.argv.slice(2));
}

// convert writes the N-Triples of files.
async function convert(files) {
  let rc = 0;
  for (const f of files) {
    try {
      process.stdout.write(ntriples(await triples(f)));
    } catch (e) {
      console.error(`${f}: ${e.message}`);
      rc = 1;
    }
  }
  // Not process.exit: it would cut off what is still queued for a pipe (writes to pipes are
  // asynchronous), losing all output past the pipe's buffer.
  process.exitCode = rc;
}
