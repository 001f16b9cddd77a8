#!/usr/bin/env python3
"""korean_names.py — what the short-word rule (docs/MATCHING.md §2) costs on
Korean-style names: writes N names "SURNAME SYLLABLE SYLLABLE" built from
common surnames and given-name syllables (romanized as the DPRK entries of the
lists write them), one a line, with a fixed seed.

    bench/korean_names.py N OUT.txt [--vet VET --snapshot SNAPSHOT]

With --vet, also screens them (`vet screen -i SNAPSHOT --format jsonl -`) and
prints how many are flagged at the default threshold; a name identical to a
listed one (score 1.0) is a true hit, not a cost, and is counted apart. Many generated names share a surname and a
syllable with a listed person, which is the case the rule decides."""
import argparse
import random

import screen_names

SURNAMES = ["KIM", "RI", "PAK", "CHOE", "JONG", "KANG", "CHO", "YUN", "JANG", "HAN", "O", "SO",
            "HWANG", "AN", "SONG", "RYU", "HONG", "JON", "KO", "MUN"]
SYLLABLES = ["JONG", "UN", "IL", "SONG", "CHOL", "MIN", "HO", "SU", "YONG", "HYON", "JIN", "YONG",
             "SUNG", "HUI", "OK", "NAM", "CHUN", "MYONG", "GWANG", "HAK", "SOK", "GIL", "HYOK",
             "SIK", "MAN", "YO", "RYONG", "CHANG", "TAE", "DONG", "GYONG", "SE", "KUK", "SUN"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--vet")
    ap.add_argument("--snapshot")
    a = ap.parse_args()
    rng = random.Random(7)
    seen = []
    while len(seen) < a.n:
        name = "%s %s %s" % (rng.choice(SURNAMES), rng.choice(SYLLABLES), rng.choice(SYLLABLES))
        if name not in seen:
            seen.append(name)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("".join(x + "\n" for x in seen))
    if not a.vet:
        return
    rows = screen_names.screen(a.vet, a.snapshot, a.out)
    flagged = [r for r in rows if screen_names.flagged(r)]
    exact = [r for r in flagged if any(m["match"] and m["score"] >= 0.9999 for m in r["matches"])]
    print("%d names, %d flagged at the default threshold: %d identical to a listed name, %d others (%.1f%%)"
          % (len(rows), len(flagged), len(exact), len(flagged) - len(exact),
             100.0 * (len(flagged) - len(exact)) / len(rows)))


if __name__ == "__main__":
    main()
