#!/usr/bin/env python3
"""gen_customers.py — a synthetic customer file for vet batch benchmarks and tests.

usage: gen_customers.py ROWS OUT.csv [--sdn SDN.CSV] [--seed N] [--listed-every K]

Rows: customer_id,name,type,country,dob,email. Names are realistic person
names (about 200 first and 300 last names from several regions, a quarter
with a middle initial) and company names (words plus legal forms); every K-th row (default 50) is a name taken from OFAC's
sdn.csv (when given), half of them with a typo (a letter dropped, doubled or
swapped). About one row in five repeats an earlier customer's name, as real
customer bases do. Deterministic for a given seed."""
import csv, random, sys

FIRST = """James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Mohammed Fatima Ahmed Aisha Omar Leila
Wei Li Ming Hui Jun Yan Hiroshi Yuki Kenji Akiko Ivan Olga Dmitri Natalia Sergei Elena Pierre
Marie Jean Sophie Hans Anna Klaus Greta Carlos Maria Jose Lucia Juan Carmen Raj Priya Amit Sunita
Kwame Ama Chinedu Ngozi Lars Ingrid Mehmet Ayse Giorgos Eleni Pavel Jana Piotr Agnieszka
Daniel Emma Matthew Olivia Andrew Sophia Joshua Isabella Christopher Mia Anthony Charlotte Mark
Amelia Steven Harper Paul Evelyn Kevin Abigail Brian Emily George Ella Edward Grace Ronald Chloe
Timothy Victoria Jason Nora Jeffrey Lily Ryan Hannah Jacob Zoe Gary Leah Nicholas Stella Eric
Hazel Jonathan Aurora Hassan Yasmin Karim Noor Tariq Salma Bilal Rania Farid Dina Arjun Kavya
Vikram Ananya Rohan Meera Chen Mei Tao Lin Hao Xin Takeshi Haruka Daiki Sakura Alexei Irina
Mikhail Tatiana Andrei Svetlana Luca Giulia Marco Chiara Pablo Sofia Diego Valentina Mateo
Camila Thiago Beatriz Rafael Luana Tomasz Katarzyna Jakub Zofia Emre Zeynep Burak Elif""".split()
LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Khan Ali Hussein Rahman Haddad Nasser Wang Zhang Liu Chen Yang Tanaka Suzuki Sato Ivanov Petrov
Smirnov Kuznetsov Dubois Moreau Laurent Muller Schmidt Schneider Fischer Weber Rossi Russo
Ferrari Silva Santos Oliveira Patel Sharma Singh Gupta Mensah Okafor Nwosu Andersen Nielsen
Yilmaz Kaya Papadopoulos Novak Kowalski Nowak Horvath Costa Clark Lewis Robinson Walker Young
Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell
Mitchell Carter Roberts Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook
Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson
Brooks Bennett Gray James Reyes Cruz Hughes Price Myers Long Foster Sanders Ross Morales Powell
Sullivan Russell Ortiz Jenkins Gutierrez Perry Butler Barnes Fisher Henderson Coleman Simmons
Abadi Farouk Salem Mansour Aziz Karimi Hosseini Moradi Rezaei Kumar Reddy Iyer Nair Das Bose
Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Watanabe Ito Yamamoto Nakamura Kobayashi Popov Volkov
Sokolov Lebedev Kozlov Novikov Morozov Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo
Conti Fernandez Gomez Diaz Alvarez Romero Ruiz Moreno Munoz Alonso Pereira Almeida Ribeiro
Carvalho Gomes Martins Rocha Wisniewski Wojcik Kaminski Lewandowski Demir Sahin Celik Ozturk""".split()
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
                middle = " %s." % rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.25 else ""
                name, kind = rng.choice(FIRST) + middle + " " + rng.choice(LAST), "person"
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
