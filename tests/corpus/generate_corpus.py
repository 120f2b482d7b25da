#!/usr/bin/env python3
"""Generates tests/corpus/generated.jsonl, the generated part of the screening corpus.

Each line is {"id", "text", "label": "nominal"|"clean", "kinds": [...]}. Clean narratives are
aggregate reporting of the kind the Bali Process agencies share; nominal ones are clean
narratives with one or two sentences that identify a person, labelled with the kinds of
identifier they contain. See README.md for how the corpus was built and how to regenerate it:

    python3 tests/corpus/generate_corpus.py > tests/corpus/generated.jsonl

The output is deterministic (fixed seed). The name pools below were written for the corpus and
are deliberately not copied from the pattern file's lists: many names here are in no list, so
that name detection is measured on the context (titles, roles, "named", "alias") as much as on
known names.
"""

import json
import random
import sys

R = random.Random(20260703)


def pick(seq):
    return R.choice(seq)


# ---------------------------------------------------------------------------------------------
# Vocabulary of aggregate reporting
# ---------------------------------------------------------------------------------------------

AGENCIES = ["id.polri", "my.pdrm", "th.rtp", "au.abf", "bd.bgb", "tl.pntl", "lk.police",
            "my.mmea", "id.bakamla", "th.rtn", "bd.coastguard", "mm.mpf"]
AGENCY_NAMES = ["Polda Aceh", "Ditpolairud Polda NTT", "PDRM", "APMM", "Royal Thai Police",
                "Thai Marine Police", "ABF", "Maritime Border Command", "BGB", "Bangladesh Coast Guard",
                "PNTL", "UPF", "Sri Lanka Navy", "Bakamla", "Imigrasi Kupang", "Polres Rote Ndao",
                "RAB-15", "APBn", "Lantamal I Belawan", "the Coast Guard", "the Navy", "Marine Police"]
PLACES = ["Cox's Bazar", "Teknaf", "Ukhiya", "Kutupalong", "Shah Porir Dwip", "Bhasan Char",
          "Sittwe", "Maungdaw", "Kawthaung", "Ranong", "Satun", "Songkhla", "Langkawi", "Penang",
          "Aceh", "Aceh Utara", "Lhokseumawe", "Idi Rayeuk", "Sabang", "Medan", "Belawan",
          "Tanjung Balai", "Batam", "Kupang", "Rote", "Rote Ndao", "Pelabuhan Ratu", "Cilacap",
          "Christmas Island", "Ashmore Reef", "Darwin", "Broome", "Dili", "Atauro", "Oecusse",
          "Negombo", "Chilaw", "Batticaloa", "Trincomalee", "Mae Sot", "Padang Besar", "Hat Yai",
          "Johor Bahru", "Port Klang", "Kuala Lumpur", "Bangkok", "Surabaya", "Makassar",
          "Labuan Bajo", "Mataram", "Sumbawa", "Atambua", "Batugade", "Chittagong", "Mawlamyine",
          "Phang Nga", "Krabi", "Kota Kinabalu", "Tawau", "Sandakan", "Merauke", "Jakarta"]
SEAS = ["Andaman Sea", "Bay of Bengal", "Strait of Malacca", "Timor Sea", "Indian Ocean",
        "Java Sea", "Savu Sea", "Arafura Sea", "Sunda Strait", "Lombok Strait"]
ROUTES = ["Cox's Bazar → Andaman Sea → Aceh", "Teknaf → Andaman Sea → Satun",
          "Sittwe → Bay of Bengal → Aceh", "Kupang → Rote → Ashmore Reef",
          "Negombo → Indian Ocean → Christmas Island", "Pelabuhan Ratu → Christmas Island",
          "Dumai → Strait of Malacca → Port Klang", "Mae Sot → Bangkok → Padang Besar",
          "Dhaka → Kuala Lumpur (air)", "Kabul → Tehran → Jakarta (air)",
          "Chilaw → Indian Ocean → Cocos Islands", "Batam → Johor Bahru",
          "Tawau → Sandakan", "Dili → Atambua (land)", "Kawthaung → Ranong"]
NATS = ["Rohingya", "Bangladeshi", "Myanmar", "Indonesian", "Malaysian", "Thai", "Sri Lankan",
        "Afghan", "Iranian", "Vietnamese", "Timorese", "Iraqi", "Pakistani", "Nepali",
        "Cambodian", "Chinese"]
NATS3 = ["MMR", "BGD", "IDN", "AFG", "IRN", "LKA", "VNM", "THA", "MYS", "TLS", "PAK", "IRQ"]
VESSELS = ["wooden fishing boat", "wooden boat", "fishing trawler", "speedboat", "longtail boat",
           "steel-hulled vessel", "small motor boat", "cargo boat", "ferry", "perahu",
           "kapal motor", "double-engine boat", "decommissioned trawler"]
VESSEL_NAMES = ["KM Sinar Harapan", "KM Bintang Laut", "KLM Cahaya Baru", "MV Ocean Pearl",
                "KM Rezeki Jaya", "FV Mitra Abadi", "KM Putra Samudera", "KMN Berkah Ilahi"]
PERIODS = ["2026-Q3", "2026-Q2", "Q1 2026", "H1 2026", "2025", "FY2025-26", "July 2026",
           "the reporting period", "Jan-Jun 2026", "Sept 2026", "2026-07", "the last quarter"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTHS3 = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ROLE_NOUNS = ["the captain", "the boat captain", "the skipper", "the tekong", "the nakhoda",
              "the agent", "the broker", "the dalal", "the main organiser", "the recruiter",
              "a local facilitator", "the driver", "the money collector", "the boat owner",
              "the middleman", "the sub-agent", "the ringleader", "a Malaysia-based agent",
              "a Teknaf-based broker", "the crew", "two crew members", "the engineer"]
PLATFORMS = ["Facebook", "WhatsApp", "Telegram", "TikTok", "IMO", "Viber", "Messenger",
             "Instagram", "Signal", "LINE"]
CURRENCIES = ["USD", "AUD", "IDR", "MYR", "RM", "THB", "BDT", "Tk", "Rp", "LKR", "MMK"]
DOCS = ["passports", "Bangladeshi passports", "Indonesian passports", "Malaysian visas",
        "fraudulent visas", "altered passports", "forged KTP cards", "fake MyKad cards",
        "fraudulent seaman books", "counterfeit UNHCR cards", "impostor passports",
        "lookalike passports", "fake work permits", "fraudulent NID cards"]


def num(lo, hi):
    return R.randint(lo, hi)


def comma(n):
    return f"{n:,}"


def money():
    cur = pick(CURRENCIES)
    if cur in ("IDR", "Rp"):
        v = pick([f"{num(5, 60)},000,000", f"{num(5, 60)}.000.000", f"{num(5, 60)} juta"])
    elif cur in ("BDT", "Tk"):
        v = pick([f"{num(1, 5)} lakh", comma(num(50, 500) * 1000)])
    elif cur == "MMK":
        v = comma(num(1, 9) * 1000000)
    else:
        v = comma(num(3, 90) * 100)
    return pick([f"{cur} {v}", f"{cur}{v}" if cur in ("RM", "Rp", "USD") else f"{cur} {v}"])


def event_date():
    d, m, y = num(1, 28), num(1, 12), pick([2025, 2026])
    return pick([f"{d} {MONTHS[m - 1]} {y}", f"{d} {MONTHS3[m - 1]} {y}", f"{d:02d}/{m:02d}/{y}",
                 f"{y}-{m:02d}-{d:02d}", f"{MONTHS[m - 1]} {d}, {y}", f"{d}-{MONTHS3[m - 1]}-{y}",
                 f"{d:02d}.{m:02d}.{y}"])


def time_of_day():
    h, mi = num(0, 23), pick([0, 15, 30, 45, 10, 50])
    return pick([f"{h:02d}{mi:02d} hrs", f"{h:02d}:{mi:02d}", f"{h:02d}.{mi:02d} WIB",
                 f"{h:02d}{mi:02d}H", f"approx. {h:02d}{mi:02d} local time"])


def coords():
    return pick([f"{num(1, 9):02d}°{num(0, 59):02d}'N {num(92, 99):03d}°{num(0, 59):02d}'E",
                 f"{num(1, 9)}.{num(1000, 9999)}N, {num(92, 130)}.{num(1000, 9999)}E",
                 f"{num(8, 12)}°{num(0, 59)}′S {num(120, 124)}°{num(0, 59)}′E"])


def age_band():
    return pick(["18-25", "0-4", "5-11", "12-17", "26-35", "36-50", "18–24", "25 to 34",
                 "under 18", "60+", "18 and over"])


def case_ref():
    return pick([f"LP/B/{num(10, 999)}/{pick(['VII', 'VIII', 'IX', 'III'])}/2026/SPKT",
                 f"Case ref. {pick(['KPG', 'ACH', 'MDN'])}/{num(100, 999)}/2026",
                 f"file {num(10, 99)}/2026-PS",
                 f"report no. {pick(AGENCIES)}-2026-{num(1, 400):04d}",
                 f"GD entry {num(100, 999)}/26"])


# Clean sentence templates. Each is a function so that every use draws new values.
CLEAN = [
    lambda: f"In {pick(PERIODS)}, {pick(AGENCY_NAMES)} intercepted {num(2, 9)} vessels carrying {num(40, 600)} persons on the route {pick(ROUTES)}.",
    lambda: f"{num(2, 9)} boats were intercepted in {pick(SEAS)} with {comma(num(100, 2400))} persons on board, mostly {pick(NATS)} nationals.",
    lambda: f"Median fee paid was {money()} per person, up from {money()} in {pick(['2024', '2025', 'Q2'])}.",
    lambda: f"The {pick(VESSELS)} departed {pick(PLACES)} on {event_date()} and landed near {pick(PLACES)} {num(3, 12)} days later.",
    lambda: f"Passengers aged {age_band()} made up {num(10, 70)} per cent of those rescued; {num(5, 90)} children aged {age_band()} were among them.",
    lambda: f"{num(2, 14)} facilitators were arrested and {num(1, 6)} prosecuted under {pick(['Law 6/2011 on Immigration', 'ATIPSOM 2007', 'section 26A', 'the Migration Act 1958', 'the Penal Code'])}.",
    lambda: f"The captain and {num(2, 5)} crew were detained; the captain of the vessel was an {pick(['Indonesian', 'Acehnese', 'Rotenese'])} national.",
    lambda: f"{pick(ROLE_NOUNS).capitalize()} collected the fees in {pick(PLACES)} before departure.",
    lambda: f"Recruitment happened through {pick(PLATFORMS)} groups and {pick(PLATFORMS)} channels, with payments via {pick(['bKash', 'hawala', 'Western Union', 'cash couriers', 'bank transfer', 'GCash', 'Nagad'])}.",
    lambda: f"{num(3, 80)} {pick(DOCS)} were detected at {pick(['Ngurah Rai', 'KLIA', 'Suvarnabhumi', 'Soekarno-Hatta', 'Hazrat Shahjalal', 'Bandaranaike', 'Kualanamu'])} airport during {pick(PERIODS)}.",
    lambda: f"{num(1, 40)} deaths and {num(1, 90)} missing were reported after the boat capsized off {pick(PLACES)} at {coords()}.",
    lambda: f"Interception took place at {time_of_day()} on {event_date()}, approx. {num(5, 60)} NM from {pick(PLACES)}.",
    lambda: f"The vessel {pick(VESSEL_NAMES)} was used twice on this route; its owner is unknown.",
    lambda: f"Reporting agency {pick(AGENCIES)}, period {pick(PERIODS)}, mode sea, theme people smuggling.",
    lambda: f"By nationality: {pick(NATS3)} {num(1, 300)}, {pick(NATS3)} {num(1, 200)}, {pick(NATS3)} {num(1, 90)}.",
    lambda: f"Women were {num(10, 60)}% and children {num(5, 45)}% of the {num(50, 900)} persons detected.",
    lambda: f"Smugglers now use {pick(['smaller boats', 'night departures', 'transshipment at sea', 'decoy boats', 'GPS phones', 'fishing boats with AIS off', 'land routes via Thailand'])} to avoid patrols.",
    lambda: f"The {pick(['network', 'syndicate', 'group'])} operated between {pick(PLACES)} and {pick(PLACES)}, using safe houses in {pick(PLACES)}.",
    lambda: f"{pick(AGENCY_NAMES)} shared the information with {pick(AGENCY_NAMES)} under {case_ref()}.",
    lambda: f"Fees rose by {num(5, 60)} per cent compared to {pick(['2024', '2025', 'last year', 'the previous quarter'])}.",
    lambda: f"{num(2, 30)} online recruitment cases were opened in {pick(PERIODS)}, mainly on {pick(PLATFORMS)}.",
    lambda: f"Persons were held for {num(2, 40)} days in {pick(['a palm oil plantation', 'a warehouse', 'a jungle camp', 'a safe house', 'a fishing jetty'])} near {pick(PLACES)} until the balance of {money()} was paid.",
    lambda: f"The {pick(['Rohingya', 'Bangladeshi', 'Afghan', 'Sri Lankan'])} passengers said the agent in {pick(PLACES)} promised jobs in {pick(['Malaysia', 'Australia', 'Indonesia', 'Thailand'])}.",
    lambda: f"No arrests were made; the boat was pushed back towards {pick(SEAS)} on {event_date()}.",
    lambda: f"Between {pick(['2019', '2020', '2021'])} and {pick(['2024', '2025', '2026'])} the number of departures from {pick(PLACES)} doubled.",
    lambda: f"A {num(10, 30)}-year-old wooden boat with a {num(20, 200)} HP engine was seized at {pick(PLACES)}.",
    lambda: f"Approx {num(100, 300)} pax (POB) incl. {num(10, 80)} minors, {num(20, 100)} females.",
    lambda: f"{pick(AGENCY_NAMES)} reports {num(3, 40)} vessels intercepted in {pick(PERIODS)} vs {num(3, 40)} in {pick(['2025-Q2', '2025', 'Q1'])}.",
    lambda: f"Source: {pick(['interviews with survivors', 'debriefing of rescued persons', 'open source', 'liaison officer report', 'joint operation debrief', 'UNHCR update'])}; confidence {pick(['medium', 'high', 'low'])}.",
    lambda: f"The organisers were {pick(['Bangladeshi', 'Myanmar', 'Indonesian', 'Malaysian'])} nationals working with brokers in the camps.",
    lambda: f"Boats leave from {pick(['Shamlapur', 'Teknaf', 'Sabrang', 'Shah Porir Dwip', 'Kutubdia', 'Moheshkhali'])} beach at night during the dry season (Nov-Apr).",
    lambda: f"Operation {pick(['Sovereign Borders', 'Gaiwan', 'Lancang', 'Benteng', 'Tiger Strike', 'Nyah II'])} continued with {num(2, 8)} patrol vessels.",
    lambda: f"Average age was {num(20, 35)}; the youngest persons were in the 0-4 age band.",
    lambda: f"Documents seized: {num(2, 40)} phones, {num(1, 20)} GPS units and {num(1, 30)} SIM cards.",
    lambda: f"The agent Malaysia side arranged the pick up at {pick(['Langkawi', 'Penang', 'Kedah coast', 'Perlis'])}.",
    lambda: f"The smuggler network known as the {pick(['Teknaf', 'Kupang', 'Medan', 'Ranong'])} group shifted to land routes.",
    lambda: f"They was transported by {pick(['truck', 'van', 'pickup', 'bus', 'boat'])} from {pick(PLACES)} to {pick(PLACES)} at night.",
    lambda: f"More than {num(100, 900)} of persons crossed during {pick(PERIODS)}, the most since {pick(['2015', '2017', '2020'])}.",
    lambda: f"The boat is depart from {pick(PLACES)} with {num(40, 300)} people and engine problem after {num(2, 9)} days.",
    lambda: f"Smuggling fee were paid in {num(2, 4)} instalments: {money()} before departure and the rest on arrival.",
    lambda: f"Pls note the increase of Sri Lankan departures from {pick(['Negombo', 'Chilaw', 'Batticaloa', 'Trincomalee'])} since {pick(MONTHS)}.",
    lambda: f"Liaison officer in {pick(PLACES)} confirms {num(2, 9)} boats are preparing, ETD {pick(['next week', 'end of month', 'after Eid', 'before monsoon'])}.",
    lambda: f"{num(2, 12)} victims of trafficking were identified, {num(1, 8)} for forced labour on fishing boats and {num(1, 5)} for sexual exploitation.",
    lambda: f"The broker network charged {money()} for the land leg and {money()} for the sea leg.",
    lambda: f"Phones seized from the crew show contact with agents in {pick(PLACES)} and {pick(PLACES)}.",
    lambda: f"Per IOM, {comma(num(1000, 5000))} persons departed by sea in {pick(['2024', '2025'])}, {num(100, 600)} dead or missing.",
    lambda: f"Vessel registration GT {num(5, 30)} No. {num(100, 999)}/{pick(['Bb', 'Ba', 'Pst'])} was found to be false.",
    lambda: f"Camp {num(1, 27)} and Camp {num(1, 27)} in Ukhiya were the main recruitment areas.",
    lambda: f"Departures peaked in {pick(MONTHS)} ({num(5, 20)} boats) and fell in {pick(MONTHS)} ({num(0, 4)}).",
    lambda: f"A {pick(['WhatsApp', 'Telegram', 'Facebook'])} group of {comma(num(200, 5000))} members advertised jobs in Malaysia.",
    lambda: f"The Rohingya refugees had registered with UNHCR in {pick(['Malaysia', 'Indonesia', 'Bangladesh'])}; {num(10, 90)} held UNHCR cards.",
    lambda: f"Flights {pick(['QZ', 'AK', 'FD', 'MH', 'UL', 'BS'])}{num(100, 9999)} and {pick(['QZ', 'AK', 'OD', 'SQ'])}{num(100, 9999)} were used by groups of {num(5, 20)} travellers.",
    lambda: f"A case of document fraud involved {num(2, 20)} lookalike passports issued in {pick(['Dhaka', 'Colombo', 'Jakarta', 'Yangon'])}.",
    lambda: f"The boat carried {num(2, 20)} drums of diesel, rice and water for {num(7, 20)} days.",
    lambda: f"Migrants reported beatings by the crew and were kept below deck; {num(1, 6)} died during the voyage.",
    lambda: f"IDR {num(1, 9)}.{num(100, 999)}.000 and {pick(['USD', 'MYR'])} {comma(num(100, 900))} in cash were seized.",
    lambda: f"Ref: {case_ref()} dated {event_date()}.",
    lambda: f"Coordination meeting of the Maritime People Smuggling Response Group on {event_date()} agreed to share trend data monthly.",
    lambda: f"The captain, an Indonesian fisherman, said he was paid {money()} to take the boat to {pick(['Ashmore Reef', 'Christmas Island', 'Rote'])}.",
    lambda: f"{pick(['Most', 'Some', 'Half of the', 'All'])} passengers were from {pick(['Maungdaw', 'Buthidaung', 'Kutupalong', 'Balukhali', 'Nayapara'])} and paid the dalal in Teknaf.",
]

# ---------------------------------------------------------------------------------------------
# Personal data, for nominal narratives
# ---------------------------------------------------------------------------------------------

GIVEN = {
    "rohingya": ["Mohammed Ayas", "Nur Kamal", "Dil Mohammed", "Sayed Alam", "Abu Siddique",
                 "Anowara", "Kala Miah", "Nurul Amin", "Jamalida", "Rashida Begum",
                 "Mohammed Salim", "Zubair", "Hamida", "Abdu Shukkur", "Sona Miah", "Yasmin Ara",
                 "Shafi Alam", "Nur Hossain", "Lalu Miah", "Amir Hamza", "Setara Begum",
                 "Hafez Ahmed", "Abdul Hamid", "Rofique", "Sultan Ahmed", "Noor Kaida"],
    "bengali": ["Md. Rafiqul Islam", "Shahidul Alam", "Mizanur Rahman", "Abul Kalam",
                "Mohammad Hasan", "Rubel Mia", "Sohel Rana", "Moinul Haque", "Jashim Uddin",
                "Sharmin Akter", "Nasima Khatun", "Kamrul Hasan", "Belal Hossain", "Tareq Aziz",
                "Monir Chowdhury", "Saiful Sarker", "Anisur Rahman", "Babul Mia"],
    "malay": ["Ahmad Faizal bin Ismail", "Mohd Rosli", "Siti Aminah", "Azman Hashim",
              "Nurul Huda", "Kamarul Ariffin", "Zulkifli Omar", "Roslan Yusof", "Faridah",
              "Hafizuddin", "Wan Azizah", "Shahrul Nizam", "Muhd Danial", "Suhaimi Salleh"],
    "indonesian": ["Budi Santoso", "Agus Salim", "Yohanes Ndolu", "Mesak Manafe", "Joko Susilo",
                   "Dewi Lestari", "Teuku Rizal", "Muchtar", "Slamet Riyadi", "Herman Lay",
                   "Ismail Nggadas", "Safrizal", "Marthen Bessie", "Yunus Tallo", "Dedi Kurniawan",
                   "Andi Saputra", "Sri Wahyuni", "Paulus Pellokila", "Obed Tefa", "Rudi Hartono",
                   "Irwansyah", "Fadli", "Rahmat Hidayat"],
    "thai": ["Somchai Jaidee", "Prasert Srisuk", "Wirat Saelim", "Anan Thongdee", "Kittisak",
             "Malee Boonsong", "Surachai Rattanakul", "Sombat Kaewkla", "Pornthip", "Nattapong",
             "Chaiwat Phromsri", "Sirichai Intharasak", "Boonlert Chaiyaporn"],
    "burmese": ["Kyaw Zaw Oo", "Aung Min Htet", "Thida Aye", "Zaw Win", "Myo Min Tun",
                "Khin Mar Lwin", "Htet Aung", "Soe Naing", "Nyein Chan", "Win Naing Oo"],
    "tetum": ["João da Costa", "Domingos Soares", "Maria Ximenes", "Agostinho Guterres",
              "Francisco Sarmento", "Aleixo Pereira", "Lourenço Belo", "Natalino Amaral",
              "Filomeno Freitas", "Ermelinda Martins"],
    "vietnamese": ["Nguyen Van Hung", "Tran Thi Mai", "Le Van Duc", "Pham Minh Tuan",
                   "Hoang Van Long", "Vo Thi Lan", "Dang Quoc Bao", "Bui Van Thanh"],
    "srilankan": ["Nimal Perera", "Suresh Kumar", "Ruwan Fernando", "Tharshan Sivarajah",
                  "Chaminda Silva", "Kasun Jayasinghe", "Murugan Selvam", "Pradeep Bandara",
                  "Sivakumar Nadarajah", "Lakmal Herath"],
    "afghan_iranian": ["Mohammad Reza Ahmadi", "Ali Hosseini", "Zabihullah Safi",
                       "Hamid Karimi", "Gul Ahmad", "Farid Rahimi", "Mahdi Jafari", "Abdul Wali",
                       "Sayed Hashemi", "Omid Moradi", "Nasir Ahmadzai", "Zahra Mohammadi",
                       "Habibullah Noori", "Reza Mousavi"],
    "english": ["John Smith", "David Brown", "Michael Wilson", "Peter Jones", "Sarah Taylor"],
}
ALL_NAMES = [n for names in GIVEN.values() for n in names]
NICKNAMES = ["Bhai Jaan", "Boss Kecil", "Pak Tua", "Bang Hitam", "Kala Bhai", "Big Brother",
             "Abang Long", "Mama Rose", "Uncle Ko", "Hajji Sahib", "Anna Bhai", "Tekong Ali"]


def name(group=None):
    return pick(GIVEN[group]) if group else pick(ALL_NAMES)


def first_word(n):
    parts = n.replace("Md. ", "").split()
    return parts[0]


def phone():
    """Returns (text, country) in the formats officers write."""
    kind = R.randrange(14)
    a = lambda k: "".join(str(R.randrange(10)) for _ in range(k))
    if kind == 0:
        return f"+62 8{R.randint(11, 59)}-{a(4)}-{a(4)}", "id"
    if kind == 1:
        return f"08{R.randint(11, 59)}{a(4)}{a(4)}", "id"
    if kind == 2:
        return f"0062 8{R.randint(11, 59)} {a(4)} {a(3)}", "id"
    if kind == 3:
        return f"01{R.choice('0123456789')}-{a(7)}", "my"
    if kind == 4:
        return f"+60 1{R.randint(0, 9)}-{a(3)} {a(4)}", "my"
    if kind == 5:
        return f"0{R.choice('689')}{R.randrange(10)}-{a(3)}-{a(4)}", "th"
    if kind == 6:
        return f"+66 {R.choice('689')}{R.randrange(10)} {a(3)} {a(4)}", "th"
    if kind == 7:
        return f"01{R.choice('3456789')}{a(8)}", "bd"
    if kind == 8:
        return f"01{R.choice('3456789')}{a(2)}-{a(6)}", "bd"
    if kind == 9:
        return f"+880 1{R.choice('3456789')}{a(2)} {a(6)}", "bd"
    if kind == 10:
        return f"04{a(2)} {a(3)} {a(3)}", "au"
    if kind == 11:
        return f"+61 4{a(2)} {a(3)} {a(3)}", "au"
    if kind == 12:
        return f"+670 7{a(3)} {a(4)}", "tl"
    return f"+95 9 {a(3)} {a(3)} {a(3)}", "mm"


def nik():
    prov = R.choice([11, 12, 13, 14, 21, 31, 32, 33, 35, 51, 52, 53, 73, 94])
    day = R.randint(1, 28) + (40 if R.random() < 0.5 else 0)
    return f"{prov}{R.randint(1, 99):02d}{R.randint(1, 40):02d}{day:02d}{R.randint(1, 12):02d}{R.randint(60, 99):02d}{R.randint(1, 9999):04d}"


def thai_id():
    d12 = str(R.randint(1, 8)) + "".join(str(R.randrange(10)) for _ in range(11))
    s = sum(int(d12[i]) * (13 - i) for i in range(12))
    full = d12 + str((11 - s % 11) % 10)
    if R.random() < 0.4:
        return f"{full[0]}-{full[1:5]}-{full[5:10]}-{full[10:12]}-{full[12]}"
    return full


def mykad():
    return f"{R.randint(60, 99)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}-{R.randint(1, 16):02d}-{R.randint(1000, 9999)}"


def bd_nid():
    k = pick([10, 13, 17])
    return "".join(str(R.randint(1 if i == 0 else 0, 9)) for i in range(k))


def mrz_value(c):
    if c.isdigit():
        return int(c)
    if c == "<":
        return 0
    return ord(c) - 55


def check_digit(s):
    return str(sum(mrz_value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def mrz_lines():
    country = pick(["IDN", "BGD", "MYS", "LKA", "AFG", "MMR", "THA", "IRN", "VNM"])
    surname, given = pick([("SANTOSO", "BUDI"), ("RAHMAN", "MIZANUR"), ("PERERA", "NIMAL"),
                           ("AHMADI", "MOHAMMAD<REZA"), ("BIN<ISMAIL", "AHMAD<FAIZAL"),
                           ("HOSSAIN", "BELAL"), ("NGUYEN", "VAN<HUNG"), ("JAIDEE", "SOMCHAI")])
    line1 = (f"P<{country}{surname}<<{given}" + "<" * 44)[:44]
    doc = pick("ABCEKNP") + "".join(str(R.randrange(10)) for _ in range(7)) + "<"
    dob = f"{R.randint(60, 99)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
    exp = f"{R.randint(27, 34)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
    personal = "<" * 14
    line2 = (doc + check_digit(doc) + country + dob + check_digit(dob) + pick("MF") + exp +
             check_digit(exp) + personal + "<")
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    line2 = line2 + check_digit(composite)
    return line1, line2


def passport_no():
    return pick([f"{pick('ABCEKNP')}{R.randint(1000000, 9999999)}",
                 f"{pick(['EB', 'EA', 'BW', 'AA', 'BN'])}{R.randint(1000000, 9999999)}",
                 f"{pick('ABX')} {R.randint(1000000, 9999999)}",
                 f"{pick(['N', 'P', 'K'])}{R.randint(10000000, 99999999)}"])


def dob_text():
    d, m, y = R.randint(1, 28), R.randint(1, 12), R.randint(1960, 2010)
    return pick([f"{d} {MONTHS[m - 1]} {y}", f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}",
                 f"{d:02d}-{m:02d}-{y}", f"{d}.{m}.{y}", f"{MONTHS[m - 1]} {d}, {y}",
                 f"{d}-{MONTHS3[m - 1].upper()}-{y}", f"{d:02d}.{m:02d}.{y % 100:02d}",
                 f"{d} {pick(['Maret', 'Mei', 'Agustus', 'Oktober', 'Desember', 'Januari'])} {y}"])


def email():
    user = pick(["rahim.travel", "agent.kupang", "budi_ndolu", "teknaf.boat", "somchai.trans",
                 "nimal.p", "ayas.mohammed", "jobs.malaysia", "haji.visa", "mv.ocean"])
    return f"{user}{R.randint(1, 99)}@{pick(['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'ymail.com', 'proton.me', 'yahoo.co.id'])}"


def handle():
    base = pick(["rahim_travel", "boss.kupang", "jobs_malaysia", "kala.bhai", "tekong.ali",
                 "visa_aus_fast", "anna_bhai_bd", "somchai.boat"])
    return base + str(R.randint(1, 99))


def address():
    return pick([
        lambda: f"Jalan {pick(['Ampang', 'Sultan Ismail', 'Merdeka', 'Teuku Umar', 'Diponegoro', 'Kebun Sirih'])} No. {R.randint(1, 200)}",
        lambda: f"Jl. {pick(['Sudirman', 'Timor Raya', 'El Tari', 'Soekarno', 'Cut Meutia'])} No.{R.randint(1, 99)}",
        lambda: f"Jln {pick(['Besar', 'Pantai', 'Masjid'])} {R.randint(1, 99)}",
        lambda: f"Gang {pick(['Mawar', 'Melati', 'Kenanga'])} No {R.randint(1, 40)}",
        lambda: f"{R.randint(1, 300)} {pick(['Smith', 'Mitchell', 'Bagot', 'Stuart', 'Cavenagh'])} {pick(['Street', 'St', 'Road', 'Rd', 'Avenue'])}",
        lambda: f"Soi {R.randint(1, 80)}",
        lambda: f"{R.randint(1, 200)}/{R.randint(1, 50)} Moo {R.randint(1, 12)}",
        lambda: f"RT {R.randint(1, 15):02d}/RW {R.randint(1, 9):02d}",
        lambda: f"House {R.randint(1, 90)}, Road {R.randint(1, 20)}",
        lambda: f"Block {pick('ABCDE')}-{R.randint(1, 9)}, shelter no. {R.randint(1, 400)}",
        lambda: f"Lorong {R.randint(1, 20)} No. {R.randint(1, 60)}",
    ])()


# Nominal sentence templates: (kinds, function returning text). The kinds are the labels.
NOMINAL = [
    # Names after titles and roles
    (["personal_name"], lambda: f"{pick(['Mr', 'Mr.', 'Pak', 'Bapak', 'Haji', 'Sdr.', 'Encik', 'Khun', 'Sheikh', 'Mrs', 'Ms', 'Bu', 'Dr'])} {name()} {pick(['arranged the boat', 'collected the fees', 'was arrested in ' + pick(PLACES), 'owns the boat', 'recruited the passengers', 'is the main organiser'])}."),
    (["personal_name"], lambda: f"The {pick(['boat captain', 'captain', 'skipper', 'tekong', 'nakhoda', 'agent', 'broker', 'dalal', 'smuggler', 'recruiter', 'money collector', 'driver', 'boat owner', 'ringleader', 'sub-agent'])} {name()} {pick(['was arrested', 'fled to ' + pick(PLACES), 'was paid ' + money(), 'organised the departure', 'took the phones of passengers'])}."),
    (["personal_name"], lambda: f"{pick(['A man named', 'A woman called', 'One broker known as', 'The organiser, alias', 'A facilitator by the name of', 'The agent identified as', 'A recruiter nicknamed'])} {name()} {pick(['collected the money', 'was in charge in ' + pick(PLACES), 'contacted the families', 'met them at the jetty'])}."),
    (["personal_name"], lambda: f"{name()}, the {pick(['boat captain', 'agent', 'broker', 'main organiser', 'recruiter', 'skipper'])}, {pick(['was arrested on ' + event_date(), 'is still at large', 'received ' + money()])}."),
    (["personal_name"], lambda: f"The suspect {name()} alias {pick(NICKNAMES)} is wanted by {pick(AGENCY_NAMES)}."),
    (["personal_name"], lambda: f"{name()} {pick(['arranged', 'organised', 'financed', 'coordinated'])} the {pick(['sea leg', 'departure from ' + pick(PLACES), 'transport to the boat', 'payments'])}."),
    (["personal_name"], lambda: f"Passengers paid the agent {first_word(name())} in {pick(PLACES)}."),
    (["personal_name"], lambda: f"Tersangka {pick(['Sdr.', 'an.', ''])} {name('indonesian')} {pick(['ditangkap di ' + pick(PLACES), 'berperan sebagai nakhoda', 'mengatur keberangkatan'])}."),
    (["personal_name"], lambda: f"{pick(['U', 'Daw', 'Maung', 'Saw'])} {name('burmese')} {pick(['arranged the boats from Sittwe', 'was the broker in Yangon', 'collected fees in Kawthaung'])}."),
    (["personal_name"], lambda: f"Information from {pick(['his wife', 'the informant', 'his brother', 'a witness'])} {name()} {pick(['confirmed the route', 'led to the arrest', 'was recorded'])}."),
    (["personal_name"], lambda: f"{pick(['Nguyen', 'Tran', 'Pham', 'Le', 'Hoang'])} {pick(['Van', 'Thi', 'Minh', 'Quoc'])} {pick(['Hung', 'Lan', 'Tuan', 'Binh', 'Long', 'Duc'])} organised the {pick(['group', 'flights', 'boat'])}."),
    # Crew lists
    (["crew_list"], lambda: f"Crew: {name('indonesian')} (captain), {name('indonesian')} (engineer), {first_word(name('indonesian'))} (cook)."),
    (["crew_list"], lambda: f"The crew were {name()}, {name()} and {name()}."),
    (["crew_list"], lambda: f"Crew list:\n1. {name()}\n2. {name()}\n3. {name()}"),
    (["crew_list"], lambda: f"ABK: {name('indonesian')}, {name('indonesian')}, {name('indonesian')}."),
    (["crew_list", "age_of_person"], lambda: f"Crew members: {name()}, {R.randint(19, 60)}, captain; {name()}, {R.randint(17, 50)}, engineer."),
    # Phones
    (["phone_number"], lambda: f"The agent can be reached on {phone()[0]}."),
    (["phone_number"], lambda: f"{pick(['WhatsApp', 'WA', 'HP', 'Mobile', 'IMO', 'Viber', 'Tel'])}: {phone()[0]}"),
    (["phone_number"], lambda: f"Families paid after a call from {phone()[0]} {pick(['(agent)', 'in Malaysia', 'registered in ' + pick(PLACES), ''])}."),
    (["phone_number"], lambda: f"Passengers were told to contact {phone()[0]} or {phone()[0]} on arrival."),
    (["phone_number", "personal_name"], lambda: f"Broker {name()} used number {phone()[0]}."),
    # Passports, IDs, MRZ
    (["passport_number"], lambda: f"{pick(['Passport no.', 'Passport No:', 'PP no', 'passport number', 'Paspor nomor', 'Travel document'])} {passport_no()} {pick(['was seized', 'belongs to the captain', 'was altered', 'issued in ' + pick(['Dhaka', 'Colombo', 'Kabul'])])}."),
    (["passport_number"], lambda: f"He travelled on a {pick(['genuine', 'lookalike', 'altered'])} passport ({passport_no()})."),
    (["national_id"], lambda: f"{pick(['NIK', 'KTP no.', 'NIK:', 'e-KTP'])} {nik()} {pick(['was found on the recruiter', 'belongs to the boat owner', 'used to register SIM cards'])}."),
    (["national_id"], lambda: f"{pick(['MyKad', 'IC no.', 'NRIC'])} {mykad()} {pick(['was used to rent the van', 'belongs to the driver'])}."),
    (["national_id"], lambda: f"{pick(['Thai ID', 'ID card no.', 'Thai national ID'])} {thai_id()} {pick(['of the broker', 'was seized', 'was copied'])}."),
    (["national_id"], lambda: f"{pick(['NID', 'Bangladesh NID', 'NID no:', 'smart card'])} {bd_nid()} {pick(['was found in the bag', 'of the dalal', 'was forged'])}."),
    (["national_id"], lambda: f"{pick(['NRC', 'NRC no.'])} {R.randint(1, 14)}/{pick(['MaUNa', 'SaTaNa', 'BaThiDa', 'OuKaMa', 'KaMaYa'])}(N){R.randint(100000, 999999)} {pick(['was on the phone', 'of the broker'])}."),
    (["national_id"], lambda: f"{pick(['NIC', 'NIC no.'])} {R.randint(600000000, 999999999)}{pick('VX')} {pick(['of the organiser', 'was used for the SIM'])}."),
    (["mrz_line"], lambda: "MRZ copied from the passport: {}\n{}".format(*mrz_lines())),
    (["mrz_line"], lambda: f"Second line of MRZ: {mrz_lines()[1]}"),
    (["mrz_line"], lambda: f"{mrz_lines()[0]} (page scanned at the airport)."),
    # E-mail, social media
    (["email"], lambda: f"Bookings were made through {email()}."),
    (["email"], lambda: f"The recruiter's e-mail is {email()} {pick(['(used for visas)', '', 'since 2025'])}."),
    (["social_media_handle"], lambda: f"{pick(['TikTok', 'Instagram', 'Telegram', 'Twitter'])} account @{handle()} {pick(['posted job adverts', 'advertised boat trips', 'was reported'])}."),
    (["social_media_handle"], lambda: f"The page {pick(['facebook.com', 'fb.com', 'www.facebook.com', 'm.facebook.com'])}/{handle()} recruited {R.randint(10, 90)} persons."),
    (["social_media_handle"], lambda: f"Contact via t.me/{handle()} {pick(['for the boat', 'for the fee', ''])}."),
    (["social_media_handle"], lambda: f"{pick(['Facebook', 'FB', 'TikTok'])} page \"{pick(['Jalan ke Australia', 'Kerja Malaysia Cepat', 'Rohingya Travel Teknaf', 'Visa Aus 2026'])}\" is run by the broker."),
    # Addresses
    (["street_address"], lambda: f"The safe house is at {address()}, {pick(PLACES)}."),
    (["street_address"], lambda: f"Passengers were collected from {address()} before departure."),
    (["street_address", "personal_name"], lambda: f"The agent {name()} lives at {address()}."),
    # Dates of birth, ages
    (["date_of_birth"], lambda: f"{pick(['DOB', 'D.O.B.', 'Date of birth:', 'born on', 'born', 'b.', 'tgl lahir', 'Tanggal lahir:'])} {dob_text()}."),
    (["date_of_birth", "personal_name"], lambda: f"{name()} (born {dob_text()}) was the organiser."),
    (["age_of_person"], lambda: f"A {R.randint(12, 17)}-year-old {pick(['girl', 'boy', 'Rohingya girl', 'unaccompanied minor'])} {pick(['was sold to a man in ' + pick(PLACES), 'died on the boat', 'was separated from family'])}."),
    (["age_of_person"], lambda: f"The {pick(['captain', 'skipper', 'agent', 'driver'])}, aged {R.randint(20, 70)}, {pick(['fled', 'was arrested', 'is from ' + pick(PLACES)])}."),
    (["age_of_person"], lambda: f"A {pick(['woman', 'man', 'boy', 'girl'])} ({R.randint(8, 70)}) {pick(['died of dehydration', 'was rescued', 'was detained'])}."),
    (["age_of_person"], lambda: f"{pick(['The victim is', 'He is', 'She was'])} {R.randint(13, 70)} years old."),
    (["age_of_person", "personal_name"], lambda: f"{name()} ({R.randint(18, 65)}) {pick(['was arrested', 'recruited the victims', 'drove the truck'])}."),
    (["age_of_person"], lambda: f"{pick(['Korban', 'Tersangka', 'Pelaku'])} berusia {R.randint(15, 60)} tahun."),
]

CLEAN_ONLY_HARD = [
    # Near misses written for screening: nominal-looking but aggregate.
    lambda: f"Women aged {age_band()} were {num(10, 50)}% of arrivals; men aged {age_band()} {num(20, 60)}%.",
    lambda: f"Fees ranged from {money()} to {money()}; the median was USD {comma(num(8, 30) * 100)}.",
    lambda: f"The route known as {pick(['the Andaman route', 'the southern corridor', 'the Rote route'])} was used by {num(2, 9)} boats.",
    lambda: f"An area known as {pick(['Shah Porir Dwip', 'Shamlapur', 'Ashmore Reef'])} remains the main departure point.",
    lambda: f"The captain {pick(['was not identified', 'escaped', 'was an Acehnese fisherman', 'of KM Sinar Harapan was detained'])}.",
    lambda: f"Call volumes to the {pick(['hotline', 'helpline'])} rose to {comma(num(1000, 9000))} in {pick(PERIODS)}.",
    lambda: f"In {pick(PERIODS)} {num(2, 20)} passports and {num(2, 20)} NID cards were found forged.",
    lambda: f"Ages of victims: {age_band()} ({num(1, 30)}), {age_band()} ({num(1, 30)}), {age_band()} ({num(1, 30)}).",
    lambda: f"The boat left on {event_date()} at {time_of_day()} from {pick(PLACES)}.",
    lambda: f"Persons aged {num(18, 25)} to {num(26, 35)} were the largest group.",
    lambda: f"{pick(['Malaysia', 'Indonesia', 'Thailand', 'Bangladesh'])} ({num(10, 300)}), {pick(['Myanmar', 'Sri Lanka', 'Afghanistan'])} ({num(10, 300)}) and others ({num(1, 50)}).",
]


def clean_narrative():
    k = R.randint(2, 5)
    parts = [pick(CLEAN)() for _ in range(k)]
    if R.random() < 0.35:
        parts.insert(R.randrange(len(parts) + 1), pick(CLEAN_ONLY_HARD)())
    return " ".join(parts)


def nominal_narrative():
    k = R.randint(1, 3)
    parts = [pick(CLEAN)() for _ in range(k)]
    kinds = []
    for _ in range(1 if R.random() < 0.75 else 2):
        labels, make = pick(NOMINAL)
        parts.insert(R.randrange(len(parts) + 1), make())
        kinds.extend(labels)
    return " ".join(parts), sorted(set(kinds))


def main():
    out = sys.stdout
    for i in range(340):
        out.write(json.dumps({"id": f"gen-clean-{i:03d}", "text": clean_narrative(),
                              "label": "clean", "kinds": []}, ensure_ascii=False) + "\n")
    for i in range(340):
        text, kinds = nominal_narrative()
        out.write(json.dumps({"id": f"gen-nominal-{i:03d}", "text": text, "label": "nominal",
                              "kinds": kinds}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
