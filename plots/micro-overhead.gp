# micro-overhead.gp - per-operation accounting overhead of micro sets, one series per set and arm.
#
# Written by `kmembench plot` for micro sets (kmembench micro); to rerun it by hand:
#   gnuplot -e "data='plots/limit-vs-sys-micro.data'; out='plots/limit-vs-sys-micro.png'" plots/micro-overhead.gp
# x: the ops (largest overhead of the first set first); y: overhead of the arm against
# root in %, paired by round (trimmed mean of per-round log-ratios) with its 95% CI as
# error bars. Series are shifted slightly along x so their bars do not cover each other.
# meta.gp: nops, xtics, nseries, series_S, ybot, ytop.  S.dat: x, pct, CI low, CI high.

if (!exists("data")) data = "plots/limit-vs-sys-micro.data"
if (!exists("out")) out = "plots/limit-vs-sys-micro.png"
load data . "/meta.gp"

width = 200 + 70 * nops
width = width < 900 ? 900 : width
height = 560 + 22 * nseries
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

dat(s) = sprintf("%s/%d.dat", data, s)
title(s) = value(sprintf("series_%d", s))
shift(s) = nseries > 1 ? (s - (nseries + 1) / 2.0) * 0.6 / nseries : 0

span = ytop - ybot > 1 ? ytop - ybot : 1
set title "kmembench micro: per-operation cost of kmem accounting (overhead vs root, 95% CI)" font ",13"
set grid ytics lc "grey85"
set xrange [-0.6:nops - 0.4]
set yrange [ybot - 0.08 * span:ytop + 0.12 * span]
eval "set xtics " . xtics . " rotate by -35 noenhanced"
set ylabel "overhead vs root (%)"
set key outside below vertical Left reverse noenhanced font ",9" spacing 1.1 samplen 2
set bmargin at screen 0.16 + 0.035 * nseries
plot 0 with lines lc "grey40" dt 2 lw 1 notitle, \
     for [s = 1:nseries] dat(s) using ($1 + shift(s)):2:3:4 with yerrorbars lc s lw 2 pt 7 ps 1.1 \
	title title(s)
