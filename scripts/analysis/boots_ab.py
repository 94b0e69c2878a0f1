#!/usr/bin/env python3
# boots_ab.py - kernel A/B on micro sets with the boot-to-boot spread in the error:
# each kernel booted twice (or more), its per-op overhead taken per boot, the change is
# the difference of the kernels' mean overheads, its standard error from the pooled
# between-boot variance (df = boots - kernels), t-based 95% CI and minimum detectable
# effect (alpha 0.05 two-sided, power 0.8).
#   scripts/analysis/boots_ab.py --a SET_A1,SET_A2[,..] --b SET_B1,SET_B2[,..] [--arm ARM]
import argparse
import json
import math

T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 8: 2.306, 10: 2.228}
T80 = {1: 1.376, 2: 1.061, 3: 0.978, 4: 0.941, 5: 0.920, 6: 0.906, 8: 0.889, 10: 0.879}


def overheads(path, arm):
    r = json.load(open(path + "/run.json"))
    return {e["op"]: e["pct"] for e in r["overhead"] if e["arm"] == arm}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--arm", default="unlimited")
    o = ap.parse_args()
    a = [overheads(p, o.arm) for p in o.a.split(",")]
    b = [overheads(p, o.arm) for p in o.b.split(",")]
    if len(a) < 2 or len(b) < 2:
        ap.error("--a and --b need at least two boots each")
    df = len(a) + len(b) - 2
    print(f"{'op':12s} {'A boots':>16s} {'B boots':>16s} {'change pp':>10s} "
          f"{'95% CI':>8s} {'MDE':>6s} {'boot sd':>8s}")
    for op in sorted(a[0]):
        va, vb = [x[op] for x in a], [x[op] for x in b]
        ma, mb = sum(va) / len(va), sum(vb) / len(vb)
        ss = sum((x - ma) ** 2 for x in va) + sum((x - mb) ** 2 for x in vb)
        sd = math.sqrt(ss / df)
        se = sd * math.sqrt(1 / len(va) + 1 / len(vb))
        ci, mde = T975[df] * se, (T975[df] + T80[df]) * se
        star = "*" if abs(mb - ma) > ci else " "
        fa = "/".join(f"{x:+.1f}" for x in va)
        fb = "/".join(f"{x:+.1f}" for x in vb)
        print(f"{op:12s} {fa:>16s} {fb:>16s} {mb - ma:+9.1f}{star} {ci:7.1f} {mde:6.1f} "
              f"{sd:8.2f}")


main()
