#!/usr/bin/env python3
"""make_variants.py — the variant set of vet's quality benchmark.

Builds, from the real shared lists, queries that a screening engine must
match to a known listed entity, one category at a time, and a set of clean
person and company names that are on no list:

  typo1, typo2      one / two keyboard typos in different tokens
  reorder           tokens in another order ("PUTIN, Vladimir" -> "Vladimir Putin")
  drop_middle       a person's middle name left out
  initials          a person's first name as an initial ("V. Putin")
  legal_form        a company's legal form written another way or left out
  abbreviation      common words abbreviated ("International" -> "Intl")
  translit          another common transliteration of a name part
  joined            two adjacent tokens written as one
  cyrillic          a person's name written in Cyrillic
  arabic_un_to_sdn  a UN-listed person's name in Arabic script (from the UN
                    list's NAME_ORIGINAL_SCRIPT; persons only), expected to find the same
                    person on the SDN list, which carries Latin names only
                    (linked by an identical Latin name in both lists; the SDN
                    entry must carry some part of the UN primary name, which
                    the Arabic form writes)
  clean             names on no list (expected: no hit)

Input is what `vet read --json` prints for the lists (one entity a line),
so the benchmark sees exactly what vet reads. The transformations and their
word tables are written here independently of vet's own dictionaries in
data/dict/, so the benchmark does not grade vet against itself. Output: CSV
with columns category, query, type, expected_list, expected_source_id,
source_name. Deterministic for a given seed.

usage: make_variants.py --vet BUILD/vet --shared ../shared --out variants.csv [--per-category 300]
"""
import argparse
import csv
import json
import random
import re
import subprocess
import sys
import unicodedata

KEYBOARD = {
    'a': 'qwsz', 'b': 'vghn', 'c': 'xdfv', 'd': 'serfcx', 'e': 'wsdr', 'f': 'drtgvc',
    'g': 'ftyhbv', 'h': 'gyujnb', 'i': 'ujko', 'j': 'huikmn', 'k': 'jiolm', 'l': 'kop',
    'm': 'njk', 'n': 'bhjm', 'o': 'iklp', 'p': 'ol', 'q': 'wa', 'r': 'edft', 's': 'awedxz',
    't': 'rfgy', 'u': 'yhji', 'v': 'cfgb', 'w': 'qase', 'x': 'zsdc', 'y': 'tghu', 'z': 'asx',
}

LEGAL_FORMS = [  # (pattern as written on lists, replacements a customer file might use)
    (r'\bLIMITED LIABILITY COMPANY\b', ['LLC', '']),
    (r'\bLLC\b', ['Limited Liability Company', 'L.L.C.', '']),
    (r'\bCO\.?,? LTD\b\.?', ['Company Limited', 'Co Ltd', '']),
    (r'\bLIMITED\b', ['Ltd', 'Ltd.', '']),
    (r'\bLTD\b\.?', ['Limited', '']),
    (r'\bJOINT STOCK COMPANY\b', ['JSC', 'AO', '']),
    (r'\bOPEN JOINT STOCK COMPANY\b', ['OJSC', 'OAO', '']),
    (r'\bJSC\b', ['Joint Stock Company', 'AO', '']),
    (r'\bOAO\b', ['OJSC', 'Open Joint Stock Company', '']),
    (r'\bOOO\b', ['LLC', 'Limited Liability Company', '']),
    (r'\bS\.A\. DE C\.V\.', ['SA de CV', '']),
    (r'\bS\.A\.(?![A-Z])', ['SA', 'Sociedad Anonima', '']),
    (r'\bGMBH\b', ['Gesellschaft mit beschränkter Haftung', '']),
    (r'\bINC\b\.?', ['Incorporated', '']),
    (r'\bCORPORATION\b', ['Corp', 'Corp.', '']),
    (r'\bCORP\b\.?', ['Corporation', '']),
    (r'\bPTE\.? LTD\b\.?', ['Private Limited', 'Pte Ltd', '']),
    (r'\bFZE\b', ['Free Zone Establishment', '']),
    (r'\bFZCO\b', ['Free Zone Company', '']),
    (r'\bB\.V\.', ['BV', '']),
]

ABBREVIATIONS = [
    ('INTERNATIONAL', 'Intl'), ('TRADING', 'Trdg'), ('COMPANY', 'Co'), ('TECHNOLOGY', 'Tech'),
    ('TECHNOLOGIES', 'Techs'), ('GROUP', 'Grp'), ('SERVICES', 'Svcs'), ('MANUFACTURING', 'Mfg'),
    ('CORPORATION', 'Corp'), ('INDUSTRIAL', 'Indl'), ('INDUSTRIES', 'Inds'), ('ENGINEERING', 'Eng'),
    ('DEVELOPMENT', 'Dev'), ('ASSOCIATION', 'Assn'), ('DEPARTMENT', 'Dept'), ('COMMERCIAL', 'Comml'),
    ('INVESTMENT', 'Invest'), ('MANAGEMENT', 'Mgmt'), ('ELECTRONICS', 'Elec'), ('SHIPPING', 'Shpg'),
]

TRANSLIT = [  # equivalence classes of spellings seen in the wild
    ['MOHAMMED', 'MUHAMMAD', 'MOHAMAD', 'MOHAMED', 'MUHAMMED', 'MOHAMMAD'],
    ['HUSSEIN', 'HUSAYN', 'HUSSAIN', 'HUSEIN'], ['HASSAN', 'HASAN'],
    ['YUSUF', 'YOUSSEF', 'YOUSEF', 'YUSSUF'], ['ABDUL', 'ABDEL', 'ABDOL'],
    ['AHMED', 'AHMAD'], ['MAHMOUD', 'MAHMUD'], ['OSAMA', 'USAMA'], ['OMAR', 'UMAR'],
    ['QADHAFI', 'GADDAFI', 'KADAFI', 'GADHAFI'], ['MUAMMAR', 'MOAMMAR'],
    ['ALI', 'ALY'], ['SAYED', 'SAYYID', 'SAYYED'], ['ABU', 'ABOU'], ['ABDULLAH', 'ABDALLAH'],
    ['KHALID', 'KHALED'], ['SULEIMAN', 'SULAYMAN', 'SOLEIMAN'], ['MUSTAFA', 'MOSTAFA'],
    ['IBRAHIM', 'EBRAHIM'], ['JAMAL', 'GAMAL'], ['SERGEI', 'SERGEY'], ['YURI', 'YURIY', 'IURII'],
    ['ALEKSANDR', 'ALEXANDER', 'ALEKSANDER'], ['ALEKSEI', 'ALEXEI', 'ALEKSEY'],
    ['DMITRI', 'DMITRIY', 'DMITRY'], ['ANDREI', 'ANDREY'], ['NIKOLAI', 'NIKOLAY'],
    ['YEVGENY', 'EVGENY', 'YEVGENIY', 'EVGENII'], ['MIKHAIL', 'MIKHAYL'], ['VALERI', 'VALERIY', 'VALERY'],
]

CYR = [('shch', 'щ'), ('kh', 'х'), ('zh', 'ж'), ('ts', 'ц'), ('ch', 'ч'), ('sh', 'ш'), ('yu', 'ю'),
       ('ya', 'я'), ('yo', 'ё'), ('iy', 'ий'), ('yy', 'ый'), ('a', 'а'), ('b', 'б'), ('v', 'в'),
       ('g', 'г'), ('d', 'д'), ('e', 'е'), ('z', 'з'), ('i', 'и'), ('y', 'й'), ('k', 'к'), ('l', 'л'),
       ('m', 'м'), ('n', 'н'), ('o', 'о'), ('p', 'п'), ('r', 'р'), ('s', 'с'), ('t', 'т'), ('u', 'у'),
       ('f', 'ф'), ('c', 'к'), ('h', 'х'), ('w', 'в'), ('x', 'кс'), ('q', 'к'), ('j', 'дж')]

FIRST_NAMES = """James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty
Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Paul Donna Joshua Michelle
Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Jason Laura
Edward Helen Jeffrey Sharon Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan
Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole Brandon Samantha Benjamin Katherine Samuel
Christine Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria Jack Olivia Dennis
Heather Jerry Catherine Tyler Diane Aaron Julie Jose Victoria Henry Joyce Adam Lauren Douglas Kelly
Nathan Christina Peter Ruth Zachary Joan Kyle Virginia Noah Judith Ethan Evelyn Jeremy Hannah Walter
Andrea Christian Megan Keith Cheryl Roger Jacqueline Terry Madison Austin Teresa Sean Abigail Gerald
Sophia Carl Martha Harold Sara Dylan Gloria Arthur Janice Lawrence Kathryn Jordan Ann Jesse Isabella
Bryan Judy Billy Charlotte Bruce Julia Gabriel Grace Joe Amber Logan Alice Alan Jean Juan Denise Albert
Frances Willie Danielle Elijah Marilyn Wayne Natalie Randy Beverly Vincent Diana Mason Brittany Roy
Theresa Ralph Kayla Bobby Alexis Russell Doris Bradley Lori Philip Tiffany Eugene Mei Wei Hiroshi Yuki
Kenji Akiko Sanjay Priya Rahul Anjali Carlos Lucia Miguel Sofia Diego Valentina Pierre Camille Luc
Amelie Hans Greta Klaus Ingrid Lars Astrid Sven Freya Giovanni Chiara Marco Giulia Pablo Elena Tomasz
Agnieszka Piotr Katarzyna Jan Eva Karel Petra Bjorn Sigrid Olga Ivan Nikolai Tatiana Kwame Ama Chidi
Ngozi Tunde Folake Aisha Omar Layla Karim Yasmin Tariq Leila Farid Noor Emre Elif Murat Zeynep""".split()

LAST_NAMES = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez
Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz
Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson
Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray
Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins
Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Fisher Vasquez Simmons Romero Jordan
Patterson Alexander Hamilton Graham Reynolds Griffin Wallace West Cole Hayes Bryant Herrera Gibson Ellis
Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods
Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson
Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black
Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols
Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen
Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews
Tanaka Suzuki Watanabe Yamamoto Nakamura Sharma Gupta Singh Mehta Iyer Rossi Russo Ferrari Esposito
Bianchi Mueller Schneider Fischer Weber Becker Dubois Laurent Lefebvre Moreau Fournier Nowak Kowalski
Wisniewski Novak Svoboda Dvorak Andersson Johansson Karlsson Nilsson Larsen Jensen Nielsen Okafor
Adeyemi Mensah Boateng Mwangi Otieno Haddad Khoury Nasser Aziz Demir Yilmaz Kaya Celik Sahin""".split()

COMPANY_WORDS = """Acme Blue Harbor Summit Pioneer Granite Maple Silver Northern Coastal Evergreen Cedar
Atlas Horizon Liberty Beacon Crescent Meadow Falcon Orchid Riverside Sterling Vertex Lumen Quantum
Nimbus Aurora Cobalt Juniper Willow Bright Clear Golden Prairie Redwood Sunrise Tidewater Vista""".split()
COMPANY_INDUSTRY = """Bakery Logistics Dental Consulting Software Furniture Landscaping Printing Outfitters
Analytics Brewing Pharmacy Textiles Hardware Optics Foods Plumbing Media Realty Studios Robotics
Apparel Books Ceramics Cycles Fitness Gardens Kitchens Labs Marine Motors Paper Pets Tiles""".split()
COMPANY_FORMS = ['Ltd', 'LLC', 'Inc', 'GmbH', 'S.A.', 'B.V.', 'Pty Ltd', 'AB', 'Oy', 'S.r.l.', '']


def fold(s):
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c))
    return re.sub(r'[^a-z0-9]+', ' ', s.lower()).strip()


def natural_person(name):
    """OFAC and UN write persons 'LAST, First Middle'; customers write 'First Middle Last'."""
    if ',' in name:
        last, first = name.split(',', 1)
        return f'{first.strip()} {last.strip()}'.strip()
    return name


def natural(e, name=None):
    name = name if name is not None else e['name']
    return natural_person(name) if e.get('type') == 'person' else name


def tokens(s):
    return s.split()


def typo(rng, word):
    if len(word) < 4:
        return None
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice('sdit')
    c = word[i].lower()
    if op == 's' and c in KEYBOARD:
        r = rng.choice(KEYBOARD[c])
        return word[:i] + (r.upper() if word[i].isupper() else r) + word[i + 1:]
    if op == 'd':
        return word[:i] + word[i + 1:]
    if op == 'i' and c in KEYBOARD:
        r = rng.choice(KEYBOARD[c])
        return word[:i] + (r.upper() if word[i].isupper() else r) + word[i:]
    if op == 't' and i + 1 < len(word) and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return None


def with_typos(rng, name, k):
    toks = tokens(name)
    idx = [i for i, t in enumerate(toks) if len(t) >= 4 and t.isalpha()]
    if len(idx) < k:
        return None
    for i in rng.sample(idx, k):
        t = typo(rng, toks[i])
        if not t:
            return None
        toks[i] = t
    return ' '.join(toks)


def to_cyrillic(name):
    s = name.lower()
    out = ''
    i = 0
    while i < len(s):
        for lat, cyr in CYR:
            if s.startswith(lat, i):
                out += cyr
                i += len(lat)
                break
        else:
            out += s[i]
            i += 1
    return ' '.join(w.capitalize() for w in out.split())


PARTICLES = {'al', 'el', 'bin', 'ibn', 'abu', 'abd', 'ould', 'ben', 'bint', 'abdul', 'abdel'}


def shares_part(name, e):
    """1 if entity e has a name with a word of `name` (three letters or more,
    not a particle such as al, bin, abu, abd), compared folded."""
    parts = {w for w in fold(name).split() if len(w) >= 3 and w not in PARTICLES}
    for n in e.get('names', []):
        if parts & set(fold(n['name']).split()):
            return True
    return False


def read_entities(vet, paths):
    for path in paths:
        p = subprocess.run([vet, 'read', '--json', path], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f'make_variants: vet read {path} failed: {p.stderr.strip()[:300]}')
        for line in p.stdout.splitlines():
            yield json.loads(line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vet', required=True)
    ap.add_argument('--shared', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--per-category', type=int, default=300)
    ap.add_argument('--clean', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=20261128)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    L = a.shared + '/data/lists'
    sdn = list(read_entities(a.vet, [L + '/ofac/sdn-2021-07']))
    un = list(read_entities(a.vet, [L + '/un/consolidated-2026-02-27.xml']))
    others = list(read_entities(a.vet, [L + '/ecfr/title-15-part-744-2026-07-23.xml']))
    everything = sdn + un + others

    persons = [e for e in sdn if e['type'] == 'person' and len(tokens(natural_person(e['name']))) >= 2]
    orgs = [e for e in sdn + others if e['type'] in ('organization', 'unknown')
            and len(tokens(e['name'])) >= 2]
    rows = []

    def add(cat, query, e, source_name=None):
        rows.append({'category': cat, 'query': query, 'type': e['type'] if e else '',
                     'expected_list': e['list'] if e else '', 'expected_source_id': e['source_id'] if e else '',
                     'source_name': source_name or (e['name'] if e else '')})

    def fill(cat, pool, make):
        got, tries = 0, 0
        pool = list(pool)
        rng.shuffle(pool)
        for e in pool:
            if got >= a.per_category:
                break
            tries += 1
            q = make(e)
            if q and q.strip() and (fold(q) != fold(natural(e)) or not fold(q)):
                add(cat, q, e)
                got += 1

    fill('typo1', persons[: len(persons) // 2] + orgs[: len(orgs) // 2],
         lambda e: with_typos(rng, natural(e), 1))
    fill('typo2', persons[len(persons) // 2:] + orgs[len(orgs) // 2:],
         lambda e: with_typos(rng, natural(e), 2))

    def reorder(e):
        t = tokens(natural(e))
        if len(t) < 2:
            return None
        for _ in range(5):
            s = t[:]
            rng.shuffle(s)
            if s != t:
                return ' '.join(s)
        return None
    fill('reorder', persons, reorder)

    def drop_middle(e):
        t = tokens(natural_person(e['name']))
        if len(t) < 3:
            return None
        del t[rng.randrange(1, len(t) - 1)]
        return ' '.join(t)
    fill('drop_middle', persons, drop_middle)

    def initials(e):
        t = tokens(natural_person(e['name']))
        if len(t) < 2 or len(t[0]) < 3:
            return None
        return t[0][0] + '. ' + ' '.join(t[1:])
    fill('initials', persons, initials)

    def legal_form(e):
        n = e['name']
        for pat, reps in LEGAL_FORMS:
            if re.search(pat, n, re.I):
                q = re.sub(pat, rng.choice(reps), n, count=1, flags=re.I)
                q = re.sub(r'\s+', ' ', q).strip(' ,')
                return q if len(tokens(q)) >= 1 else None
        return None
    fill('legal_form', orgs, legal_form)

    def abbreviation(e):
        n = e['name']
        hits = [(w, ab) for w, ab in ABBREVIATIONS if re.search(r'\b' + w + r'\b', n, re.I)]
        if not hits:
            return None
        w, ab = rng.choice(hits)
        return re.sub(r'\b' + w + r'\b', ab, n, count=1, flags=re.I)
    fill('abbreviation', orgs, abbreviation)

    def translit(e):
        t = tokens(natural_person(e['name']))
        for i, tok in enumerate(t):
            up = re.sub(r'[^A-Z]', '', tok.upper())
            for cls in TRANSLIT:
                if up in cls:
                    alt = rng.choice([c for c in cls if c != up])
                    t[i] = alt.capitalize()
                    return ' '.join(t)
        return None
    fill('translit', persons, translit)

    def joined(e):
        t = tokens(natural(e))
        if len(t) < 2:
            return None
        i = rng.randrange(len(t) - 1)
        if not (t[i].isalpha() and t[i + 1].isalpha()):
            return None
        return ' '.join(t[:i] + [t[i] + t[i + 1]] + t[i + 2:])
    fill('joined', orgs + persons, joined)

    ru = [e for e in persons if any(p.startswith('UKRAINE') or p.startswith('RUSSIA') or p == 'CAATSA - RUSSIA'
                                    for p in e.get('programs', []))] or persons
    fill('cyrillic', ru, lambda e: to_cyrillic(natural_person(e['name'])))

    # UN original-script (Arabic) names -> the same person on the SDN list.
    sdn_by_name = {}
    for e in sdn:
        for n in e.get('names', []):
            sdn_by_name.setdefault(fold(natural(e, n['name'])), []).append(e)
    got = 0
    # Persons only, as issue 3 asks ("must find the same person"): the SDN list
    # writes organizations in English translation ("LIBYAN ISLAMIC FIGHTING GROUP"
    # for الجماعة الإسلامية المقاتلة), which no transliteration reaches.
    for e in un:
        arabic = [n['name'] for n in e.get('names', []) if n.get('script') == 'Arab']
        if not arabic or got >= a.per_category or e.get('type') != 'person':
            continue
        targets = {}
        for n in e.get('names', []):
            if n.get('script'):
                continue
            for t in sdn_by_name.get(fold(natural(e, n['name'])), []):
                targets[t['source_id']] = t
        if len(targets) == 1:
            t = next(iter(targets.values()))
            # The Arabic form writes the UN entry's primary name; the SDN entry,
            # linked through any shared Latin name (often an alias such as "Abu
            # Ali"), must carry at least one part of that name, in any spelling
            # that folds the same, or no name matcher can find it from the
            # Arabic form ("عصام علي محمد علوش" / "THAER, Mansour").
            if not shares_part(e['names'][0]['name'], t):
                continue
            add('arabic_un_to_sdn', arabic[0], t, e['name'])
            got += 1

    # Clean names: plausible people and companies on no list.
    listed = set()
    for e in everything:
        for n in e.get('names', []):
            listed.add(fold(natural(e, n['name'])))
    made = set()
    while len(made) < a.clean * 2 // 3:
        n = f'{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}'
        if rng.random() < 0.3:
            n = f'{rng.choice(FIRST_NAMES)} {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}'
        if fold(n) not in listed and n not in made:
            made.add(n)
            rows.append({'category': 'clean', 'query': n, 'type': 'person', 'expected_list': '',
                         'expected_source_id': '', 'source_name': ''})
    while len(made) < a.clean:
        n = f'{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_INDUSTRY)} {rng.choice(COMPANY_FORMS)}'.strip()
        if fold(n) not in listed and n not in made:
            made.add(n)
            rows.append({'category': 'clean', 'query': n, 'type': 'organization', 'expected_list': '',
                         'expected_source_id': '', 'source_name': ''})

    with open(a.out, 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=['category', 'query', 'type', 'expected_list',
                                          'expected_source_id', 'source_name'])
        w.writeheader()
        w.writerows(rows)
    from collections import Counter
    c = Counter(r['category'] for r in rows)
    print(' '.join(f'{k}={v}' for k, v in sorted(c.items())), file=sys.stderr)


if __name__ == '__main__':
    main()
