#!/usr/bin/env python3
"""linkage-data.py [options] DIR: two dirty person files with a known
overlap, for measuring linkage quality (ot-match --truth).

Writes DIR/ours.csv, DIR/theirs.csv (RecordId,FirstName,LastName,
BirthDate,Sex,PostalCode,SocialSecurityNumber) and DIR/truth.csv
(RecordIdA,RecordIdB: our record, theirs, for every person both hold).

The people are drawn from weighted name lists (this file's own), live in
households (a last name and a postal code shared), some are twins (one
last name, birth date and postal code, two first names) and some a
father and son of one name.  Each side writes its records in its own
mixture of conventions: name case, accents stripped or kept, dates as
YYYY-MM-DD, MM/DD/YYYY or M/D/YYYY, sex as M, Male or MALE, ZIP+4, SSN
with or without dashes, missing SSNs and postal codes.  The shared
people carry, on one side, a nickname (--nicknames of them), a typo
(--typos of them: one letter substituted, deleted, doubled or two
transposed in a name, or one field of the birth date wrong, or its day
and month swapped), or a new postal code (--moved).  Fixed --seed: the
same files every time."""
import argparse, os, random, unicodedata

MALE = """James 330 John 320 Robert 310 Michael 300 William 280 David 270 Richard 200
Joseph 190 Thomas 180 Charles 170 Christopher 160 Daniel 155 Matthew 140 Anthony 120
Mark 115 Donald 110 Steven 105 Paul 100 Andrew 98 Joshua 95 Kenneth 90 Kevin 88 Brian 86
George 84 Timothy 80 Ronald 78 Edward 76 Jason 74 Jeffrey 72 Ryan 70 Jacob 68 Gary 66
Nicholas 64 Eric 62 Jonathan 60 Stephen 58 Larry 56 Justin 54 Scott 52 Brandon 50
Benjamin 48 Samuel 46 Gregory 44 Alexander 42 Frank 40 Patrick 38 Raymond 36 Jack 35
Dennis 34 Jerry 33 Tyler 32 Aaron 31 José 30 Adam 29 Nathan 28 Henry 27 Douglas 26
Zachary 25 Peter 24 Kyle 23 Ethan 22 Walter 21 Noah 20 Jeremy 20 Christian 19 Keith 19
Roger 18 Terry 18 Gerald 17 Harold 17 Sean 16 Austin 16 Carl 15 Arthur 15 Lawrence 15
Dylan 14 Jesse 14 Jordan 14 Bryan 13 Billy 13 Joe 13 Bruce 12 Gabriel 12 Logan 12
Albert 11 Willie 11 Alan 11 Juan 10 Wayne 10 Elijah 10 Randy 10 Roy 9 Vincent 9 Ralph 9
Eugene 9 Russell 8 Bobby 8 Mason 8 Philip 8 Louis 8 Luis 7 Carlos 7 Jesús 7 Miguel 7
Francisco 6 Manuel 6 Ignacio 4 Enrique 5 Alejandro 5 Diego 5 Andrés 4 Ángel 4 François 3
Björn 2 Jürgen 2 Søren 2 Wei 4 Hiroshi 3 Minh 3 Tuan 3 Mohammed 5 Omar 4 Ali 4
Ahmed 4 Raj 3 Arjun 3 Ivan 3 Dmitri 2 Kwame 2 Chidi 2 Ng 1 Bo 2 Al 2 Ed 2 Ty 2""".split()
FEMALE = """Mary 330 Patricia 300 Jennifer 290 Linda 280 Elizabeth 270 Barbara 250 Susan 240
Jessica 230 Sarah 220 Karen 210 Lisa 200 Nancy 190 Betty 180 Margaret 175 Sandra 170
Ashley 165 Kimberly 160 Emily 155 Donna 150 Michelle 145 Carol 140 Amanda 135 Dorothy 130
Melissa 125 Deborah 120 Stephanie 115 Rebecca 110 Sharon 105 Laura 100 Cynthia 98
Kathleen 96 Amy 94 Angela 92 Shirley 90 Anna 88 Brenda 86 Pamela 84 Emma 82 Nicole 80
Helen 78 Samantha 76 Katherine 74 Christine 72 Debra 70 Rachel 68 Carolyn 66 Janet 64
Catherine 62 Maria 60 Heather 58 Diane 56 Ruth 54 Julie 52 Olivia 50 Joyce 48
Virginia 46 Victoria 44 Kelly 42 Lauren 40 Christina 38 Joan 36 Evelyn 35 Judith 34
Megan 33 Andrea 32 Cheryl 31 Hannah 30 Jacqueline 29 Martha 28 Gloria 27 Teresa 26
Ann 25 Sara 25 Madison 24 Frances 23 Kathryn 22 Janice 21 Jean 20 Abigail 20 Alice 19
Judy 19 Sophia 18 Grace 18 Denise 17 Amber 17 Doris 16 Marilyn 16 Danielle 15
Beverly 15 Isabella 15 Theresa 14 Diana 14 Natalie 14 Brittany 13 Charlotte 13
Marie 13 Kayla 12 Alexis 12 Lori 12 Zoë 8 Chloé 7 Renée 6 Noémie 4 María 12 Lucía 6
Sofía 6 Guadalupe 5 Ximena 3 Mei 4 Yuki 3 Linh 4 Priya 4 Aisha 4 Fatima 4 Olga 3
Ingrid 3 Siobhán 2 Zainab 2 Ngozi 2 Jo 2 Ava 6 Eve 3 Ida 3""".split()
LAST = """Smith 1000 Johnson 810 Williams 690 Brown 620 Jones 610 Garcia 530 Miller 520
Davis 480 Rodriguez 470 Martinez 460 Hernandez 450 Lopez 430 Gonzalez 420 Wilson 400
Anderson 390 Thomas 380 Taylor 375 Moore 370 Jackson 365 Martin 360 Lee 355 Perez 340
Thompson 335 White 330 Harris 325 Sanchez 320 Clark 310 Ramirez 305 Lewis 300 Robinson 295
Walker 290 Young 285 Allen 280 King 275 Wright 270 Scott 265 Torres 260 Nguyen 255
Hill 250 Flores 245 Green 240 Adams 235 Nelson 230 Baker 225 Hall 220 Rivera 215
Campbell 210 Mitchell 205 Carter 200 Roberts 198 Gomez 196 Phillips 194 Evans 192
Turner 190 Diaz 188 Parker 186 Cruz 184 Edwards 182 Collins 180 Reyes 178 Stewart 176
Morris 174 Morales 172 Murphy 170 Cook 168 Rogers 166 Gutierrez 164 Ortiz 162
Morgan 160 Cooper 158 Peterson 156 Bailey 154 Reed 152 Kelly 150 Howard 148 Ramos 146
Kim 144 Cox 142 Ward 140 Richardson 138 Watson 136 Brooks 134 Chavez 132 Wood 130
James 128 Bennett 126 Gray 124 Mendoza 122 Ruiz 120 Hughes 118 Price 116 Alvarez 114
Castillo 112 Sanders 110 Patel 108 Myers 106 Long 104 Ross 102 Foster 100 Jimenez 98
Powell 96 Jenkins 94 Perry 92 Russell 90 Sullivan 88 Bell 86 Coleman 84 Butler 82
Henderson 80 Barnes 78 Gonzales 76 Fisher 74 Vasquez 72 Simmons 70 Romero 68
Jordan 66 Patterson 64 Alexander 62 Hamilton 60 Graham 58 Reynolds 56 Griffin 54
Wallace 52 Moreno 50 West 48 Cole 46 Hayes 44 Bryant 42 Herrera 40 Gibson 38 Ellis 36
Tran 35 Medina 34 Aguilar 33 Stevens 32 Murray 31 Ford 30 Castro 29 Marshall 28
Owens 27 Harrison 26 Fernandez 25 McDonald 24 Woods 23 Washington 22 Kennedy 21
Wells 20 Vargas 20 Henry 19 Chen 19 Freeman 18 Webb 18 Tucker 17 Guzman 17 Burns 16
Crawford 16 Olson 15 Simpson 15 Porter 14 Hunter 14 Gordon 13 Mendez 13 Silva 12
Shaw 12 Snyder 11 Mason 11 Dixon 10 Muñoz 10 Hunt 10 Hicks 9 Holmes 9 Palmer 9
Wagner 8 Black 8 Robertson 8 Boyd 8 Rose 7 Stone 7 Salazar 7 Fox 7 Warren 6 Mills 6
Peña 6 Núñez 5 Ibáñez 4 Müller 5 Schröder 3 Dubois-Lefèvre 2 O'Brien 6 O'Connor 5
MacLeod 3 Van_der_Berg 3 De_la_Cruz 4 Ng 4 Wu 5 Li 6 Xu 3 Ho 3 Le 4 Vo 2 Abe 2 Ito 2
Yamamoto 3 Kowalski 3 Nowak 3 Ivanova 2 Okafor 2 Mensah 2 Haddad 2 Singh 6 Kaur 4
Shah 3 Christensen 2 Johansson 2 Papadopoulos 2 Fitzgerald 3 St._John 2""".split()

# this generator's nicknames (formal -> what people are called); ot's own
# table is compiled apart (lib/person/nicknames.c), and some here are not
# in it, as a partner's clerks use names nobody listed
NICK = {
    "Robert": "Bob Bobby Rob Robbie Bert", "William": "Bill Billy Will Willie Liam",
    "Richard": "Rick Dick Rich Richie", "James": "Jim Jimmy Jamie", "John": "Jack Johnny",
    "Joseph": "Joe Joey", "Thomas": "Tom Tommy", "Charles": "Charlie Chuck Chas",
    "Michael": "Mike Mikey Mick", "Daniel": "Dan Danny", "Matthew": "Matt", "Anthony": "Tony",
    "Christopher": "Chris Kit", "Edward": "Ed Eddie Ted Ned", "Kenneth": "Ken Kenny",
    "Ronald": "Ron Ronnie", "Donald": "Don Donnie", "Lawrence": "Larry", "Jonathan": "Jon",
    "Samuel": "Sam Sammy", "Zachary": "Zach Zack", "Joshua": "Josh", "Steven": "Steve",
    "Stephen": "Steve", "Timothy": "Tim Timmy", "Gregory": "Greg", "Andrew": "Andy Drew",
    "Nicholas": "Nick Nicky", "Benjamin": "Ben Benny", "Alexander": "Alex Xander Sasha",
    "Jacob": "Jake", "Peter": "Pete", "Philip": "Phil", "Douglas": "Doug", "Patrick": "Pat Paddy",
    "Raymond": "Ray", "Gerald": "Jerry Gerry", "Harold": "Harry Hal", "Henry": "Hank Harry",
    "Albert": "Al Bert", "Vincent": "Vince Vinny", "Eugene": "Gene", "Walter": "Walt Wally",
    "Gabriel": "Gabe", "Francisco": "Paco Pancho", "José": "Pepe", "Jesús": "Chucho",
    "Ignacio": "Nacho", "Enrique": "Quique", "Manuel": "Manolo", "Alejandro": "Alex",
    "Frank": "Frankie", "Jeffrey": "Jeff", "Nathan": "Nate", "Russell": "Russ",
    "Elizabeth": "Liz Beth Betty Lizzie Eliza Libby", "Margaret": "Maggie Peggy Meg Marge",
    "Katherine": "Kate Kathy Katie Kat", "Catherine": "Cathy Cat", "Kathryn": "Kate Kathy",
    "Jennifer": "Jen Jenny", "Patricia": "Pat Patty Trish Tricia", "Susan": "Sue Susie",
    "Deborah": "Debbie Deb", "Debra": "Debbie Deb", "Rebecca": "Becky Becca",
    "Samantha": "Sam Sammie", "Victoria": "Vicky Tori", "Christine": "Chris Chrissy",
    "Christina": "Tina", "Abigail": "Abby Gail", "Dorothy": "Dot Dottie Dolly",
    "Barbara": "Barb Babs", "Jessica": "Jess Jessie", "Pamela": "Pam", "Cynthia": "Cindy",
    "Theresa": "Terri Tess", "Teresa": "Terri", "Frances": "Fran Frannie",
    "Isabella": "Bella Izzy", "Natalie": "Nat", "Evelyn": "Evie", "Judith": "Judy Jude",
    "Kimberly": "Kim", "Madison": "Maddie", "Melissa": "Missy Mel", "Stephanie": "Steph",
    "Virginia": "Ginny", "Jacqueline": "Jackie", "Kathleen": "Kathy Kay", "Amanda": "Mandy",
    "Sandra": "Sandy", "Carolyn": "Carol Carrie", "Alexis": "Lexi", "Guadalupe": "Lupe",
    "Sophia": "Sophie", "Danielle": "Dani", "Beverly": "Bev", "Charlotte": "Charlie Lottie",
    "Martha": "Marty Mattie", "Angela": "Angie", "Michelle": "Shelly", "Nancy": "Nan",
    "Cheryl": "Cher", "Janet": "Jan", "Janice": "Jan", "Gloria": "Glo", "Helen": "Nell",
}


def weighted(words):
    names, weights = [w.replace("_", " ") for w in words[0::2]], [int(w) for w in words[1::2]]
    return names, weights


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


class People:
    def __init__(self, rnd):
        self.r = rnd
        self.male, self.mw = weighted(MALE)
        self.female, self.fw = weighted(FEMALE)
        self.last, self.lw = weighted(LAST)
        # postal codes: regions of a few hundred codes each
        self.zips = [f"{z:05d}" for z in rnd.sample(range(1000, 99000), 3000)
                     if not f"{z:05d}".startswith(("000", "555", "888", "11111", "22222", "33333",
                                                   "66666", "77777", "99999", "01234", "12345",
                                                   "54321", "98765"))]
        self.used_ssn = set()

    def first(self, sex):
        if sex == "M":
            return self.r.choices(self.male, self.mw)[0]
        return self.r.choices(self.female, self.fw)[0]

    def ssn(self):
        while True:
            a = self.r.randint(1, 899)
            if a == 666:
                continue
            s = f"{a:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"
            if s not in self.used_ssn:
                self.used_ssn.add(s)
                return s

    def date(self, lo=1925, hi=2024):
        y = self.r.randint(lo, hi)
        m = self.r.randint(1, 12)
        d = self.r.randint(1, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)
        return (y, m, d)

    def person(self, last=None, zipc=None, date=None, sex=None, first=None):
        sex = sex or self.r.choice("MF")
        return {
            "first": first or self.first(sex), "last": last or self.r.choices(self.last, self.lw)[0],
            "sex": sex, "date": date or self.date(),
            "zip": zipc or self.r.choice(self.zips),
            "ssn": self.ssn(),
        }

    def population(self, n):
        """n people in households: singles, couples, families with
        children, twins, and fathers and sons of one name."""
        out = []
        while len(out) < n:
            k = self.r.random()
            base = self.person()
            out.append(base)
            if k < 0.30:		# a partner, often of one last name
                p = self.person(zipc=base["zip"], sex="F" if base["sex"] == "M" else "M",
                                last=base["last"] if self.r.random() < 0.7 else None,
                                date=(base["date"][0] + self.r.randint(-5, 5), self.r.randint(1, 12),
                                      self.r.randint(1, 28)))
                out.append(p)
                for _ in range(self.r.choice((0, 0, 1, 2, 3))):
                    y = min(2024, base["date"][0] + self.r.randint(20, 40))
                    c = self.person(last=base["last"], zipc=base["zip"], date=(y, self.r.randint(1, 12),
                                    self.r.randint(1, 28)))
                    if self.r.random() < 0.08 and base["sex"] == "M" and c["sex"] == "M":
                        c["first"] = base["first"]	# a junior
                    out.append(c)
            elif k < 0.32:		# twins
                t = self.person(last=base["last"], zipc=base["zip"], date=base["date"])
                while t["first"] == base["first"]:
                    t["first"] = self.first(t["sex"])
                out.append(t)
        return out[:n]


class Style:
    """How one side writes its records."""

    def __init__(self, rnd, side):
        self.r = rnd
        self.side = side

    def name(self, s):
        if self.r.random() < (0.3 if self.side else 0.7):
            s = strip_accents(s)
        k = self.r.random()
        return s.upper() if k < (0.2 if self.side == 0 else 0.5) else s.lower() if k < 0.6 else s

    def date(self, d):
        y, m, dd = d
        k = self.r.random()
        if self.side == 0:
            return f"{y:04d}-{m:02d}-{dd:02d}" if k < 0.7 else f"{m:02d}/{dd:02d}/{y:04d}" if k < 0.9 \
                else f"{m}/{dd}/{y}"
        return f"{m}/{dd}/{y}" if k < 0.4 else f"{m:02d}/{dd:02d}/{y:04d}" if k < 0.7 \
            else f"{y:04d}-{m:02d}-{dd:02d}" if k < 0.9 else f"{y:04d}/{m:02d}/{dd:02d}"

    def sex(self, s):
        k = self.r.random()
        word = "Male" if s == "M" else "Female"
        if self.side == 0:
            return s if k < 0.6 else word if k < 0.9 else word.upper()
        return word.upper() if k < 0.4 else s if k < 0.7 else word if k < 0.9 else s.lower()

    def zip(self, z):
        if self.r.random() < 0.03:
            return ""
        return z + f"-{self.r.randint(0, 9999):04d}" if self.r.random() < 0.15 else z

    def ssn(self, s):
        if self.r.random() < (0.35 if self.side == 0 else 0.5):
            return ""
        return s.replace("-", "") if self.r.random() < 0.4 else s


def typo_name(r, s):
    letters = [i for i, c in enumerate(s) if c.isalpha()]
    if len(letters) < 2:
        return s
    i = r.choice(letters[:-1])
    k = r.randrange(4)
    alpha = "abcdefghijklmnopqrstuvwxyz"
    if k == 0:		# substitution
        c = r.choice([a for a in alpha if a != s[i].lower()])
        return s[:i] + (c.upper() if s[i].isupper() else c) + s[i + 1:]
    if k == 1:		# deletion
        return s[:i] + s[i + 1:]
    if k == 2:		# a doubled letter
        return s[:i + 1] + s[i] + s[i + 1:]
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]	# transposition


def typo_date(r, d):
    y, m, dd = d
    k = r.randrange(4)
    if k == 0 and dd <= 12 and dd != m:
        return (y, dd, m)			# day and month swapped
    if k <= 1:
        nd = dd
        while nd == dd:
            nd = r.randint(1, 28)
        return (y, m, nd)
    if k == 2:
        nm = m
        while nm == m:
            nm = r.randint(1, 12)
        return (y, nm, min(dd, 28))
    ny = y + r.choice((-10, -1, 1, 10)) if r.random() < 0.7 else int(str(y)[:2] + str(y)[3] + str(y)[2])
    return (min(max(ny, 1911), 2024), m, dd)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--ours", type=int, default=20000)
    ap.add_argument("--theirs", type=int, default=20000)
    ap.add_argument("--shared", type=int, default=6000)
    ap.add_argument("--typos", type=float, default=0.10)
    ap.add_argument("--nicknames", type=float, default=0.05)
    ap.add_argument("--moved", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=2024)
    a = ap.parse_args()
    if not 0 <= a.shared <= min(a.ours, a.theirs):
        ap.error("--shared must be at most --ours and --theirs")
    r = random.Random(a.seed)
    gen = People(r)
    pop = gen.population(a.ours + a.theirs - a.shared)
    r.shuffle(pop)
    shared = pop[:a.shared]
    ours_only = pop[a.shared:a.ours]
    theirs_only = pop[a.ours:]
    styles = (Style(r, 0), Style(r, 1))
    rows = ([], [])
    truth = []

    def write(side, p, rid):
        st = styles[side]
        rows[side].append((rid, st.name(p["first"]), st.name(p["last"]), st.date(p["date"]),
                           st.sex(p["sex"]), st.zip(p["zip"]), st.ssn(p["ssn"])))

    for i, p in enumerate(shared):
        copy = dict(p)
        side = r.randrange(2)		# the side whose clerk erred
        k = r.random()
        if k < a.typos:
            what = r.random()
            if what < 0.35:
                copy["first"] = typo_name(r, copy["first"])
            elif what < 0.7:
                copy["last"] = typo_name(r, copy["last"])
            else:
                copy["date"] = typo_date(r, copy["date"])
        elif k < a.typos + a.nicknames and p["first"] in NICK:
            copy["first"] = r.choice(NICK[p["first"]].split())
        if r.random() < a.moved:
            copy["zip"] = r.choice(gen.zips)
        recs = (copy, p) if side == 0 else (p, copy)
        truth.append((i, i))
        write(0, recs[0], i)
        write(1, recs[1], i)
    for p in ours_only:
        write(0, p, None)
    for p in theirs_only:
        write(1, p, None)
    # record ids in an order of their own on each side
    os.makedirs(a.dir, exist_ok=True)
    ids = []
    for side, prefix in ((0, "A"), (1, "B")):
        order = list(range(len(rows[side])))
        r.shuffle(order)
        names = {}
        with open(os.path.join(a.dir, ("ours", "theirs")[side] + ".csv"), "w", encoding="utf-8") as f:
            f.write("RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber\n")
            for k, j in enumerate(order):
                rec = rows[side][j]
                rid = f"{prefix}{k + 1:07d}"
                if rec[0] is not None:
                    names[rec[0]] = rid
                f.write(",".join([rid] + ['"%s"' % v if "," in v else v for v in rec[1:]]) + "\n")
        ids.append(names)
    with open(os.path.join(a.dir, "truth.csv"), "w") as f:
        f.write("RecordIdA,RecordIdB\n")
        for x, y in sorted((ids[0][i], ids[1][i]) for i, _ in truth):
            f.write(f"{x},{y}\n")


if __name__ == "__main__":
    main()
