# limit-vs-sys.gp - memory-cgroup hard limit vs sys time, one line per result set.
#
# Written by `kmembench plot`, which exports the data and runs this script; to
# rerun it by hand on the exported data:
#   gnuplot -e "data='plots/limit-vs-sys.data'; out='plots/limit-vs-sys.png'" plots/limit-vs-sys.gp
# Variables (-e): data = directory written by kmembench plot (meta.gp and
# W-K.dat: workload W, result set K), out = image file (.png or .svg).
# Top row: sys time median per limited step with the 95% CI of the mean as
# error bars, x = hard limit on a log2 axis; root and unlimited of each set as
# horizontal reference lines. Bottom row: failcnt (median per trial) per step,
# each point labelled with its ok/total trials.
# Data columns: hard_bytes, hard label, sys median, CI low, CI high, failcnt
# median, ok trials, trials ("?" = no value).

if (!exists("data")) data = "plots/limit-vs-sys.data"
if (!exists("out")) out = "plots/limit-vs-sys.png"
load data . "/meta.gp"

width = 620 * nworkloads
height = 1000 + 40 * nsets
if (strlen(out) > 4 && out[strlen(out) - 3:] eq ".svg") {
	set terminal svg size width, height dynamic enhanced font "Sans,11" background "white"
} else {
	if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
		set terminal pngcairo size width, height enhanced font "Sans,10" background "white"
	} else {
		set terminal png size width, height font "Sans,10" background "white"
	}
}
set output out
set datafile missing "?"
set datafile separator whitespace

file(w, k) = sprintf("%s/%d-%d.dat", data, w, k)
setname(k) = value(sprintf("set_%d", k))
ref(kind, w, k) = value(sprintf("%s_%d_%d", kind, w, k))
# key entry for a reference line; none when the set lacks that step (NaN != NaN)
reftitle(kind, w, k, text) = ref(kind, w, k) == ref(kind, w, k) ? text . setname(k) : ""

set multiplot layout 2, nworkloads title "kmembench: memory-cgroup hard limit vs sys time" font ",13"
set logscale x 2
set xrange [xmin:xmax]
set grid xtics ytics lc "grey80"
set xlabel "hard limit (bytes, log_2 scale)"

do for [w = 1:nworkloads] {
	set title value(sprintf("workload_%d", w)) . ": sys time" font ",12"
	set ylabel "sys time (s), median and 95% CI"
	set key below box font ",9" spacing 1.1
	set offsets 0, 0, graph 0.08, graph 0.08
	set yrange [*:*]
	plot for [k = 1:nsets] file(w, k) using 1:3:4:5:xtic(2) with yerrorlines \
		lc k lw 2 pt 7 ps 1.2 title setname(k), \
	     for [k = 1:nsets] ref("root", w, k) with lines lc k dt 2 lw 1.5 \
		title reftitle("root", w, k, "root (not charged): "), \
	     for [k = 1:nsets] ref("unlimited", w, k) with lines lc k dt 4 lw 1.5 \
		title reftitle("unlimited", w, k, "unlimited (no limit): ")
}
do for [w = 1:nworkloads] {
	set title value(sprintf("workload_%d", w)) . ": limit failures" font ",12"
	set ylabel "failcnt per trial (median)"
	set key inside top right box opaque font ",9"
	set offsets 0, 0, graph 0.08, 0
	set yrange [0:*]
	plot for [k = 1:nsets] file(w, k) using 1:6:xtic(2) with linespoints \
		lc k lw 2 pt 5 ps 1.2 title setname(k), \
	     for [k = 1:nsets] file(w, k) using 1:6:(sprintf("%d/%d ok", $7, $8)) \
		with labels offset 0, 1 font ",8" tc lt k notitle
}
unset multiplot
