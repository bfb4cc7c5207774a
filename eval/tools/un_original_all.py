#!/usr/bin/env python3
"""Every UN original-script name (not the eval's sample of 150) against the UN list without them.

The eval's other_script category samples 150 UN originals; this screens all of them, so that rules
fitted to the sample's misses can be checked on the rest. Run after `run_eval.py`, which writes the
list copy it uses (eval/work/un_no_original_script.xml):

    /usr/bin/python3 eval/tools/un_original_all.py --cordon build/apps/cordon/cordon
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from harness.lists import load_un_xml  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cordon", required=True)
    ap.add_argument("--misses", action="store_true", help="print each miss")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(HERE))
    un_xml = sorted(glob.glob(os.path.join(root, "data", "un-sc", "*.xml")))[0]
    held_out = os.path.join(root, "eval", "work", "un_no_original_script.xml")
    if not os.path.exists(held_out):
        print(f"{held_out} is missing: run eval/run_eval.py first", file=sys.stderr)
        return 2
    rows = [e for e in load_un_xml(un_xml)
            if e.original_script and any(ord(c) > 0x24F for c in e.original_script)]
    batch = "".join(json.dumps({"id": str(i), "name": " ".join(e.original_script.split())}) + "\n"
                    for i, e in enumerate(rows))
    out = subprocess.run([args.cordon, "screen", "--list", held_out, "--batch", "-"], input=batch,
                         capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        print(out.stderr, file=sys.stderr)
        return 2
    results = {r["id"]: r for r in map(json.loads, out.stdout.splitlines())}
    n, hits = collections.Counter(), collections.Counter()
    for i, e in enumerate(rows):
        kind = "Organization" if e.reference[2] == "e" else "Person"  # UN references: QDe.014, QDi.060
        n[kind] += 1
        matches = results[str(i)]["matches"]
        if matches and matches[0]["entity_id"] == "un-sc:" + e.reference:
            hits[kind] += 1
        elif args.misses:
            top = matches[0]["name"] if matches else "-"
            print(f"miss {e.reference}: {' '.join(e.original_script.split())} (top: {top})")
    for kind in sorted(n):
        print(f"{kind}: {hits[kind]} of {n[kind]} ({hits[kind] / n[kind]:.1%}) at rank 1")
    total = sum(n.values())
    print(f"all: {sum(hits.values())} of {total} ({sum(hits.values()) / total:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
