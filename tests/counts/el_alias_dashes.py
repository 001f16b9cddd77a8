# el_alias_dashes.py — a cross-check of the alias-count warnings of the
# eCFR reader: for every cell (or subordinate entry) that announces "the
# following N alias(es)", counts the lines that start with an em dash after
# it and lists where the two differ. A different rule from vet's parser on
# purpose; test_ecfr.c explains each row where they disagree.
# Usage: python3 tests/counts/el_alias_dashes.py title-15-part-744-2026-03-25.xml
import re, sys
import xml.etree.ElementTree as ET
W = 'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'.split()
def text(td):
    # <br/> as a line break, footnote marks dropped
    out = [td.text or '']
    for c in td:
        if c.tag == 'br': out.append('\n')
        elif c.tag != 'sup': out.append(''.join(c.itertext()))
        out.append(c.tail or '')
    return ''.join(out)
for f in sys.argv[1:]:
    r = ET.parse(f).getroot()
    sup = [d for d in r.iter('DIV9') if d.get('N') == 'Supplement No. 4 to Part 744'][0]
    trs = [tr for tb in sup.iter('TBODY') for tr in tb.findall('TR')]
    ents = 0; mism = []
    for tr in trs:
        cell = text(tr.findall('TD')[1])
        if cell.strip().startswith('The following addresses apply'): continue
        segs = re.split(r'(?m)^\s*(?:Subordinate institution|Affiliated entities):?\s*$', cell)
        for s in segs:
            if not s.strip(): continue
            ents += 1
            for m in re.finditer(r'following (?:the following )?(\w+ )?alias(es)?\b', s):
                pass
            m = re.search(r'the following (\w+)? ?alias', s)
            if m:
                n = W.index(m.group(1)) if m.group(1) in W else (int(m.group(1)) if m.group(1) and m.group(1).isdigit() else 1)
                dashes = len(re.findall(r'(?:^|\n)[ ]*\u2014', s[m.end():]))
                if dashes and dashes != n: mism.append((' '.join(s.split())[:40], n, dashes))
    print(f, 'rows', len(trs), 'entities', ents, 'mismatch', len(mism))
    for x in mism: print('   ', x)
