#!/usr/bin/env bash
# test_exec.sh - `kmembench exec` on this box's real memory cgroup: the command runs in a
# fresh kmembench cgroup (or the root), its exit status comes back (128+N for signal N),
# an OOM kill is named, SIGINT kills the command, and no cgroup is left after any of it.
# Needs root and cgroup v1 memory (exit 77 otherwise). Env: KMB (kmembench binary).
set -u
. "$(dirname "$0")/check-lib.sh"
CG=/sys/fs/cgroup/memory/kmembench
[ "$(id -u)" -eq 0 ] || { echo "test_exec.sh: SKIP: needs root"; exit 77; }
[ -d /sys/fs/cgroup/memory ] || { echo "test_exec.sh: SKIP: no v1 memory hierarchy"; exit 77; }
: "${KMB:?KMB must point at the kmembench binary}"
T=$(mktemp -d /tmp/kmb-exec.XXXXXX)
trap 'rm -rf "$T"' EXIT

# left PID: cgroups named after kmembench pid PID still under the suite's parent.
left() { find "$CG" -maxdepth 1 -name "r$1-*" 2>/dev/null | wc -l; }

"$KMB" exec 4M/2M -- sh -c 'cat /proc/self/cgroup' >"$T/out" 2>"$T/err"
check "exec 4M/2M: exit 0" [ $? -eq 0 ]
check "exec 4M/2M: the command ran in a kmembench cgroup" grep -Eq 'memory:/kmembench/r[0-9]+-exec$' "$T/out"
pid=$(grep -Eo 'r[0-9]+-exec' "$T/out" | tr -dc 0-9)
check "exec 4M/2M: its cgroup is gone" [ "$(left "$pid")" -eq 0 ]

"$KMB" exec 4M/2M -- sh -c 'd=/sys/fs/cgroup/memory$(grep memory: /proc/self/cgroup | cut -d: -f3);
	cat $d/memory.limit_in_bytes' >"$T/lim" 2>&1
check "exec 4M/2M: the hard limit is set" [ "$(cat "$T/lim")" = 4194304 ]

"$KMB" exec root -- sh -c 'grep memory: /proc/self/cgroup' >"$T/out" 2>&1
check "exec root: the command ran in the root memory cgroup" grep -q 'memory:/$' "$T/out"
"$KMB" exec root -- false
check "exec root -- false: exit 1" [ $? -eq 1 ]
"$KMB" exec unlimited -- sh -c 'exit 7'
check "exec unlimited: exit status 7 comes back" [ $? -eq 7 ]
"$KMB" exec unlimited -- sh -c 'kill -TERM $$'
check "exec: killed by SIGTERM gives 143" [ $? -eq 143 ]

"$KMB" exec 8M/4M -- sh -c 'x=$(head -c 64M /dev/zero | tr "\0" a)' 2>"$T/err"
rc=$?
check "exec 8M/4M with 64M of memory: killed (137)" [ $rc -eq 137 ]
check "exec 8M/4M: the OOM kill is named" grep -q 'was OOM-killed in cgroup' "$T/err"

"$KMB" exec unlimited -- sleep 30 &
kpid=$!
for _ in $(seq 50); do [ "$(left "$kpid")" -eq 1 ] && break; sleep 0.1; done
check "SIGINT: the exec cgroup existed" [ "$(left "$kpid")" -eq 1 ]
kill -INT "$kpid"
wait "$kpid"
check "SIGINT: exit 130" [ $? -eq 130 ]
check "SIGINT: no cgroup left" [ "$(left "$kpid")" -eq 0 ]
check "SIGINT: sleep is gone" '! pgrep -f "^sleep 30$" >/dev/null'

# bad input: exit 2, one line on stderr naming the value, nothing created
bad() {
	local want=$1; shift
	"$KMB" exec "$@" >"$T/o" 2>"$T/e"
	local rc=$?
	check "bad exec $*: exit 2" [ $rc -eq 2 ]
	check "bad exec $*: one line naming $want" \
		'[ "$(wc -l <"$T/e")" -eq 1 ] && grep -qF -- "$want" "$T/e" && [ ! -s "$T/o" ]'
}
bad "'bogus'" bogus -- true
bad "'halve:16M/4M:1M'" halve:16M/4M:1M -- true
bad "'auto'" auto -- true
bad "missing CMD" 4M/2M
bad "missing CMD" 4M/2M --
bad "missing STEP"
bad "'0'" unlimited --timeout 0 -- true
bad "'x'" unlimited --timeout x -- true
bad "'--bogus'" unlimited --bogus -- true
bad "'--timeout' needs a value" unlimited --timeout
"$KMB" exec root --timeout=5 -- true
check "exec root --timeout=5 -- true: exit 0" [ $? -eq 0 ]
check "exec STEP --help names --timeout" '"$KMB" exec unlimited --help | grep -q -- --timeout'
"$KMB" exec root -- /nonexistent/cmd 2>/dev/null
check "exec of a missing command: 127" [ $? -eq 127 ]
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
