#!/usr/bin/env bash
# check_kill_rate.sh - the kill-rate table of `stopfuzz check`'s strategies over the mutation catalogue.
#
# Spec: issue 10 ("a kill-rate table ... random vs coverage-guided vs PCT vs
# bounded-exhaustive, executions to find and found/not within the budget").
# For every catalogued mutation and every strategy alone: `stopfuzz check`
# of the mutation's revision against itself with the mutation, the budget
# per side fixed (executions, not seconds: the same table on every machine),
# no confirmation or minimizing. A cell is the candidate-side execution at
# which a NEW finding of the mutation's property first showed, or "-" if
# none did within the budget. PCT and exhaustive alone explore the seed
# scenarios only (without coverage there is no corpus to add).
# Usage: tools/check_kill_rate.sh [STOPFUZZ [EXECS]]   (from the repository root)
set -euo pipefail
bin=${1:-build/release/bin/stopfuzz}
execs=${2:-20000}
strategies=(random coverage pct exhaustive)
printf '| mutation | property |'
for s in "${strategies[@]}"; do printf ' %s |' "$s"; done
printf '\n| --- | --- |'
for _ in "${strategies[@]}"; do printf ' ---: |'; done
printf '\n'
"$bin" list mutations | sed -n 's/^  \([a-z0-9-]*\) *\([a-z0-9.:-]*\).*, \(P[0-9]*\): .*/\1 \2 \3/p' |
  while read -r id rev prop; do
    printf '| %s | %s |' "$id" "$prop"
    for s in "${strategies[@]}"; do
      out=$("$bin" check --quiet --base "$rev" --candidate "$rev" --candidate-mutation "$id" --strategy "$s" \
        --execs "$execs" --confirm-execs 0 --minimize-execs 0 || true)
      # The NEW section's entries of this property: the earliest "first at #N".
      cell=$(printf '%s\n' "$out" | awk -v p="$prop" '
        /^NEW \(/ { inside = 1; next } /^FIXED \(/ { inside = 0 }
        inside && $1 == p { want = 1; next }
        inside && want && /first at #/ { match($0, /first at #[0-9]+/); n = substr($0, RSTART + 10, RLENGTH - 10) + 0;
                                          if (!best || n < best) best = n; want = 0 }
        END { print best ? best : "-" }')
      printf ' %s |' "$cell"
    done
    printf '\n'
  done
