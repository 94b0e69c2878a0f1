#!/bin/bash
# run-lib.sh - background kmembench runs for the integration tests: start, finish, cleanup on exit.
#
# Source it after setting KMB, T (the test's temp directory), PIDS=() and GUARD
# (seconds before finish interrupts a run). Installs the EXIT/INT/TERM traps.

# On any exit: kill runs still going, remove what they left, remove $T.
cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	"$KMB" cleanup >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME ARGS...: runs kmembench ARGS in the background, output in $T/NAME.{out,err};
# sets PID.
start() {
	local name=$1; shift
	"$KMB" "$@" >"$T/$name.out" 2>"$T/$name.err" &
	PID=$!
	PIDS+=("$PID")
}

# finish PID: waits for it (SIGINT, then SIGKILL, past the hang guard); sets RC.
finish() {
	local pid=$1 i
	for ((i = 0; i < GUARD * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "# pid $pid still running after ${GUARD}s: interrupting it"
		kill -INT "$pid"; sleep 10; kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid"
	RC=$?
}
