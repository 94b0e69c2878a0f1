# check-lib.sh - the shell tests' one assertion helper; sourced, never run by itself.
# shellcheck shell=bash
# check NAME CMD ARG...  ok when the command CMD ARG... succeeds;
# check NAME 'TEXT'      ok when the shell text TEXT succeeds, eval'ed in check
#                        itself: [[ ]], pipes, $(...), the caller's variables and
#                        $?, the status of the command just before check.
# Each assertion prints one TAP line, "ok - NAME" or "not ok - NAME", and is
# counted in $pass or $fail; ok and not_ok record an outcome decided elsewhere.
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $*"; }
check() {
	case $# in
	2) if eval "$2"; then ok "$1"; else not_ok "$1"; fi ;;
	*) if "${@:2}"; then ok "$1"; else not_ok "$1"; fi ;;
	esac
}
