#!/usr/bin/env python3
# ns_per_object.py - accounting cost per charged object: a micro set's extra ns per op
# (root mean x overhead) divided by a caches-micro set's accounted objects per op.
#   scripts/analysis/ns_per_object.py MICRO_SET CACHES_MICRO_SET [ARM]
import json
import sys


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: ns_per_object.py MICRO_SET CACHES_MICRO_SET [ARM (unlimited)]")
    arm = sys.argv[3] if len(sys.argv) == 4 else "unlimited"
    m = json.load(open(sys.argv[1] + "/run.json"))
    c = json.load(open(sys.argv[2] + "/run.json"))
    ns = {(e["op"], e["arm"]): e["mean_ns"] for e in m["micro"]}
    ov = {e["op"]: e for e in m["overhead"] if e["arm"] == arm}
    per = {e["op"]: e for e in c.get("caches") or []}
    print(f"{'op':12s} {'root ns':>9s} {'overhead %':>12s} {'extra ns':>9s} "
          f"{'objects':>8s} {'bytes':>7s} {'ns/object':>10s}")
    for op in sorted(ov):
        root, o = ns[(op, "root")], ov[op]
        extra = root * o["pct"] / 100
        e = per.get(op, {})
        obj, b = e.get("objects_per_op") or 0, e.get("bytes_per_op") or 0
        each = f"{extra / obj:10.0f}" if obj >= 0.5 else f"{'-':>10s}"
        print(f"{op:12s} {root:9.0f} {o['pct']:+6.1f} ± {o['ci95_pct']:3.1f} {extra:9.0f} "
              f"{obj:8.2f} {b:7.0f} {each}")


main()
