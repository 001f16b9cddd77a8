#!/usr/bin/env python3
"""initials_names.py — what names written with initials cost (docs/MATCHING.md §2, §6): writes
the clean person names of a variant set (bench/make_variants.py, category "clean") in three
initials forms each, one a line, with a fixed seed:

    0  first initial and surname             "B. Munoz"
    1  every given name's initial and surname "B.S. Munoz"
    2  first initial, a made-up second one    "B.K. Munoz"

    bench/initials_names.py VARIANTS.csv OUT.txt [--vet VET --snapshot SNAPSHOT]

The names are on no list, so every one flagged is a false hit. With --vet, also screens them
(`vet screen -i SNAPSHOT --format jsonl -`) and prints how many of each form are flagged at the
default threshold. Form 2 is the shape of "J.P. MORGAN" against "MORGAN HUERTA, Jose Arnoldo",
which the initials-and-surname rule decides."""
import argparse
import csv
import random

import screen_names

LETTERS = "ABCDEFGHIJKLMNOPRSTW"
FORMS = ["X. Surname", "X.Y. Surname (all given names)", "X.Y. Surname (Y made up)"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("variants")
    ap.add_argument("out")
    ap.add_argument("--vet")
    ap.add_argument("--snapshot")
    a = ap.parse_args()
    rng = random.Random(7)
    names = []
    with open(a.variants, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["category"] != "clean" or r["type"] != "person":
                continue
            w = r["query"].split()
            if len(w) < 2:
                continue
            given, last = w[:-1], w[-1]
            names.append(given[0][0] + ". " + last)
            names.append("".join(g[0] + "." for g in given) + " " + last)
            names.append(given[0][0] + "." + rng.choice(LETTERS) + ". " + last)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("".join(x + "\n" for x in names))
    if not a.vet:
        return
    rows = screen_names.screen(a.vet, a.snapshot, a.out)
    if len(rows) != len(names):
        raise SystemExit("vet screen answered %d of %d names" % (len(rows), len(names)))
    total = 0
    for form, label in enumerate(FORMS):
        part = rows[form::3]
        flagged = sum(1 for r in part if screen_names.flagged(r))
        total += flagged
        print("form %d, %-32s %4d names, %4d flagged (%.1f%%)"
              % (form, label + ":", len(part), flagged, 100.0 * flagged / len(part)))
    print("all forms: %d names, %d flagged (%.1f%%)" % (len(rows), total, 100.0 * total / len(rows)))


if __name__ == "__main__":
    main()
