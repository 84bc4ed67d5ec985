#!/bin/sh
# .ci/jena.sh CLASS [ARGS…] runs one of Apache Jena's command-line tools from Debian's
# libapache-jena-java 4.5 (riotcmd.riot, shacl.shacl, tdb2.tdbloader, tdb2.tdbquery, arq.sparql).
#
# Debian's packaging needs two adjustments, both made here:
#  - '/usr/share/java/*' on the class path puts two SLF4J bindings side by side and the JVM
#    refuses to start, so the class path lists exactly the jars Jena needs;
#  - jena-core relocates Xerces' classes to the package "xerces" but leaves their message
#    resources under org/apache/jena/ext/xerces, so datatype checks fail to initialise; a small
#    jar with the resources at the path the classes expect is built once and put first.
# Jena's shacl command exits 0 even when data does not conform: read its report.
set -eu
J=/usr/share/java
[ -f "$J/jena-core.jar" ] || { echo "jena.sh: libapache-jena-java is not installed" >&2; exit 127; }
CACHE=${COOPGRAPH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/coopgraph}
FIX="$CACHE/jena-xerces-resources.jar"
if [ ! -s "$FIX" ]; then
  mkdir -p "$CACHE"
  T=$(mktemp -d)
  trap 'rm -rf "$T"' EXIT
  ( cd "$T" && unzip -q "$J/jena-core.jar" 'org/apache/jena/ext/xerces/*' \
    && mkdir -p x && mv org/apache/jena/ext/xerces x/xerces && cd x && zip -qr "$T/fix.jar" xerces )
  mv "$T/fix.jar" "$FIX"
fi
CP="$FIX"
for j in jena-base jena-core jena-iri jena-arq jena-shacl jena-shex jena-rdfconnection \
  jena-dboe-base jena-dboe-index jena-dboe-storage jena-dboe-trans-data jena-dboe-transaction \
  jena-tdb jena-tdb2 jena-cmds commons-cli commons-codec commons-compress commons-csv commons-io \
  commons-lang3 dexx.collection gson guava httpclient httpclient-cache httpcore jackson-core \
  jackson-databind jackson-annotations jsonld-java jakarta.json-api titanium-json-ld protobuf \
  thrift slf4j-api slf4j-simple; do
  CP="$CP:$J/$j.jar"
done
exec java ${JENA_JVM_ARGS:--Xss8m} -cp "$CP" "$@"
