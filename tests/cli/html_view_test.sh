#!/bin/bash
# html_view_test.sh - the HTML view as a person sees it, in headless Chromium.
#
# Spec: issue 14 ("an HTML view ... rendered in headless Chromium with
# checks on what a person would see: one lane per CPU, the violation marker
# present and visible, no script errors in the console, and a screenshot
# kept as a CI artifact"). An 8-CPU violation (mutation note-after-ack on
# revision final: a crash stop where the note follows the ack) is written
# with `stopfuzz replay --html`, then Chromium dumps the DOM after the
# page's script ran and takes a screenshot.
# Usage: html_view_test.sh STOPFUZZ_BIN ARTIFACT_DIR
set -euo pipefail
bin=$1
artifacts=$2
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "html_view_test: $*" >&2; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || fail "chromium is not installed (ci/common.sh installs it)"

# 8 CPUs (first byte 6), crash kernel loaded (fourth byte 1), every target responsive.
printf '\x06\x00\x00\x01' > "$work/eight-cpus"
set +e
"$bin" replay --revision final --mutation note-after-ack --html "$work/view.html" --trace "$work/trace.json" \
  "$work/eight-cpus" > "$work/timeline.txt"
rc=$?
set -e
[ "$rc" = 1 ] || fail "expected a violation (exit 1), got exit $rc: $(cat "$work/timeline.txt")"
grep -q 'http' "$work/view.html" && fail "the page refers to the network"

flags=(--headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars --window-size=1400,1100
       --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
"$browser" "${flags[@]}" --dump-dom "file://$work/view.html" > "$work/dom.html" 2> "$work/console.log" ||
  fail "chromium --dump-dom failed: $(tail -3 "$work/console.log")"
"$browser" "${flags[@]}" --screenshot="$artifacts/html_view.png" "file://$work/view.html" \
  > /dev/null 2> "$work/console2.log" || fail "chromium --screenshot failed: $(tail -3 "$work/console2.log")"

grep -q 'data-rendered="yes"' "$work/dom.html" || fail "the page script did not run"
lanes=$(grep -o 'class="head cpu"' "$work/dom.html" | wc -l)
[ "$lanes" = 8 ] || fail "expected 8 CPU lanes, found $lanes"
grep -q 'data-lanes="8"' "$work/dom.html" || fail "the browser counted another number of lanes"
grep -q 'id="violation"' "$work/dom.html" || fail "no violation marker"
grep -q 'data-violation-visible="yes"' "$work/dom.html" || fail "the violation marker is not visible"
grep -q 'class="verdict violation"' "$work/dom.html" || fail "no violation verdict"
if grep -E 'CONSOLE.*(Uncaught|Error|error)' "$work/console.log" "$work/console2.log"; then
  fail "script errors in the console"
fi
[ -s "$artifacts/html_view.png" ] || fail "no screenshot"
cp "$work/view.html" "$artifacts/html_view.html"
echo "html_view_test: 8 lanes, violation visible, no console errors; screenshot $artifacts/html_view.png"
