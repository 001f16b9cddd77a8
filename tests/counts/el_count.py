# el_count.py — an independent count of the Entity List in the eCFR XML of
# 15 CFR part 744, for tests/unit/test_ecfr.c: table rows, entries (rows plus
# subordinate institutions and affiliates listed inside a cell), and the
# Federal Register citations per row with their dates.
# Usage: python3 tests/counts/el_count.py title-15-part-744-2026-03-25.xml ...
import re, sys
import xml.etree.ElementTree as ET
# Entities = table rows, minus the row that only adds addresses ("The following
# addresses apply ..."), plus one per extra institution a cell lists: each text
# "Subordinate institution" at a line start (after <br/> or at the cell start,
# where it replaces the cell's first entry), and, after "Affiliated entities:",
# each italic (<E>) name that opens a line, the first replacing the cell's entry.
for f in sys.argv[1:]:
    r = ET.parse(f).getroot()
    sup = [d for d in r.iter('DIV9') if d.get('N') == 'Supplement No. 4 to Part 744'][0]
    trs = [tr for tb in sup.iter('TBODY') for tr in tb.findall('TR')]
    n = 0
    for tr in trs:
        td = tr.findall('TD')[1]
        full = ''.join(td.itertext()).strip()
        if full.startswith('The following addresses apply'): continue
        lead = (td.text or '').strip()
        starts_sub = lead == '' and len(td) and td[0].tag == 'E' and ''.join(td[0].itertext()).startswith('Subordinate institution')
        k = 0 if starts_sub or lead.startswith('Affiliated entities') else 1
        prev_br = lead == ''
        aff = lead.startswith('Affiliated entities')
        for c in td:
            txt = ''.join(c.itertext())
            if c.tag == 'E' and txt.startswith('Subordinate'): k += 1
            elif (c.tag == 'E' and aff and prev_br and txt.strip() != 'and') : k += 1
            elif c.tag != 'br' and (txt.strip() or (c.tail or '').strip()) and txt.startswith('Subordinate'): k += 1
            if c.tag == 'br': prev_br = not (c.tail or '').strip()
            else: prev_br = False
            if c.tag == 'br' and (c.tail or '').strip().startswith('Subordinate institution'): k += 1
        n += k
    print(f, 'rows', len(trs), 'entities', n)

# Citations: per table row with a non-empty last cell, the distinct
# "VOL FR PAGE" in it (regex below, <br/> read as a space), each dated by the
# first m/d/yy after it and before the next citation; the earliest date of
# each row gives its listing year.
def cits(s):
    out = []
    ms = list(re.finditer(r'(?<![\w/])(\d{1,3}) *FR *(?:FR +)?(\d+)', s))
    for i, m in enumerate(ms):
        end = ms[i + 1].start() if i + 1 < len(ms) else len(s)
        d = re.search(r'(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?!\d)', s[m.end():end])
        date = None
        if d:
            y = int(d.group(3)); y = y if len(d.group(3)) == 4 else (1900 + y if y >= 50 else 2000 + y)
            date = '%04d-%02d-%02d' % (y, int(d.group(1)), int(d.group(2)))
        if (m.group(1) + ' FR ' + m.group(2), date) not in out: out.append((m.group(1) + ' FR ' + m.group(2), date))
    return out
for f in sys.argv[1:]:
    r = ET.parse(f).getroot()
    sup = [d for d in r.iter('DIV9') if d.get('N') == 'Supplement No. 4 to Part 744'][0]
    trs = [tr for tb in sup.iter('TBODY') for tr in tb.findall('TR')]
    total = dated = 0; prev = []; first = {}
    for tr in trs:
        tds = tr.findall('TD')
        s = ' '.join(''.join([tds[4].text or ''] + [' ' + ''.join(c.itertext()) + (c.tail or '') for c in tds[4]]).split())  # <br/> as a space
        empty = not ''.join(''.join(td.itertext()) for td in tds[2:]).strip()
        if empty: continue   # continuation rows: their entries are "part of" the row above's
        c = cits(s)
        total += len(c); dated += sum(1 for x in c if x[1])
        d = min([x[1] for x in c if x[1]], default=None)
        if d: first[d[:4]] = first.get(d[:4], 0) + 1
    print(f, 'row citations', total, 'dated', dated, 'rows first listed in 2021:', first.get('2021'))
