#!/usr/bin/env bash
# The report in a real browser, by hand (CI has no browser; ReportBrowserTest does the same check
# automatically wherever chromium is on the PATH). Builds the plugin, writes the report of the
# examples module, opens a page of it in headless Chromium from file:// (no network), checks that
# Graphviz drew the graph, and saves a screenshot to look at.
#
#   maven-plugin/scripts/report-screenshot.sh [page.html [out.png]]
#
# Defaults: the two-layer net's loss, saved to maven-plugin/docs/report.png (the README's picture).
# Needs chromium (Debian: apt-get install -y chromium).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
page=${1:-dev.flatgrad.examples.net.TwoLayerNet.loss.html}
out=$(realpath -m "${2:-$root/maven-plugin/docs/report.png}")
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chromium" ]; then
  echo "no chromium on the PATH (Debian: apt-get install -y chromium)" >&2
  exit 1
fi
cd "$root"
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' maven-plugin/pom.xml | head -1)
mvn -B -q install -DskipTests -Dinvoker.skip=true -pl annotations,runtime,processor,maven-plugin
mvn -B -q -pl examples "dev.flatgrad:flatgrad-maven-plugin:$version:report"

url="file://$root/examples/target/flatgrad/$page"
browse() {
  "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking --hide-scrollbars \
    --window-size=1400,1250 --virtual-time-budget=10000 "$@" "$url" 2>/dev/null
}
if ! browse --dump-dom | grep -q 'data-rendered="true"'; then
  echo "the graph was not drawn on $url" >&2
  exit 1
fi
browse --screenshot="$out" >/dev/null
echo "graph drawn; screenshot of $url in $out"
