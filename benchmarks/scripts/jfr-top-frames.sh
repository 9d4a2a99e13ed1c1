#!/usr/bin/env bash
# Aggregates a JFR recording's execution samples: the top frames, the threads, and the first frame of
# the library's own code in each sample. Usage: jfr-top-frames.sh recording.jfr [how many, default 20]
set -euo pipefail
file=$1
top=${2:-20}
jfr print --events jdk.ExecutionSample "$file" | awk -v top="$top" '
	/sampledThread = / { thread = $0; sub(/.*sampledThread = "/, "", thread); sub(/".*/, "", thread); sub(/-[0-9]+$/, "-N", thread) }
	/stackTrace = \[/ { inStack = 1; first = 1; lib = ""; next }
	inStack && /^[[:space:]]*\]/ { inStack = 0; samples++; threads[thread]++; if (lib != "") libs[lib]++; else libs["(no library frame)"]++; next }
	inStack {
		frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/[[:space:]]+line:.*/, "", frame)
		if (first) { frames[frame]++; first = 0 }
		if (lib == "" && frame ~ /^io\.github\.reconnectingsocket\.core\./) lib = frame
	}
	END {
		printf "samples: %d\n\n== top frames ==\n", samples
		for (f in frames) printf "%6d %5.1f%% %s\n", frames[f], 100 * frames[f] / samples, f | "sort -rn | head -" top
		close("sort -rn | head -" top)
		printf "\n== threads ==\n"
		for (t in threads) printf "%6d %5.1f%% %s\n", threads[t], 100 * threads[t] / samples, t | "sort -rn | head -" top
		close("sort -rn | head -" top)
		printf "\n== first library frame ==\n"
		for (l in libs) printf "%6d %5.1f%% %s\n", libs[l], 100 * libs[l] / samples, l | "sort -rn | head -" top
	}'
