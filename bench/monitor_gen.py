#!/usr/bin/env python3
"""monitor_gen.py N SDN_CSV OUT.csv [CHANGED.csv] — synthetic customers for bench/monitor_bench.sh.

N customers (fixed seed): people from given + family names of many countries,
companies from a family name or word plus a legal form; and a few hundred
listed names taken from SDN_CSV (every k-th entity, plus INTELLEXA/CYTROX)
with variations (word order, case, dropped punctuation, one typo). With
CHANGED.csv also writes the same base with 0.1% of the customers changed
(a new address country or a name fix), which is one day's customer churn."""
import csv, random, sys

random.seed(7)
GIVEN = """James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard
Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Sandra
Ahmed Fatima Mohammed Aisha Ali Omar Layla Hassan Yusuf Maryam Ivan Olga Sergei Natalia Dmitri Elena
Wei Li Jing Ming Hiroshi Yuki Kenji Sakura Jose Maria Juan Carmen Luis Ana Carlos Lucia Pierre Marie
Hans Anna Giuseppe Giulia Lars Ingrid Priya Rahul Amit Sunita Kwame Ama Chinedu Ngozi Mehmet Ayse
Pavel Katarzyna Andrei Ioana Nikolaos Eleni Seo-yeon Min-jun Thanh Linh""".split()
FAMILY = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez
Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green
Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Muller Schmidt Schneider Fischer Weber
Meyer Wagner Becker Rossi Russo Ferrari Esposito Bianchi Romano Dubois Durand Leroy Moreau Ivanov
Petrov Sidorov Smirnov Kuznetsov Popov Wang Zhang Liu Chen Yang Huang Zhao Sato Suzuki Takahashi
Tanaka Watanabe Kim Park Choi Jung Kang Khan Hussain Rahman Ahmed Ali Hassan Ibrahim Yilmaz Kaya
Demir Sahin Kowalski Nowak Wisniewski Novak Horvat Papadopoulos Silva Santos Oliveira Souza Pereira
Costa Okafor Mensah Mwangi Banda Patel Sharma Singh Gupta Kumar Das Andersen Nielsen Hansen Larsen
Johansson Eriksson Virtanen Korhonen Tran Pham""".split()
WORDS = """Atlas Harbor Summit Pioneer Cedar Golden Northern Blue River Silver Eagle Horizon Crescent
Prime Global Pacific Coastal Delta Vector Apex Orion Meridian Granite Willow Falcon Sterling Union
Liberty Heritage Evergreen Phoenix Nova Zenith Triton Cobalt Beacon Keystone""".split()
KIND = """Trading Holdings Logistics Shipping Consulting Industries Technologies Foods Textiles Energy
Metals Pharma Capital Partners Electronics Imports Exports Marine Construction Solutions""".split()
FORM = ["Ltd", "LLC", "Inc.", "GmbH", "S.A.", "SARL", "B.V.", "Co., Ltd.", "PLC", "AG", "S.p.A.", "Pty Ltd"]
COUNTRIES = "US GB DE FR IT ES NL CN JP KR IN BR MX TR AE RU UA PL GR NG KE ZA EG SA PK VN".split()

def person():
    g = random.choice(GIVEN)
    mid = (" " + random.choice(GIVEN)[0] + ".") if random.random() < 0.2 else ""
    return "%s%s %s" % (g, mid, random.choice(FAMILY)), "person"

def company():
    first = random.choice(FAMILY if random.random() < 0.5 else WORDS)
    return "%s %s %s" % (first, random.choice(KIND), random.choice(FORM)), "entity"

def vary(name):
    """One variation of a listed name, as customer files spell them."""
    if ", " in name and random.random() < 0.6:        # "LAST, First" -> "First Last"
        last, _, first = name.partition(", ")
        name = first + " " + last
    r = random.random()
    if r < 0.4:
        name = name.title()
    elif r < 0.6:
        name = name.replace(".", "").replace(",", "")
    if random.random() < 0.25 and len(name) > 8:      # one typo: two letters swapped
        i = random.randrange(1, len(name) - 2)
        if name[i].isalpha() and name[i + 1].isalpha():
            name = name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name

def listed(sdn_csv):
    rows = [r for r in csv.reader(open(sdn_csv, encoding="cp1252", errors="replace", newline=""))
            if len(r) == 12 and r[0].strip().isdigit()]
    pick = rows[::50] + [r for r in rows if "INTELLEXA" in r[1] or "CYTROX" in r[1]]
    out = []
    for r in pick:
        typ = "person" if r[2].strip() == "individual" else "entity"
        out.append((vary(r[1]), typ))
    return out

def main():
    n, sdn, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    changed = sys.argv[4] if len(sys.argv) > 4 else None
    lst = listed(sdn)
    slots = dict(zip(random.sample(range(n), len(lst)), lst))
    rows = []
    for i in range(n):
        name, typ = slots.get(i) or (person() if random.random() < 0.7 else company())
        rows.append(["CUST%07d" % i, name, typ, random.choice(COUNTRIES)])
    def write(path, rs):
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["customer_id", "name", "type", "country"])
            w.writerows(rs)
    write(out, rows)
    if changed:
        for i in random.sample(range(n), n // 1000):
            rows[i] = rows[i][:3] + [random.choice(COUNTRIES)] if random.random() < 0.5 else \
                      [rows[i][0], rows[i][1] + " Jr", rows[i][2], rows[i][3]]
        write(changed, rows)
    print("%d customers, %d of them listed names with variations" % (n, len(lst)), file=sys.stderr)

main()
