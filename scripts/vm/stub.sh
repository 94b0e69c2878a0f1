#!/bin/sh
# stub.sh - stand-in guest payload (KMB_MODE=stub): proves the VM machinery
# without the harness. Builds a small tree on the ext4 data disk, drops the
# dentry/inode caches, runs `du -s` in the root cgroup and in a fresh child
# memory cgroup, and writes what it saw to /out/stub.txt.
set -u
tree=/mnt/data/stub-tree
n=${KMB_STUB_FILES:-2000}
mkdir -p "$tree"
i=0
while [ $i -lt "$n" ]; do
	d=$tree/d$((i / 100))
	[ -d "$d" ] || mkdir "$d"
	: >"$d/f$i"
	i=$((i + 1))
done
sync
out=/out/stub.txt
echo "kernel $(uname -r)" >"$out"
echo "cgroup $KMB_CGROUP" >>"$out"
echo "virt $KMB_VIRT" >>"$out"
echo 2 >/proc/sys/vm/drop_caches
echo "root_du $(du -s "$tree" | cut -f1)" >>"$out"
if [ "$KMB_CGROUP" = v1 ]; then
	cg=/sys/fs/cgroup/memory/stub
else
	cg=/sys/fs/cgroup/stub
fi
mkdir "$cg" || exit 1
echo 2 >/proc/sys/vm/drop_caches
sh -c "echo \$\$ >$cg/cgroup.procs && du -s $tree" | sed 's/^/child_du /; s/\t.*//' >>"$out"
if [ -f "$cg/memory.stat" ]; then
	grep -E '^(slab|kernel|slab_reclaimable) ' "$cg/memory.stat" | sed 's/^/stat_/' >>"$out"
fi
[ -f "$cg/memory.kmem.usage_in_bytes" ] && echo "kmem_usage $(cat "$cg/memory.kmem.usage_in_bytes")" >>"$out"
rmdir "$cg"
cat "$out"
