# limit-vs-sys.gp - sys time down the ladder, relative to each set's own root, one panel per workload.
#
# Written by `kmembench plot`, which exports the data and runs this script; to
# rerun it by hand on the exported data:
#   gnuplot -e "data='plots/limit-vs-sys.data'; out='plots/limit-vs-sys.png'" plots/limit-vs-sys.gp
# Variables (-e): data = directory written by kmembench plot, out = image file (.png or .svg).
# x: the steps of the ladder as categories (root, unlimited, then hard/soft limits from
# large to small); y: mean sys time of the step divided by the mean sys time of the same
# set's root step, with the 95% CI of the step's mean as error bars (root = 1 by
# definition; its own bar shows the root's spread). Sets are shifted slightly along x so
# their bars do not cover each other. Steps with failed trials get a red cross at the
# top of the panel, labelled "10/15 oom". Legends sit below the panels.
# meta.gp: nsets, nworkloads, set_K, workload_W, nsteps_W, xtics_W, ybot_W, ytop_W (data range).
# W-K.dat: x, sys/root, CI low, CI high.  W-K.fail: x, label.

if (!exists("data")) data = "plots/limit-vs-sys.data"
if (!exists("out")) out = "plots/limit-vs-sys.png"
load data . "/meta.gp"

panel_w = 560
width = panel_w * nworkloads
height = 560 + 22 * nsets
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

dat(w, k) = sprintf("%s/%d-%d.dat", data, w, k)
fail(w, k) = sprintf("%s/%d-%d.fail", data, w, k)
setname(k) = value(sprintf("set_%d", k))

set multiplot layout 1, nworkloads title "kmembench: sys time relative to root, down the ladder" font ",13"
set grid ytics lc "grey85"
set xlabel "step (hard/soft limit)"
set ylabel "sys time / root sys time (mean, 95% CI)"
set key outside below vertical Left reverse noenhanced font ",9" spacing 1.1 samplen 2
set bmargin at screen 0.14 + 0.035 * nsets
set tmargin at screen 0.88

do for [w = 1:nworkloads] {
	nst = value(sprintf("nsteps_%d", w))
	top = value(sprintf("ytop_%d", w))
	bot = value(sprintf("ybot_%d", w))
	span = top - bot > 0.1 ? top - bot : 0.1
	ymin = bot - 0.08 * span
	ymax = top + 0.3 * span
	set title value(sprintf("workload_%d", w)) font ",12" noenhanced
	set xrange [-0.5:nst - 0.5]
	set yrange [ymin:ymax]
	eval "set xtics " . value(sprintf("xtics_%d", w)) . " rotate by -30 noenhanced"
	plot 1 with lines lc "grey40" dt 2 lw 1 notitle, \
	     for [k = 1:nsets] dat(w, k) using 1:2:3:4 with yerrorlines lc k lw 2 pt 7 ps 1.1 \
		title setname(k), \
	     for [k = 1:nsets] fail(w, k) using 1:(ymax - 0.06 * (ymax - ymin)) with points lc rgb "red" pt 2 ps 1.6 \
		notitle, \
	     for [k = 1:nsets] fail(w, k) using 1:(ymax - (0.06 + 0.045 * k) * (ymax - ymin)):2 with labels \
		tc lt k font ",8" notitle
}
unset multiplot
