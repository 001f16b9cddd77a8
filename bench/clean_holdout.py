#!/usr/bin/env python3
"""clean_holdout.py — a second set of clean names, held out from tuning.

make_variants.py's clean names come from one pool of (mostly Western)
given names, surnames and company words, and vet's rules were tuned while
looking at which of them were flagged. This script makes clean names from
a different pool, written separately for this check: common given names
and surnames of South and East Asia, Africa, Latin America, Eastern and
Southern Europe and the Middle East, and company names built from other
words. A name that any loaded list holds (folded as make_variants.py folds
them) is left out, so every row is a name on no list. Output: the same CSV
columns as make_variants.py, category "clean", for variants_bench.

usage: clean_holdout.py --vet BUILD/vet --shared ../shared --out clean.csv [--n 2000] [--seed 7]
"""
import argparse
import csv
import json
import random
import re
import subprocess
import sys
import unicodedata

GIVEN = """Aarav Vihaan Arjun Rohan Ananya Diya Kavya Ishaan Sai Lakshmi Ravi Suresh Ramesh Deepa
Sunita Anil Vijay Pooja Neha Amit Rajesh Priyanka Kiran Manoj Arun Bich Minh Thanh Huong Quang
Linh Hoa Tuan Duc Lan Jae Min Ji Seo Hyun Yuna Sung Dong Haruto Sota Yui Aoi Ren Hina Takumi
Daiki Naoko Wen Jing Li Fang Lei Hui Yan Xiu Ming Ying Adebayo Chinonso Emeka Ifeoma Oluwaseun
Yetunde Kofi Yaw Akua Abena Esi Kwabena Thabo Sipho Lindiwe Nomvula Zanele Themba Wanjiru Njeri
Kamau Otieno Achieng Amani Baraka Neema Juma Zawadi Mateus Thiago Rafael Gustavo Larissa Camila
Beatriz Leticia Joao Vitoria Santiago Valeria Mateo Ximena Sebastian Daniela Alejandro Renata
Rodrigo Paula Andres Catalina Ionut Andreea Bogdan Ioana Mihai Alina Dragos Vesna Milica Nikola
Jovana Stefan Tamara Zoran Goran Dimitrios Eleni Georgios Konstantina Panagiotis Athanasia
Sofie Lukas Jonas Mia Finn Matteo Lorenzo Alessia Francesca Tiago Ines Duarte Afonso Mariana
Kerem Burak Ayse Fatma Selin Cem Deniz Arash Parisa Reza Shirin Navid Mina Dariusz Malgorzata
Ewa Kacper Zofia Ondrej Tereza Vojtech Lucie Matej Aniko Zoltan Bence Reka Levente""".split()

FAMILY = """Sharma Verma Reddy Nair Pillai Menon Rao Joshi Kulkarni Chatterjee Banerjee Mukherjee
Das Bose Sen Ghosh Agarwal Malhotra Kapoor Bhatt Desai Shah Pandey Mishra Tiwari Yadav Nguyen
Tran Le Pham Hoang Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly Park Choi Jung Kang Cho Yoon Jang Lim
Han Shin Seo Kwon Hwang Ahn Song Sato Takahashi Ito Kobayashi Kato Yoshida Yamada Sasaki
Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Wang Zhang Liu Yang Huang Zhao Wu Zhou Xu Sun Ma
Zhu Hu Guo He Gao Lin Luo Zheng Liang Okonkwo Nwosu Eze Adeyemi Balogun Ogunleye Oyelaran
Owusu Asante Appiah Darko Nkosi Dlamini Ndlovu Khumalo Mokoena Naidoo Ochieng Kariuki Njoroge
Wafula Mutua Kiprop Cheruiyot Oliveira Souza Lima Pereira Carvalho Almeida Ribeiro Barbosa
Rocha Dias Teixeira Moreira Cardoso Araujo Popescu Ionescu Dumitru Stoica Constantin Georgescu
Jovanovic Petrovic Nikolic Markovic Djordjevic Stojanovic Papadopoulos Georgiou Dimitriou
Konstantinou Nikolaidis Oikonomou Bianco Romano Colombo Ricci Marino Greco Bruno Gallo Conti
Costa Giordano Mancini Lombardi Moretti Barbieri Fontana Santoro Rinaldi Caruso Ferrara Ozturk
Aydin Arslan Dogan Kilic Aslan Cetin Korkmaz Rezaei Mohammadi Hosseini Ahmadi Karimi Moradi
Jafari Wojcik Kaminski Lewandowski Zielinski Szymanski Dabrowski Horvat Kovacs Szabo Toth Nagy
Varga Balazs Farkas Molnar Nemeth Svobodova Prochazka Kucera Vesely Horak Cerny""".split()

COMPANY_A = """Lotus Jade Indigo Saffron Baobab Kilimanjaro Andes Pampas Danube Carpathia Aegean
Adriatic Ganges Mekong Sakura Fuji Himalaya Sahara Savanna Monsoon Tundra Fjord Oasis Delta Coral
Amber Onyx Topaz Garnet Opal Zenith Meridian Equinox Solstice Polaris Orion Lyra""".split()
COMPANY_B = """Tea Estates Cement Spinning Mills Tiles Rice Millers Coffee Exporters Cashew Processing
Software Labs Diagnostics Clinics Dairy Poultry Fisheries Handicrafts Jewellers Sweets Caterers
Opticians Bicycles Footwear Stationery Printers Packaging Ceramics Glassworks Tyres Batteries
Solar Irrigation Seeds Orchards Vineyards Bakers Tailors Couriers""".split()
COMPANY_C = ['Pvt Ltd', 'Sdn Bhd', 'Ltda', 'S.p.A.', 'Kft', 'd.o.o.', 'A.S.', 'Oy', 'SARL', 'PLC', '']


def fold(s):
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c))
    return re.sub(r'[^a-z0-9]+', ' ', s.lower()).strip()


def natural(e, name):
    if e.get('type') == 'person' and ',' in name:
        last, first = name.split(',', 1)
        return f'{first.strip()} {last.strip()}'
    return name


def listed_names(vet, lists):
    out = set()
    for path in lists:
        p = subprocess.run([vet, 'read', '--json', path], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f'clean_holdout: vet read {path} failed: {p.stderr.strip()[:300]}')
        for line in p.stdout.splitlines():
            e = json.loads(line)
            for n in e.get('names', []):
                out.add(fold(natural(e, n['name'])))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vet', required=True)
    ap.add_argument('--shared', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--n', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=7)
    ap.add_argument('lists', nargs='*', help='list files whose names are excluded (default: all shared lists)')
    a = ap.parse_args()
    L = a.shared + '/data/lists'
    lists = a.lists or [L + '/ofac/sdn-2021-07', L + '/ofac/non-sdn-2025-12', L + '/un/consolidated-2026-02-27.xml',
                        L + '/csl/consolidated-2023-11-partial.csv', L + '/bis/dpl-2022-09.txt',
                        L + '/ecfr/title-15-part-744-2026-07-23.xml', L + '/uk/ofsi-conlist-2014-04-02.csv',
                        L + '/eu/eu-fsf-v1.0-2018-07-04-first-999-rows.csv']
    listed = listed_names(a.vet, lists)
    rng = random.Random(a.seed)
    made, rows = set(), []
    while len(made) < a.n * 2 // 3:
        n = f'{rng.choice(GIVEN)} {rng.choice(FAMILY)}'
        if rng.random() < 0.3:
            n = f'{rng.choice(GIVEN)} {rng.choice(GIVEN)} {rng.choice(FAMILY)}'
        if fold(n) not in listed and n not in made:
            made.add(n)
            rows.append(('clean', n, 'person'))
    while len(made) < a.n:
        n = f'{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)} {rng.choice(COMPANY_C)}'.strip()
        if fold(n) not in listed and n not in made:
            made.add(n)
            rows.append(('clean', n, 'organization'))
    with open(a.out, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['category', 'query', 'type', 'expected_list', 'expected_source_id', 'source_name'])
        for c, q, t in rows:
            w.writerow([c, q, t, '', '', ''])
    print(f'clean={len(rows)}', file=sys.stderr)


if __name__ == '__main__':
    main()
