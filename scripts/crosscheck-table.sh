#!/usr/bin/env bash
# crosscheck-table.sh - the markdown table of a crosscheck folder: real-time change of each
# step against root, by hyperfine and by kmembench, with 95% CIs, and whether they agree.
# Usage: scripts/crosscheck-table.sh DIR   (DIR written by scripts/crosscheck.sh)
set -eu
dir=${1:?usage: scripts/crosscheck-table.sh DIR}
KMB=${KMB:-$(dirname "$0")/../build/kmembench}
echo "| command | step | hyperfine: real vs root | kmembench run: real vs root | CIs overlap |"
echo "|---|---|---|---|---|"
for name in du find; do
	[ -f "$dir/hyperfine-$name/run.json" ] || continue
	h=$("$KMB" compare "$dir/hyperfine-$name" --metric real --json)
	k=$("$KMB" compare "$dir/kmembench-$name" --metric real --json)
	jq -rn --argjson h "$h" --argjson k "$k" --arg name "$name" '
		def rows($m): [$m.workloads[0].rows[] | select(.vs_root != null)
			| {step, pct: .vs_root.change_pct, ci: .vs_root.ci95_pct}];
		def cell($r): "\($r.pct * 10 | round / 10)% ± \($r.ci * 10 | round / 10)%";
		(rows($k) | map({key: .step, value: .}) | from_entries) as $kk
		| rows($h)[] | . as $r | $kk[$r.step] as $q | select($q != null)
		| "| `\($name)` | \($r.step) | \(cell($r)) | \(cell($q)) | "
		  + (if (($r.pct - $q.pct) | fabs) <= ($r.ci + $q.ci) then "yes" else "**no**" end)
		  + " |"'
done
echo
echo "Change of the mean real time against the root step, ± the half-width of the 95% CI of the"
echo "difference (Welch), both computed by \`kmembench compare --metric real\`; hyperfine times"
echo "\`kmembench exec STEP -- CMD\` (so its times include the exec's cgroup setup), kmembench"
echo "times CMD alone inside the trial's cgroup."
