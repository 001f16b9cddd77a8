#!/usr/bin/env python3
"""un_script_recall.py — do UN original-script names find the same person on the SDN list?

usage: un_script_recall.py VET SDN_SNAPSHOT UN_XML

For every name the UN list gives in its original script (Arabic, ...), the entity's Latin
primary name is screened against SDN_SNAPSHOT (an OFAC SDN-only snapshot: Latin names only);
where it finds an SDN entity at 0.90 or more, that entity is taken as the same person. The
original-script name is then screened too, and counts as found when that entity is among its
matches (recall) or first (recall@1). An indicative measure until the variant benchmark of
issue 3 exists.
"""
import json, subprocess, sys

vet, snap, un = sys.argv[1:4]
rows = [json.loads(l) for l in subprocess.run([vet, "read", "--json", un], capture_output=True,
                                               text=True, check=True).stdout.splitlines()]
pairs = [(r["name"], n["name"]) for r in rows for n in r["names"]
         if n.get("original_script") or n.get("script")]

def screen(names):
    out = subprocess.run([vet, "screen", "-i", snap, "--limit", "3", "-"], input="\n".join(names) + "\n",
                         capture_output=True, text=True).stdout.splitlines()
    return [json.loads(l) for l in out]

latin = screen([p[0] for p in pairs])
orig = screen([p[1] for p in pairs])
have = found = first = 0
for rl, ro in zip(latin, orig):
    if not rl["matches"] or rl["matches"][0]["score"] < 0.9:
        continue
    have += 1
    target = rl["matches"][0]["source_id"]
    ids = [m["source_id"] for m in ro["matches"] if m["match"]]
    found += target in ids
    first += ids[:1] == [target]
print(f"{len(pairs)} original-script names; {have} whose Latin name finds an SDN entity at >= 0.90")
print(f"the original-script name finds it: {found} (recall {found / have:.3f}), first: {first} "
      f"(recall@1 {first / have:.3f})")
