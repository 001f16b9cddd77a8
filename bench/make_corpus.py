#!/usr/bin/env python3
"""make_corpus.py — a synthetic list of N names for the scaling benchmark.

Names look like list names because they are made of the words of the real
shared lists, drawn as often as the lists use them: persons as "SURNAME,
Given Middle" (surname words, given-name words and the share of middle
names as on OFAC's SDN list), organizations as two to five organization
words plus, often, a legal form word; one to four names an entity (a
primary name and aliases, some of them a spelling variant of the primary
with one letter changed). No real name is copied whole: each name is a new
combination. The word pools are read at run time from `vet read --json`
of the given lists; nothing is written into the repository.

Output: a vet JSONL list (first line {"vet_list": ...}, one entity a line)
on --out, with about --names names in all. Deterministic for a seed.

usage: make_corpus.py --vet BUILD/vet --names 100000 --out synth.jsonl LIST...
"""
import argparse
import json
import random
import subprocess
import sys


def read(vet, path):
    p = subprocess.run([vet, 'read', '--json', path], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f'make_corpus: vet read {path} failed: {p.stderr.strip()[:300]}')
    for line in p.stdout.splitlines():
        yield json.loads(line)


def alpha(w):
    return w.isalpha() and len(w) >= 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vet', required=True)
    ap.add_argument('--names', type=int, required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('lists', nargs='+')
    a = ap.parse_args()
    rng = random.Random(a.seed)
    surname, given, org, legal = [], [], [], []
    legal_words = {'LTD', 'LIMITED', 'LLC', 'INC', 'CORP', 'CORPORATION', 'CO', 'COMPANY', 'GMBH', 'AG',
                   'SA', 'JSC', 'OOO', 'PJSC', 'BV', 'FZE', 'SRL', 'PLC', 'LTDA', 'ZAO', 'OAO'}
    for path in a.lists:
        for e in read(a.vet, path):
            for n in e.get('names', []):
                t = n['name']
                if n.get('script'):
                    continue
                if e.get('type') == 'person' and ',' in t:
                    last, first = t.split(',', 1)
                    surname += [w.upper() for w in last.split() if alpha(w)]
                    given += [w.capitalize() for w in first.split() if alpha(w)]
                elif e.get('type') in ('organization', 'unknown', 'vessel'):
                    for w in t.replace(',', ' ').replace('.', '').split():
                        (legal if w.upper() in legal_words else org).append(w.upper())
    if not (surname and given and org and legal):
        sys.exit('make_corpus: the lists gave no words')

    def typo(w):
        if len(w) < 5:
            return w
        i = rng.randrange(1, len(w) - 1)
        c = rng.choice('aeiounrstlkm')
        return w[:i] + (c.upper() if w[i].isupper() else c) + w[i + 1:]

    def person():
        mid = ' ' + rng.choice(given) if rng.random() < 0.45 else ''
        sur = rng.choice(surname) + (' ' + rng.choice(surname) if rng.random() < 0.15 else '')
        return f'{sur}, {rng.choice(given)}{mid}'

    def company():
        words = ' '.join(rng.choice(org) for _ in range(rng.choice([2, 2, 3, 3, 4, 5])))
        return words + (' ' + rng.choice(legal) if rng.random() < 0.6 else '')

    total, eid = 0, 0
    with open(a.out, 'w') as f:
        f.write(json.dumps({'vet_list': {'id': 'synth', 'name': f'synthetic {a.names} names',
                                         'date': '2026-11-28'}}) + '\n')
        while total < a.names:
            eid += 1
            is_person = rng.random() < 0.55
            make = person if is_person else company
            primary = make()
            names = [{'name': primary, 'kind': 'primary'}]
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
                alias = ' '.join(typo(w) for w in primary.split()) if rng.random() < 0.4 else make()
                names.append({'name': alias, 'kind': 'aka', 'strength': 'strong'})
            f.write(json.dumps({'source_id': f'S{eid}', 'type': 'person' if is_person else 'organization',
                                'name': primary, 'names': names}) + '\n')
            total += len(names)
    print(f'make_corpus: {eid} entities, {total} names', file=sys.stderr)


if __name__ == '__main__':
    main()
