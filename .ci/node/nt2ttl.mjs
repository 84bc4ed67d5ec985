// node nt2ttl.mjs [--prefixes FILE.ttl] IN.nt OUT.ttl : converts N-Triples to Turtle with N3.js,
// streaming (N3.StreamParser piped into N3.StreamWriter; the file is never wholly in memory).
// It is the N3.js side of `make bench`. The writer gets the prefixes declared at the head of
// FILE.ttl (its leading @prefix/PREFIX lines; by default the coops.ttl beside IN.nt), so that
// N3.js abbreviates IRIs as coopgraph's Turtle dump does: a fair comparison.
// Exit 1 on a parse or I/O error (OUT.ttl is then removed), 2 on bad arguments.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import N3 from 'n3';

// prefixes reads the prefix declarations at the head of a Turtle file, stopping at the first
// line that is neither a declaration, a comment nor blank: only the head is read, whatever the
// file's size.
function prefixes(file) {
  const out = {};
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    let rest = '';
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      const lines = (rest + buf.toString('utf8', 0, n)).split('\n');
      rest = n === 0 ? '' : lines.pop();
      for (const raw of lines) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) continue;
        const m = /^@prefix\s+([^\s:]*):\s*<([^>]*)>\s*\.$/.exec(line) || /^PREFIX\s+([^\s:]*):\s*<([^>]*)>$/i.exec(line);
        if (!m) return out;
        out[m[1]] = m[2];
      }
      if (n === 0) return out;
    }
  } finally {
    fs.closeSync(fd);
  }
}

let args = process.argv.slice(2);
let prefixFile = null;
if (args[0] === '--prefixes') {
  prefixFile = args[1];
  args = args.slice(2);
}
if (args.length !== 2 || prefixFile === undefined || prefixFile === '') {
  console.error('usage: node nt2ttl.mjs [--prefixes FILE.ttl] IN.nt OUT.ttl');
  process.exitCode = 2;
} else {
  const [input, output] = args;
  try {
    const file = prefixFile ?? path.join(path.dirname(input), 'coops.ttl');
    const pfx = prefixes(file);
    await pipeline(
      fs.createReadStream(input),
      new N3.StreamParser({ format: 'N-Triples' }),
      new N3.StreamWriter({ format: 'Turtle', prefixes: pfx }),
      fs.createWriteStream(output),
    );
  } catch (e) {
    console.error(`nt2ttl: ${e.message}`);
    fs.rmSync(output, { force: true });
    // Not process.exit: see rdf2nt.mjs (output still queued would be cut off).
    process.exitCode = 1;
  }
}
