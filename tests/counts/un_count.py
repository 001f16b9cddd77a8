# un_count.py — an independent count of the UN consolidated list XML, for
# tests/unit/test_un.c. Counts per entity what vet's un-xml reader keeps
# (distinct names, original-script names, addresses, dates of birth rendered
# as the reader documents, documents) with xml.etree, not with vet's code.
# Usage: python3 tests/counts/un_count.py consolidated-2026-02-27.xml ...
import xml.etree.ElementTree as ET, unicodedata, sys
def t(e, tag):
    c = e.find(tag)
    s = ' '.join((''.join(c.itertext()) if c is not None else '').split())
    return s or None
def nonlatin(s):
    L = [c for c in s if unicodedata.category(c).startswith('L')]
    return bool(L) and not any(unicodedata.name(c, '').startswith('LATIN') for c in L)
for f in sys.argv[1:]:
    r = ET.parse(f).getroot()
    ents = list(r.iter('INDIVIDUAL')) + list(r.iter('ENTITY'))
    N = A = B = O = I = 0
    for e in ents:
        names = {}
        p = ' '.join(x for x in (t(e, k) for k in ('FIRST_NAME','SECOND_NAME','THIRD_NAME','FOURTH_NAME')) if x)
        if p: names[p] = 0
        for c in e:
            if c.tag == 'NAME_ORIGINAL_SCRIPT':
                s = ' '.join(''.join(c.itertext()).split())
                if s and s not in names: names[s] = 1
            if c.tag.endswith('_ALIAS'):
                s = t(c, 'ALIAS_NAME')
                if s and s not in names: names[s] = 1 if nonlatin(s) else 0
        N += len(names); O += sum(names.values())
        addrs = set()
        for c in e:
            if c.tag.endswith('_ADDRESS'):
                parts = [t(c, k) for k in ('STREET','CITY','STATE_PROVINCE','ZIP_CODE','COUNTRY')]
                text = ', '.join(x for x in parts if x) or None
                note = t(c, 'NOTE')
                if text or note: addrs.add((text, note, t(c, 'COUNTRY')))
        A += len(addrs)
        births = set()
        for c in e:
            if c.tag == 'INDIVIDUAL_DATE_OF_BIRTH':
                ty, d, y, fr, to, no = (t(c, k) for k in ('TYPE_OF_DATE','DATE','YEAR','FROM_YEAR','TO_YEAR','NOTE'))
                core = d or y or ((f'between {fr or to} and {to or fr}') if (fr or to) else None)
                if core:
                    s = ('approximately ' if ty == 'APPROXIMATELY' else '') + core + (f' ({no})' if no else '')
                else:
                    s = no
                if s: births.add(s)
            if c.tag == 'INDIVIDUAL_ALIAS' and t(c, 'DATE_OF_BIRTH'):
                births.add(t(c, 'DATE_OF_BIRTH'))
        B += len(births)
        ids = set()
        for c in e:
            if c.tag == 'INDIVIDUAL_DOCUMENT':
                ty, ty2, num, no = t(c,'TYPE_OF_DOCUMENT'), t(c,'TYPE_OF_DOCUMENT2'), t(c,'NUMBER'), t(c,'NOTE')
                if not (ty or num or no): continue
                typ = (f'{ty} ({ty2})' if ty2 else ty) if ty else ty2
                country = t(c,'ISSUING_COUNTRY') or t(c,'COUNTRY_OF_ISSUE')
                nb = []
                if t(c,'DATE_OF_ISSUE'): nb.append('issued ' + t(c,'DATE_OF_ISSUE'))
                if t(c,'CITY_OF_ISSUE'): nb.append('issued in ' + t(c,'CITY_OF_ISSUE'))
                if no and num: nb.append(no)
                n = num or no
                if n: ids.add((typ, n, country, '; '.join(nb) or None))
        I += len(ids)
    print(f, 'entities', len(ents), 'names', N, 'original_script', O, 'addresses', A, 'births', B, 'ids', I)
