#!/usr/bin/env bash
# Jar check bars on Debian's Java packages (jar.md §5, issue 8):
#   * duplicate-class scan over /usr/share/java (target: < 100 ms with ~500 jars, warm OS cache);
#   * every POM in /usr/share/maven-repo builds an effective model without a crash.
# Installs the documented package list first (root, Debian), then runs the ignored tests of
# crates/jar/tests/debian.rs in release mode, twice (the first run warms the OS cache).
#
# Usage: bash benches/jar_debian.sh [--no-install]
set -euo pipefail
cd "$(dirname "$0")/.."
# Real upstream libraries with real shaded-jar duplicates (netty-all vs netty-*, the Spring jars, asm copies).
PACKAGES=(
  libspring-core-java libspring-beans-java libspring-context-java libspring-web-java libspring-aop-java
  libspring-transaction-java libspring-jdbc-java libspring-expression-java
  libjackson2-core-java libjackson2-databind-java libjackson2-annotations-java libjackson2-dataformat-yaml
  libhttpclient-java libhttpcore-java libhttpasyncclient-java
  libbyte-buddy-java libcglib-nodep-java libasm-java libguava-java libnetty-java
  libjetty9-java libtomcat9-java libbcprov-java libbcpkix-java
  liblog4j2-java libslf4j-java liblogback-java libcommons-lang3-java libcommons-io-java
  libcommons-collections4-java libcommons-compress-java libcommons-codec-java
  libmockito-java libhamcrest-java libjaxb-api-java libeclipse-jdt-core-java libgroovy-java
  libhibernate-validator-java libjsoup-java libgson-java libprotobuf-java libxerces2-java
)
if [ "${1:-}" != "--no-install" ]; then
  apt-get update -qq
  available=()
  for p in "${PACKAGES[@]}"; do
    if apt-cache show "$p" > /dev/null 2>&1; then available+=("$p"); else echo "skip (not in this Debian): $p"; fi
  done
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${available[@]}" > /dev/null
fi
echo "jars in /usr/share/java: $(find /usr/share/java -name '*.jar' | wc -l)"
for run in 1 2; do
  echo "run $run:"
  cargo test --release -q -p precheck-jar --test debian --test maven_reference -- --ignored --nocapture --test-threads=1 2>&1 | grep -E "jars|POMs|modules resolved"
done
