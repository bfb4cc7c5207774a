"""Rule-based transliteration for the perturbation suite.

Two jobs:
  * romanisation variants: rewrite a Latin-script Korean, Russian or Arabic name the way another
    romanisation system (or another newspaper) would spell it ("Kim Jong Un" -> "Gim Jong Un",
    "Aleksandr" -> "Alexandr", "Mohammed" -> "Muhammad"). Each rule names itself, so a miss can
    be traced to the rule that produced it.
  * other script: write a romanised Russian name in Cyrillic and a romanised Korean name in
    Hangul, the way the person's own documents spell it.

The rules are deliberately simple and public (see eval/README.md); they fire only where their
pattern occurs, and the caller skips names where no rule fires.
"""

import os
import re

from .text import match_case

# ---------------------------------------------------------------------------------------------
# Romanisation variants. Each rule maps a lower-case token to its alternatives.

KOREAN_FAMILY = {
    "kim": ["gim"], "gim": ["kim"],
    "pak": ["park", "bak"], "park": ["pak", "bak"], "bak": ["pak", "park"],
    "ri": ["lee", "yi", "rhee"], "lee": ["ri", "yi"], "yi": ["ri", "lee"], "rhee": ["ri", "lee"],
    "choe": ["choi", "chwe"], "choi": ["choe"],
    "jong": ["chong", "jung", "jeong"], "chong": ["jong", "jeong"], "jung": ["jong", "chong"],
    "jang": ["chang"], "chang": ["jang"], "jo": ["cho"], "cho": ["jo"],
    "o": ["oh"], "oh": ["o"], "kang": ["gang"], "yun": ["yoon"], "yoon": ["yun"],
    "sin": ["shin"], "shin": ["sin"], "ryu": ["yu", "yoo"], "ko": ["go"], "kil": ["gil"],
    "mun": ["moon"], "ryom": ["yom", "yeom"], "paek": ["baek", "paik"], "thae": ["tae"],
    "ju": ["joo"], "kye": ["gye"], "hyon": ["hyun", "hyeon"], "an": ["ahn"], "chon": ["jon", "jeon"],
    "kwon": ["gwon"], "kwak": ["gwak"], "ryang": ["yang"], "rim": ["lim", "im"], "sim": ["shim"],
}
_KO_SYLLABLE = re.compile(
    r"^(?:kk|tt|pp|ss|jj|ch|th|ph|kh|sh|[bcdghjklmnprstwy])?[wy]?"
    r"(?:ae|ai|eo|eu|oe|ui|a|e|i|o|u)(?:ng|[klmnpt])?$")


def _korean_given_syllable_variants(s: str) -> list[tuple[str, str]]:
    """(rule, variant) pairs for one given-name syllable in McCune-Reischauer or RR spelling."""
    out = []
    if s.startswith("ch") and not s.startswith("chh"):
        out.append(("ko:ch->j", "j" + s[2:]))
    elif s.startswith("j"):
        out.append(("ko:j->ch", "ch" + s[1:]))
    for a, b in (("th", "t"), ("ph", "p"), ("kh", "k")):
        if s.startswith(a):
            out.append((f"ko:{a}->{b}", b + s[len(a):]))
    for a, b in (("k", "g"), ("p", "b"), ("t", "d")):
        if s.startswith(a) and not s.startswith(a + "h") and s[1:2] not in ("k", "p", "t"):
            out.append((f"ko:{a}->{b}", b + s[1:]))
    m = re.fullmatch(r"(ch|j|s|h|y|my|py|ky|hy|ry|phy|p|k|t|n|r|m)(y?)o(ng|l|n|k)", s)
    if m:
        out.append(("ko:o->eo", f"{m.group(1)}{m.group(2)}eo{m.group(3)}"))
    m = re.fullmatch(r"(s|h|k|t|n|)u(ng|n|l)", s)
    if m:
        out.append(("ko:u->eu", f"{m.group(1)}eu{m.group(2)}"))
    return out


RUSSIAN_TOKENS = {
    "fedor": ["fyodor"], "fyodor": ["fedor"], "petr": ["pyotr"], "pyotr": ["petr"],
    "semen": ["semyon"], "semyon": ["semen"], "artem": ["artyom"], "artyom": ["artem"],
}


def _russian_token_variants(t: str) -> list[tuple[str, str]]:
    out = []
    if "ks" in t:
        out.append(("ru:ks->x", t.replace("ks", "x", 1)))
    if "x" in t:
        out.append(("ru:x->ks", t.replace("x", "ks", 1)))
    for end, alts in (("skiy", ["sky", "skii", "ski"]), ("iy", ["y", "ii", "i"]), ("yy", ["y", "iy"]),
                      ("ii", ["iy", "y"]), ("ey", ["ei"]), ("ei", ["ey"]), ("ay", ["ai"]), ("ai", ["ay"])):
        if t.endswith(end) and len(t) > len(end) + 2:
            for alt in alts:
                out.append((f"ru:-{end}->-{alt}", t[: -len(end)] + alt))
            break
    if re.search(r"[^aeiouy]y$", t) and not t.endswith("sky"):
        out.append(("ru:-y->-iy", t[:-1] + "iy"))
    if t.startswith("yu"):
        out.append(("ru:yu->iu", "iu" + t[2:]))
    elif "yu" in t[1:]:
        out.append(("ru:yu->iu", t[0] + t[1:].replace("yu", "iu", 1)))
    if t.startswith("ya"):
        out.append(("ru:ya->ia", "ia" + t[2:]))
    if t.endswith("iya"):
        out.append(("ru:-iya->-ia", t[:-3] + "ia"))
    if t.startswith("ye"):
        out.append(("ru:ye->e", "e" + t[2:]))
    elif t.startswith("e") and len(t) > 3:
        out.append(("ru:e->ye", "ye" + t[1:]))
    if "yevich" in t or "yevna" in t:
        out.append(("ru:yev->ev", t.replace("yev", "ev", 1)))
    if "kh" in t:
        out.append(("ru:kh->h", t.replace("kh", "h", 1)))
    if "shch" in t:
        out.append(("ru:shch->sch", t.replace("shch", "sch", 1)))
    for alt in RUSSIAN_TOKENS.get(t, []):
        out.append((f"ru:{t}->{alt}", alt))
    return out


ARABIC_GROUPS = [
    ["mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mohamad"],
    ["ahmed", "ahmad"], ["hussein", "husayn", "hussain", "husain", "hossein"],
    ["hassan", "hasan"], ["yusuf", "youssef", "yousef", "yousif"], ["omar", "umar"],
    ["osama", "usama"], ["abu", "abou"], ["ibrahim", "ebrahim", "ibraheem"],
    ["mahmoud", "mahmud"], ["mustafa", "mostafa", "moustafa"], ["khalid", "khaled"],
    ["saeed", "said", "sayed", "saeid"], ["abdullah", "abdallah"], ["qasim", "kasim", "qassem"],
    ["hamid", "hameed"], ["rashid", "rasheed"], ["majid", "majeed"], ["nasser", "nasir", "naser"],
]
_ARABIC_TOKENS = {w: [x for x in g if x != w] for g in ARABIC_GROUPS for w in g}
# "Abd al-Rahman" and its spellings; not Abdullah / Abdallah, which are names of their own.
_ABD = re.compile(r"\b(abd[ -]?al[- ]?|abdul[- ]?|abdel[- ]?|abd el[- ]?)(?=[a-z])(?!lah\b|llah\b|la\b)", re.I)
_ABD_FORMS = ["Abdul ", "Abd al-", "Abdel ", "Abdul"]
_ARTICLE = re.compile(r"\b(al|el)-(?=[a-z])", re.I)


def variant_options(name: str, family: str, origin: str) -> list[tuple[str, str]]:
    """All single-rule romanisation variants of `name`: [(rule, new name)].

    `family` is the family-name token (Korean surname rules apply only to it), `origin` one of
    "korean", "russian", "arabic" (which rule set applies).
    """
    out = []
    words = re.split(r"(\s+)", name)
    if origin in ("korean", "russian"):
        for i, w in enumerate(words):
            if not w.strip():
                continue
            parts = w.split("-")
            for j, p in enumerate(parts):
                low = p.lower()
                if not low.isalpha():
                    continue
                opts = []
                if origin == "korean":
                    if p == family and low in KOREAN_FAMILY:
                        opts = [(f"ko:{low}->{alt}", alt) for alt in KOREAN_FAMILY[low]]
                    elif p != family and _KO_SYLLABLE.match(low):
                        opts = _korean_given_syllable_variants(low)
                else:
                    opts = _russian_token_variants(low)
                for rule, alt in opts:
                    new_parts = parts[:j] + [match_case(p, alt)] + parts[j + 1:]
                    out.append((rule, "".join(words[:i] + ["-".join(new_parts)] + words[i + 1:])))
    elif origin == "arabic":
        for i, w in enumerate(words):
            low = w.lower()
            for alt in _ARABIC_TOKENS.get(low, []):
                out.append((f"ar:{low}->{alt}", "".join(words[:i] + [match_case(w, alt)] + words[i + 1:])))
        for m in _ABD.finditer(name):
            cur = m.group(1)
            for form in _ABD_FORMS:
                if form.lower().replace("-", " ").strip() != cur.lower().replace("-", " ").strip():
                    new = match_case(cur, form) if cur.isupper() else form
                    out.append((f"ar:{cur.strip().lower()}->{form.strip().lower()}", name[: m.start()] + new + name[m.end():]))
        for m in _ARTICLE.finditer(name):
            cur = m.group(1)
            alt = "el" if cur.lower() == "al" else "al"
            out.append((f"ar:{cur.lower()}-->{alt}-", name[: m.start()] + match_case(cur, alt) + "-" + name[m.end():]))
            out.append((f"ar:{cur.lower()}-->{cur.lower()} ", name[: m.start()] + cur + " " + name[m.end():]))
    return [(r, n) for r, n in out if n != name]


# ---------------------------------------------------------------------------------------------
# Latin -> Cyrillic for romanised Russian names (BGN/PCGN-like input, as OFAC writes them).

_CYR_MULTI = [
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("iu", "ю"), ("ia", "я"),
]
_CYR_SINGLE = dict(zip("abvgdezijklmnoprstufhcqwx", "абвгдезийклмнопрстуфхцквк"))
# English forms of Russian given names that OFAC often uses.
_CYR_WORDS = {"alexander": "Александр", "aleksander": "Александр", "alexandr": "Александр",
              "michael": "Михаил", "peter": "Петр", "paul": "Павел", "eugene": "Евгений",
              "george": "Георгий", "nicholas": "Николай", "gregory": "Григорий", "natalia": "Наталья"}
_CYR_VOWELS = "aeiouy"


def latin_to_cyrillic_token(t: str) -> str | None:
    """One token ("Sergeyevich", "SHOIGU") to Cyrillic; None if it holds non-letters."""
    low = t.lower().replace("'", "ʼ")
    if not re.fullmatch(r"[a-zʼ]+", low):
        return None
    if low in _CYR_WORDS:
        return _CYR_WORDS[low]
    out = []
    i = 0
    n = len(low)
    while i < n:
        rest = low[i:]
        prev = low[i - 1] if i else ""
        nxt_is_vowel = i + 1 < n and low[i + 1] in _CYR_VOWELS
        if rest.startswith("ʼ"):
            out.append("ь")
            i += 1
            continue
        # Endings: -iy/-yy/-ii -> -ий/-ый/-ий; consonant + final y (Dmitry, Yury) -> -ий.
        if rest in ("iy", "ii"):
            out.append("ий"); break
        if rest == "yy":
            out.append("ый"); break
        if rest == "y" and prev and prev not in _CYR_VOWELS:
            out.append("ий"); break
        # Given names romanised with a bare final i (Yuri, Dmitri, Vasili) end in -ий.
        if rest == "i" and prev and prev not in _CYR_VOWELS and n >= 4:
            out.append("ий"); break
        if rest == "ail":  # Mikhail, Rafail: two syllables, not a diphthong
            out.append("аил"); break
        # y after a vowel (Sergey, Nikolay, Khodorkovskoy) is й; so is i closing a diphthong
        # before a consonant or at the end (Sergei, Shoigu, Andrei).
        if low[i] == "y" and prev and prev in "aeiou" and not nxt_is_vowel:
            out.append("й"); i += 1; continue
        if low[i] == "i" and prev and prev in "aeo" and not nxt_is_vowel and i > 1:
            out.append("й"); i += 1; continue
        # consonant + y + vowel: BGN writes ye and yi there only for ье, ьи (Vasilyev, Ilyich) and a
        # final ya for ья (Natalya); otherwise it is я, ю, ё (Vyacheslav, Lyubov, Pyotr).
        if low[i] == "y" and prev and prev not in _CYR_VOWELS and nxt_is_vowel:
            nxt = low[i + 1]
            if nxt in "ei" or (nxt == "a" and i + 2 == n):
                out.append("ь")
            out.append({"a": "я", "u": "ю", "e": "е", "o": "ё", "i": "и"}[nxt])
            i += 2
            continue
        if low[i] == "e" and i == 0:
            out.append("е" if rest[1:2] in ("v", "k", "l", "g", "f", "s") else "э")
            i += 1
            continue
        for lat, cyr in _CYR_MULTI:
            if rest.startswith(lat):
                out.append(cyr)
                i += len(lat)
                break
        else:
            c = low[i]
            if c == "y":
                out.append("ы")
            elif c == "x":
                out.append("кс")
            elif c == "c":
                out.append("ц" if i + 1 < n and low[i + 1] in "eiy" else "к")
            else:
                out.append(_CYR_SINGLE.get(c, c))
            i += 1
    s = "".join(out).replace("ё", "е")
    return s[:1].upper() + s[1:]


def latin_to_cyrillic(name: str) -> str | None:
    """A Russian name "LAST, First Patronymic" in Cyrillic, family name first as on Russian IDs."""
    if ", " in name:
        last, first = name.split(", ", 1)
        words = last.split() + first.split()
    else:
        words = name.split()
    out = []
    for w in words:
        parts = [latin_to_cyrillic_token(p) for p in w.split("-")]
        if any(p is None for p in parts):
            return None
        out.append("-".join(parts))
    return " ".join(out)


# ---------------------------------------------------------------------------------------------
# Latin -> Hangul for romanised Korean names.

_HANGUL_TABLE: dict[tuple[str, str], str] | None = None
_FAMILY_COUNTS: dict[str, int] = {}
_L = {"": 11, "g": 0, "k": 0, "kk": 1, "n": 2, "d": 3, "t": 3, "tt": 4, "r": 5, "l": 5, "m": 6,
      "b": 7, "p": 7, "pp": 8, "s": 9, "sh": 9, "ss": 10, "j": 12, "ch": 12, "jj": 13, "chh": 14,
      "kh": 15, "th": 16, "ph": 17, "h": 18}
_V = {"a": 0, "ae": 1, "ya": 2, "yae": 3, "eo": 4, "e": 5, "yeo": 6, "ye": 7, "o": 8, "wa": 9,
      "wae": 10, "oe": 11, "yo": 12, "u": 13, "wo": 14, "we": 15, "wi": 16, "yu": 17, "eu": 18,
      "ui": 19, "i": 20}
_T = {"": 0, "k": 1, "g": 1, "n": 4, "t": 7, "d": 7, "l": 8, "r": 8, "m": 16, "p": 17, "b": 17, "ng": 21}


def _hangul_table() -> dict[tuple[str, str], str]:
    global _HANGUL_TABLE
    if _HANGUL_TABLE is None:
        _HANGUL_TABLE = {}
        path = os.path.join(os.path.dirname(__file__), "..", "cases", "hangul_syllables.tsv")
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                pos, lat, hangul, count = line.rstrip("\n").split("\t")
                _HANGUL_TABLE[(pos, lat)] = hangul
                if pos == "family":
                    _FAMILY_COUNTS[lat] = int(count)
    return _HANGUL_TABLE


def _compose_syllable(s: str) -> str | None:
    """Compose one romanised syllable from its jamo; None if it does not parse.

    McCune-Reischauer without breves writes both ㅕ and ㅛ as "yo"; before a final consonant
    ㅕ is by far the more common in names (myong, hyok, ryol, pyong), so it is chosen there.
    """
    m = re.fullmatch(r"([a-z]*?)yo(ng|[klnmp])", s)
    if m and not s.endswith("eong"):
        s = f"{m.group(1)}yeo{m.group(2)}"
    for li in sorted(_L, key=len, reverse=True):
        if not s.startswith(li):
            continue
        rest = s[len(li):]
        for vi in sorted(_V, key=len, reverse=True):
            if rest.startswith(vi) and rest[len(vi):] in _T:
                return chr(0xAC00 + (_L[li] * 21 + _V[vi]) * 28 + _T[rest[len(vi):]])
    return None


def is_korean_family_name(token: str) -> bool:
    """A family name common enough in the Wikidata pairs (>= 5) or in the variant table."""
    t = re.sub(r"['’]", "", token).lower()
    if t in KOREAN_FAMILY:
        return True
    _hangul_table()
    return _FAMILY_COUNTS.get(t, 0) >= 5


def latin_to_hangul(name: str) -> str | None:
    """A Korean name "KIM, Sang Man" / "O, Kuk-Ryol" in Hangul ("김상만"); None if a part does
    not read as Korean syllables. Syllables seen in Wikidata name pairs take their most frequent
    Hangul; others are composed from their letters."""
    if ", " not in name:
        return None
    # OFAC writes the McCune-Reischauer breve as an apostrophe after the vowel (o' = ŏ = eo,
    # u' = ŭ = eu); other apostrophes mark aspiration and are dropped.
    last, first = (re.sub(r"['’]", "", re.sub(r"([ou])['’]", lambda m: "eo" if m.group(1) == "o" else "eu", p.lower()))
                   for p in name.split(", ", 1))
    family = last.split()
    given = [s for s in re.split(r"[\s\-]+", first) if s]
    if len(family) != 1 or not 1 <= len(given) <= 3:
        return None
    table = _hangul_table()
    out = []
    for pos, syl in [("family", family[0])] + [("given", g) for g in given]:
        h = table.get((pos, syl)) or table.get(("given" if pos == "family" else "family", syl))
        if h is None:
            if not _KO_SYLLABLE.match(syl):
                return None
            h = _compose_syllable(syl)
            if h is None:
                return None
        out.append(h)
    return "".join(out)
