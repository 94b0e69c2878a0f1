# written by kmembench plot from: results/2026-11-22-6.18.44-fc-v669-caches
nsets = 1
nworkloads = 2
set_1 = '6.18.44-fc-v669/caches (kvm)'
workload_1 = 'dentry-walk'
nsteps_1 = 3
xtics_1 = '("root" 0, "unlimited" 1, "16M/4M" 2)'
ybot_1 = 0.917328
ytop_1 = 1.25858
workload_2 = 'inode-storm'
nsteps_2 = 3
xtics_2 = '("root" 0, "unlimited" 1, "16M/4M" 2)'
ybot_2 = 0.779909
ytop_2 = 1.17183
