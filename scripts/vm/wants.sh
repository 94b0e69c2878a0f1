# wants.sh - what a profile asks of the guest (perf, the in-kernel loop module), sourced by run.sh.
# shellcheck shell=bash

# True when the run needs perf in the guest: the profile's [suite] sets perf or caches
# to something but 0/false/no/off/none, or the run arguments name --perf, --perf-reps
# or --caches (the per-cache breakdown records kmem tracepoints with perf).
wants_perf() {
	local a
	for a in "${EXTRA[@]}"; do
		[[ $a == --perf || $a == --perf=* || $a == --perf-reps* || $a == --caches* ]] && return 0
	done
	awk '
		/^[ \t]*\[/ { suite = ($0 ~ /^[ \t]*\[suite\][ \t]*([;#].*)?$/); next }
		suite && /^[ \t]*(perf|caches)[ \t]*=/ {
			v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t]*([;#].*)?$/, "", v)
			if (tolower(v) !~ /^(0|false|no|off|none|)$/) found = 1
		}
		END { exit !found }' "$PROFILE"
}

# True when the profile's [micro] ops or the micro arguments name an in-kernel loop op (k:...).
wants_kloop() {
	[[ " ${MICRO_EXTRA[*]} " == *k:* ]] && return 0
	awk '
		/^[ \t]*\[/ { micro = ($0 ~ /^[ \t]*\[micro\]/); next }
		micro && /^[ \t]*ops[ \t]*=.*k:/ { found = 1 }
		END { exit !found }' "$PROFILE"
}
