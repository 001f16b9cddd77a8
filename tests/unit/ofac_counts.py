#!/usr/bin/env python3
"""ofac_counts.py — the independent count behind the figures in test_ofac.c.

Counts OFAC files with Python's csv and xml.etree modules, not with vet:
entities, names (primary + aliases, the same text counted once per entity),
aliases (names - entities), addresses (rows with any non-null part, the same
address once per entity) and dates of birth (DOB items of the remarks, or
<dateOfBirth> in the XML, the same text once per entity).

  python3 tests/unit/ofac_counts.py ../shared/data/lists/ofac/sdn-2021-07 ...
"""
import csv, io, os, re, sys
import xml.etree.ElementTree as ET

def rows(path):
    data = open(path, 'rb').read().decode('utf-8').rstrip('\x1a')
    return csv.reader(io.StringIO(data, newline=''))

def null(s):
    s = s.strip()
    return None if s in ('', '-0-') else s

def items(remarks):
    remarks = remarks.strip()
    if remarks.endswith('.'):
        remarks = remarks[:-1]
    return [i.strip() for i in remarks.split(';')]

def count_csv(path):
    if os.path.isdir(path):
        names = os.listdir(path)
        pre = 'sdn' if 'sdn.csv' in names else 'cons'
        f = lambda k: os.path.join(path, {('sdn', 'prim'): 'sdn.csv', ('sdn', 'alt'): 'alt.csv',
                                          ('sdn', 'add'): 'add.csv', ('sdn', 'com'): 'sdn_comments.csv'}
                                   .get((pre, k), 'cons_%s.csv' % ('comments' if k == 'com' else k)))
        prim, alt, add, com = f('prim'), f('alt'), f('add'), f('com')
    else:
        prim, alt, add, com = path, None, None, None
    ents = {}
    for r in rows(prim):
        if len(r) == 12 and r[0].strip().isdigit():
            ents[r[0].strip()] = r
    spill = {}
    if com:
        for r in rows(com):
            if len(r) == 2 and r[0].strip() in ents:
                spill[r[0].strip()] = spill.get(r[0].strip(), '') + r[1]
    names = {e: {r[1].strip()} for e, r in ents.items()}
    births = {e: set() for e in ents}
    for e, r in ents.items():
        rem = (r[11] if null(r[11]) else '') + spill.get(e, '')
        for it in items(rem):
            m = re.match(r"^[afn]\.k\.a\.\s*(.*)$", it, re.I)
            if m:
                n = m.group(1).strip()
                if len(n) >= 2 and n[0] == "'" and n[-1] == "'":
                    n = n[1:-1]
                if n.strip():
                    names[e].add(n.strip())
            m = re.match(r"^(alt\. )?DOB (.*)$", it)
            if m and m.group(2).strip():
                births[e].add(m.group(2).strip())
    if alt:
        for r in rows(alt):
            if len(r) == 5 and r[0].strip() in ents and null(r[3]):
                names[r[0].strip()].add(r[3].strip())
    addrs = {e: set() for e in ents}
    if add:
        for r in rows(add):
            if len(r) == 6 and r[0].strip() in ents:
                parts = tuple(null(x) for x in r[2:6])
                if any(parts):
                    addrs[r[0].strip()].add(parts)
    return report(path, names, addrs, births)

def count_xml(path):
    ns = '{http://tempuri.org/sdnList.xsd}'
    root = ET.parse(path).getroot()
    t = lambda el, tag: (el.findtext(ns + tag) or '').strip()
    full = lambda el: ', '.join(x for x in (t(el, 'lastName'), t(el, 'firstName')) if x)
    names, addrs, births = {}, {}, {}
    for e in root.iter(ns + 'sdnEntry'):
        uid = t(e, 'uid')
        names[uid] = {full(e)} | {full(a) for a in e.iter(ns + 'aka') if full(a)}
        addrs[uid] = {tuple(t(a, k) for k in ('address1', 'address2', 'address3', 'city',
                                               'stateOrProvince', 'postalCode', 'country'))
                      for a in e.iter(ns + 'address')} - {('',) * 7}
        births[uid] = {d.text.strip() for d in e.iter(ns + 'dateOfBirth') if d.text and d.text.strip()}
    return report(path, names, addrs, births)

def report(path, names, addrs, births):
    n_ent = len(names)
    n_names = sum(len(v) for v in names.values())
    print('%s: entities %d names %d aliases %d addresses %d births %d' % (
        path, n_ent, n_names, n_names - n_ent, sum(len(v) for v in addrs.values()),
        sum(len(v) for v in births.values())))

for p in sys.argv[1:]:
    (count_xml if p.endswith('.xml') else count_csv)(p)
