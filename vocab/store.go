package vocab

// GenIDPath is the well-known path (RFC 8615) under which RDF 1.1 (§3.5) mints skolem IRIs, the
// IRIs that stand for blank nodes when a dump is loaded into a store that refuses them.
const GenIDPath = ".well-known/genid/"
