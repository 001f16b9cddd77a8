#!/usr/bin/env python3
"""gen_customers.py — a synthetic customer file for vet batch benchmarks and tests.

usage: gen_customers.py ROWS OUT.csv [--sdn SDN.CSV] [--seed N] [--listed-every K]

Rows: customer_id,name,type,country,dob,email. Names are realistic person
names (first and last names from several regions) and company names (words
plus legal forms); every K-th row (default 50) is a name taken from OFAC's
sdn.csv (when given), half of them with a typo (a letter dropped, doubled or
swapped). About one row in five repeats an earlier customer's name, as real
customer bases do. Deterministic for a given seed."""
import csv, random, sys

FIRST = """James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Mohammed Fatima Ahmed Aisha Omar Leila
Wei Li Ming Hui Jun Yan Hiroshi Yuki Kenji Akiko Ivan Olga Dmitri Natalia Sergei Elena Pierre
Marie Jean Sophie Hans Anna Klaus Greta Carlos Maria Jose Lucia Juan Carmen Raj Priya Amit Sunita
Kwame Ama Chinedu Ngozi Lars Ingrid Mehmet Ayse Giorgos Eleni Pavel Jana Piotr Agnieszka""".split()
LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Khan Ali Hussein Rahman Haddad Nasser Wang Zhang Liu Chen Yang Tanaka Suzuki Sato Ivanov Petrov
Smirnov Kuznetsov Dubois Moreau Laurent Muller Schmidt Schneider Fischer Weber Rossi Russo
Ferrari Silva Santos Oliveira Patel Sharma Singh Gupta Mensah Okafor Nwosu Andersen Nielsen
Yilmaz Kaya Papadopoulos Novak Kowalski Nowak Horvath Costa""".split()
WORDS = """Global Pacific Northern Atlantic Blue River Summit Green Valley Star Bridge Harbor Prime
Alpha Delta Omega Apex Vertex Crystal Silver Golden Eagle Falcon Lion Oak Maple Cedar Pine
Sun Moon Ocean Coastal Metro Urban Rural United General Modern Classic Royal Imperial Trade
Tech Data Logic Systems Foods Textiles Logistics Shipping Energy Mining Pharma Medical Motors
Electronics Software Consulting Capital Finance Holdings Ventures Partners Industries""".split()
FORMS = "Ltd. LLC Inc. GmbH S.A. B.V. Corp. PLC S.r.l. AG Co. Limited".split()
COUNTRIES = "US GB DE FR IT ES NL CN JP IN BR RU TR AE SA EG NG ZA AU CA MX KR SG HK CH SE PL GR".split()


def typo(rng, s):
    if len(s) < 5:
        return s
    i = rng.randrange(1, len(s) - 1)
    k = rng.randrange(3)
    if k == 0:
        return s[:i] + s[i + 1:]
    if k == 1:
        return s[:i] + s[i] + s[i:]
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    rows, out = int(args[0]), args[1]
    sdn, seed, every = None, 1, 50
    i = 2
    while i < len(args):
        if args[i] == "--sdn":
            sdn = args[i + 1]; i += 2
        elif args[i] == "--seed":
            seed = int(args[i + 1]); i += 2
        elif args[i] == "--listed-every":
            every = int(args[i + 1]); i += 2
        else:
            sys.exit("unknown option " + args[i])
    rng = random.Random(seed)
    listed = []
    if sdn:
        with open(sdn, newline="", encoding="latin-1") as f:
            for r in csv.reader(f):
                if len(r) > 2 and r[1].strip() and r[1] != "-0-":
                    name = r[1].strip()
                    t = r[2].strip()
                    if t == "individual" and ", " in name:  # "LAST, First" -> "First Last"
                        last, first = name.split(", ", 1)
                        name = first + " " + last.title()
                    listed.append((name, "person" if t == "individual" else
                                   "vessel" if t == "vessel" else "organization"))
    recent = []
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["customer_id", "name", "type", "country", "dob", "email"])
        for n in range(rows):
            dob = ""
            if listed and n % every == every - 1:
                name, kind = rng.choice(listed)
                if rng.random() < 0.5:
                    name = typo(rng, name)
            elif recent and rng.random() < 0.2:
                name, kind = rng.choice(recent)
            elif rng.random() < 0.7:
                name, kind = rng.choice(FIRST) + " " + rng.choice(LAST), "person"
                dob = "%d-%02d-%02d" % (rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28))
            else:
                name = " ".join(rng.sample(WORDS, rng.randint(1, 3))) + " " + rng.choice(FORMS)
                kind = "organization"
            if len(recent) < 5000:
                recent.append((name, kind))
            else:
                recent[rng.randrange(5000)] = (name, kind)
            email = "c%d@example.com" % n
            w.writerow(["C%07d" % n, name, kind, rng.choice(COUNTRIES), dob, email])


if __name__ == "__main__":
    main()
