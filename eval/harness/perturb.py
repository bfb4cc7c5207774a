"""Perturbed queries by category, from the names of the bundled SDN list.

Every generator takes one source name and a seeded RNG and returns (query, note) or None when the
perturbation does not apply to that name (no token long enough, no legal form, no rule fires...).
Queries are written in the order customers write names ("Sang Man KIM", not "KIM, Sang Man"); the
unperturbed form of that is the "exact" control category.

Source names are the primary names and a.k.a./f.k.a./n.k.a. of SDN persons and organisations,
minus names that, folded, belong to more than one entity (the top match would be ambiguous).
"""

import dataclasses
import random
import re
import unicodedata

from . import translit
from .lists import OfacEntity, UnEntry
from .text import fold, natural_order, sorted_key, split_person, tokens


@dataclasses.dataclass
class Source:
    entity_id: str
    schema: str
    listed: str          # as written in the list ("KIM, Sang Man")
    origin: str          # korean | russian | other
    kind: str            # primary | aka | fka | nka

    @property
    def natural(self) -> str:
        return natural_order(self.listed, self.schema)


_SLAVIC = re.compile(r"(ovich|evich|ovna|evna|ov|ev|in|ova|eva|ina|sky|skiy|skaya|enko|uk|yuk)$", re.I)


def _origin(e: OfacEntity) -> str:
    """korean: North Korean nationality, or a DPRK programme and no other nationality given;
    russian: Russian nationality and a Slavic-looking name (patronymic or surname ending); other:
    the rest."""
    nat = " ".join(e.nationalities())
    if "Korea, North" in nat or (not nat and any(p.startswith("DPRK") for p in e.programs)):
        return "korean"
    if "Russia" in nat and any(_SLAVIC.search(t) for t in re.split(r"[\s,]+", e.name)):
        return "russian"
    return "other"


def sources_from_sdn(entities: dict[str, OfacEntity]) -> list[Source]:
    owners: dict[str, set[str]] = {}
    for e in entities.values():
        for n in e.names() + e.weak_akas():
            owners.setdefault(fold(n), set()).add(e.ent_num)
    out = []
    for ent_num in sorted(entities, key=int):
        e = entities[ent_num]
        if e.schema not in ("Person", "Organization"):
            continue
        origin = _origin(e)
        for kind, name in [("primary", e.name)] + [(a.alt_type, a.name) for a in e.aliases]:
            f = fold(name)
            if len(f.replace(" ", "")) < 3 or len(owners.get(f, ())) > 1:
                continue
            out.append(Source(e.entity_id, e.schema, name, origin, kind))
    return out


@dataclasses.dataclass
class Ambiguity:
    """Which entities a query could fairly be about, to drop queries that are ambiguous by
    construction (a perturbation that lands on another entity's name, or leaves only tokens that
    another entity's names also contain)."""
    keys: dict[str, set[str]]
    token_ids: dict[str, set[str]]

    @classmethod
    def of(cls, entities: dict[str, OfacEntity]) -> "Ambiguity":
        keys: dict[str, set[str]] = {}
        token_ids: dict[str, set[str]] = {}
        for e in entities.values():
            for n in e.names() + e.weak_akas():
                keys.setdefault(sorted_key(n), set()).add(e.entity_id)
                for t in tokens(n):
                    token_ids.setdefault(t, set()).add(e.entity_id)
        return cls(keys, token_ids)

    def same_name(self, query: str, entity_id: str) -> bool:
        return bool(self.keys.get(sorted_key(query), set()) - {entity_id})

    def subsumed(self, query: str, entity_id: str) -> bool:
        """Another entity has every remaining content token of the query in its names."""
        toks = [t for t in tokens(query) if len(t) > 1 and t not in _LEGAL_WORDS]
        if not toks:
            return True
        cands = None
        for t in toks:
            ids = self.token_ids.get(t, set())
            cands = set(ids) if cands is None else cands & ids
            if not cands - {entity_id}:
                return False
        return bool(cands - {entity_id})


# Categories that remove information: the rest of the name must still single the entity out.
_REMOVES_INFORMATION = {"missing_middle", "initials"}


# ---------------------------------------------------------------------------------------------
# helpers

_QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_QWERTY):
    for _c, _ch in enumerate(_row):
        _NEIGHBOURS[_ch] = "".join(
            _QWERTY[_r + dr][_c + dc]
            for dr in (-1, 0, 1) for dc in (-1, 0, 1)
            if (dr, dc) != (0, 0) and 0 <= _r + dr < 3 and 0 <= _c + dc < len(_QWERTY[_r + dr]))


def _with_case(template_char: str, c: str) -> str:
    return c.upper() if template_char.isupper() else c


def _word_spans(s: str, min_len: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", s) if m.end() - m.start() >= min_len]


# ---------------------------------------------------------------------------------------------
# categories

def exact(src: Source, rng: random.Random):
    return src.natural, "unperturbed (control)"


def typo(src: Source, rng: random.Random):
    """One keyboard slip in a token of >= 5 letters: a neighbouring key substituted or inserted,
    or a letter deleted. The first letter of the token is kept, as in most real typos."""
    s = src.natural
    spans = _word_spans(s, 5)
    if not spans:
        return None
    a, b = rng.choice(spans)
    i = rng.randrange(a + 1, b)
    op = rng.choice(["substitute", "insert", "delete"])
    ch = s[i]
    if op == "substitute":
        new = _with_case(ch, rng.choice(_NEIGHBOURS.get(ch.lower(), "e")))
        return s[:i] + new + s[i + 1:], f"{op} {ch!r}->{new!r} at {i}"
    if op == "insert":
        new = _with_case(ch, rng.choice(_NEIGHBOURS.get(ch.lower(), "e") + ch.lower()))
        return s[:i] + new + s[i:], f"{op} {new!r} at {i}"
    return s[:i] + s[i + 1:], f"{op} {ch!r} at {i}"


def transposition(src: Source, rng: random.Random):
    """Two adjacent, different letters of a token of >= 4 letters swapped (not the first letter)."""
    s = src.natural
    spots = [i for a, b in _word_spans(s, 4) for i in range(a + 1, b - 1) if s[i].lower() != s[i + 1].lower()]
    if not spots:
        return None
    i = rng.choice(spots)
    return s[:i] + s[i + 1] + s[i] + s[i + 2:], f"swap {s[i]!r}{s[i + 1]!r} at {i}"


_FUNCTION_WORDS = {"OF", "AND", "THE", "&", "FOR", "DE", "LA", "AL", "EL", "IN", "ON"}


def swapped_tokens(src: Source, rng: random.Random):
    """Token order changed. Persons: family name first without the comma ("KIM Sang Man"), or two
    tokens swapped. Organisations of 2-4 words (legal form aside): two adjacent words swapped
    ("BANK SEPAH" / "SEPAH BANK"); longer names are not reordered in practice."""
    if src.schema == "Person" and ", " in src.listed and rng.random() < 0.5:
        given, family = split_person(src.listed)
        q = " ".join(family + given)
        if q != src.natural:
            return q, "family name first"
    toks = src.natural.split()
    if len(toks) < 2:
        return None
    if src.schema == "Person":
        i, j = sorted(rng.sample(range(len(toks)), 2))
    else:
        found = _find_legal_form(src.natural)
        lo, hi = 0, len(toks)
        if found:
            form_words = len(found[3].split())
            lo, hi = (form_words, len(toks)) if found[0] == 0 else (0, len(toks) - form_words)
        core = list(range(lo, hi))
        if not 2 <= len(core) <= 4:
            return None
        pairs = [(a, a + 1) for a in core[:-1]
                 if toks[a].upper() not in _FUNCTION_WORDS and toks[a + 1].upper().strip(",") not in _FUNCTION_WORDS
                 and toks[a].isalpha() and toks[a + 1].isalpha()]
        if not pairs:
            return None
        i, j = rng.choice(pairs)
    if toks[i].lower() == toks[j].lower():
        return None
    toks[i], toks[j] = toks[j], toks[i]
    return " ".join(toks), f"swapped tokens {i} and {j}"


def missing_middle(src: Source, rng: random.Random):
    """Persons with >= 3 tokens lose a middle name: a given name other than the first one (for
    "LAST, First Middle" names), else a token that is neither first nor last. Given names made of
    short syllables ("Song Chol", "Lin Na", "Abu Ali") are one name, not first + middle, and
    are skipped."""
    if src.schema != "Person":
        return None
    given, family = split_person(src.listed)
    if family:
        if len(given) < 2 or len(given) + len(family) < 3:
            return None
        if src.origin == "korean" or all(len(g.strip("'")) <= 4 for g in given):
            return None
        k = rng.randrange(1, len(given))
        dropped = given[k]
        q = " ".join(given[:k] + given[k + 1:] + family)
    else:
        if len(given) < 3:
            return None
        k = rng.randrange(1, len(given) - 1)
        dropped = given[k]
        q = " ".join(given[:k] + given[k + 1:])
    return q, f"dropped {dropped!r}"


_SPLIT_PREFIXES = ("ABDUL", "ABDEL", "ABDOL", "ABDUR", "ABU", "BIN", "NUR", "ZAIN", "SAIF", "SEIF")
_SPLIT_SUFFIXES = ("ALLAH", "ULLAH", "OLLAH", "ZADEH", "UDDIN", "EDDIN", "ADDIN", "ALDIN", "RAHMAN", "RAHIM",
                   "NEJAD", "POUR", "ABAD")


def _split_point(token: str, korean: bool, person: bool) -> int | None:
    up = token.upper()
    if not person:
        return None
    for p in _SPLIT_PREFIXES:
        if up.startswith(p) and len(up) - len(p) >= 3:
            return len(p)
    for x in _SPLIT_SUFFIXES:
        if up.endswith(x) and len(up) - len(x) >= 3:
            return len(up) - len(x)
    if korean:
        # a two-syllable Korean given name written as one word: "Sangman" -> "Sang Man"
        m = re.fullmatch(r"((?:[^aeiouwy]*)[wy]?(?:ae|eo|eu|oe|ui|[aeiou])(?:ng|[klmnpt](?![aeiouwy]))?)(.+)", token.lower())
        if m and translit._KO_SYLLABLE.match(m.group(1)) and translit._KO_SYLLABLE.match(m.group(2)):
            return len(m.group(1))
    return None


def _joinable(a: str, b: str, schema: str, korean_given: bool) -> bool:
    """Where names really get written as one word."""
    if not (a.isalpha() and b.isalpha() and len(a) > 1 and len(b) > 1):
        return False
    if schema != "Person":
        return not ({a.upper(), b.upper()} & (_FUNCTION_WORDS | _LEGAL_WORDS))
    if korean_given:
        return True  # "Sang Man" -> "Sangman"
    if a.upper() in _SPLIT_PREFIXES or b.upper() in _SPLIT_SUFFIXES + ("DIN", "BAKR", "ULLAH"):
        return True  # "Abdul Rahman" -> "Abdulrahman", "Nasr Allah" -> "Nasrallah"
    return min(len(a), len(b)) <= 4 and a.isupper() and b.isupper()  # "SHIR AMIN" -> "SHIRAMIN"


def joined_split(src: Source, rng: random.Random):
    """Two adjacent tokens joined where names are really written that way: the syllables of a
    Korean given name ("Sang Man" -> "Sangman"), an Arabic prefix or suffix word ("Abdul Rahman",
    "Nasr Allah"), a short part of a family name ("SHIR AMIN"), or two words of an organisation
    name; or a compound token split: after an Arabic prefix ("Abdulrahman" -> "Abdul Rahman"),
    before a suffix ("Fakhrzadeh" -> "Fakhr Zadeh"), between the syllables of a Korean given name."""
    if src.schema == "Person":
        given, family = split_person(src.listed)
        parts = [given, family]
    else:
        parts = [src.listed.split()]
    joinable, splittable = [], []
    for pi, part in enumerate(parts):
        korean_given = src.origin == "korean" and pi == 0 and src.schema == "Person"
        for i in range(len(part) - 1):
            if _joinable(part[i], part[i + 1], src.schema, korean_given):
                joinable.append((pi, i))
        for i, t in enumerate(part):
            if t.isalpha():
                cut = _split_point(t, src.origin == "korean" and pi == 0, src.schema == "Person")
                if cut:
                    splittable.append((pi, i, cut))
    if not joinable and not splittable:
        return None
    if joinable and (not splittable or rng.random() < 0.5):
        pi, i = rng.choice(joinable)
        part = parts[pi]
        a, b = part[i], part[i + 1]
        joined = a + (b if a.isupper() else b.lower())
        parts[pi] = part[:i] + [joined] + part[i + 2:]
        note = f"joined {a!r}+{b!r}"
    else:
        pi, i, cut = rng.choice(splittable)
        part = parts[pi]
        t = part[i]
        right = t[cut:] if t.isupper() else t[cut:][:1].upper() + t[cut:][1:]
        parts[pi] = part[:i] + [t[:cut], right] + part[i + 1:]
        note = f"split {t!r} at {cut}"
    return " ".join(parts[0] + (parts[1] if len(parts) > 1 else [])), note


def translit_variant(src: Source, rng: random.Random):
    """Another romanisation: Korean / Russian rules for persons of that origin, Arabic rules for
    any other name where they fire; one rule, or two half of the time."""
    origin = src.origin if src.origin in ("korean", "russian") and src.schema == "Person" else "arabic"
    family = None
    if origin == "korean":
        _, fam = split_person(src.listed)
        family = fam[0] if len(fam) == 1 else None
    opts = translit.variant_options(src.natural, family, origin)
    if not opts:
        return None
    rule, q = rng.choice(opts)
    rules = [rule]
    if rng.random() < 0.5:
        more = [(r, n) for r, n in translit.variant_options(q, family, origin) if r != rule and r.split("->")[0] != rule.split("->")[0]]
        if more:
            r2, q = rng.choice(more)
            rules.append(r2)
    return q, "rules " + ", ".join(rules)


_DIACRITICS = {
    "a": "áàäâã", "e": "éèëê", "i": "íï", "o": "óöôõ", "u": "úüû", "c": "çč", "s": "şš",
    "n": "ñ", "z": "žż", "g": "ğ", "y": "ý", "r": "ř",
}


def diacritics(src: Source, rng: random.Random):
    """One or two letters given a diacritic (a->á, o->ö, c->ç, s->ş...), case kept."""
    s = src.natural
    spots = [i for i, c in enumerate(s) if c.lower() in _DIACRITICS]
    if not spots:
        return None
    chosen = sorted(rng.sample(spots, min(len(spots), rng.choice([1, 2]))))
    out = list(s)
    for i in chosen:
        d = rng.choice(_DIACRITICS[s[i].lower()])
        out[i] = d.upper() if s[i].isupper() else d
    q = unicodedata.normalize("NFC", "".join(out))
    return q, "diacritics on " + ", ".join(f"{s[i]!r}@{i}" for i in chosen)


# Legal forms: equivalent spellings per form. A form is only recognised at the start or the end of
# an organisation name, where it works as a legal form rather than as part of the name.
LEGAL_FORMS = [
    ["LIMITED LIABILITY COMPANY", "LLC", "L.L.C.", "OOO", "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU"],
    ["PUBLIC JOINT STOCK COMPANY", "PJSC", "PAO", "PUBLICHNOE AKTSIONERNOE OBSHCHESTVO"],
    ["OPEN JOINT STOCK COMPANY", "OJSC", "OAO", "OTKRYTOE AKTSIONERNOE OBSHCHESTVO"],
    ["CLOSED JOINT STOCK COMPANY", "CJSC", "ZAO", "ZAKRYTOE AKTSIONERNOE OBSHCHESTVO"],
    ["JOINT STOCK COMPANY", "JOINT-STOCK COMPANY", "JSC", "AO", "AKTSIONERNOE OBSHCHESTVO"],
    ["COMPANY LIMITED", "CO., LTD.", "CO. LTD", "CO LTD", "COMPANY LTD"],
    ["PRIVATE LIMITED", "PVT LTD", "PVT. LTD.", "(PRIVATE) LIMITED", "(PVT) LTD"],
    ["LIMITED", "LTD", "LTD."],
    ["CORPORATION", "CORP", "CORP."],
    ["INCORPORATED", "INC", "INC."],
    ["COMPANY", "CO", "CO."],
    ["S.A.", "SA", "SOCIEDAD ANONIMA"],
    ["GMBH", "G.M.B.H."],
    ["FZE", "F.Z.E.", "FREE ZONE ESTABLISHMENT"],
    ["FZCO", "FZC", "FREE ZONE COMPANY"],
    ["L.L.C", "LLC"],
]
_COMMON_OTHER = ["LLC", "LTD", "CO.", "INC."]
_LEGAL_WORDS = {w.strip(".,()") for g in LEGAL_FORMS for f in g for w in f.upper().split()} | {
    "LLC", "LTD", "SARL", "EOOD", "OOD", "LLP", "PLC", "AG", "KG", "BV", "NV", "SRL", "SPA", "LTDA", "FZ"}


def _find_legal_form(name: str):
    """(start, end, group, text) of the longest legal form at the start or end of `name`."""
    up = name.upper()
    best = None
    for g in LEGAL_FORMS:
        for form in g:
            f = form.upper()
            if up.startswith(f + " ") and (best is None or len(f) > len(best[3])):
                best = (0, len(f), g, name[: len(f)])
            for sep in (" ", ", ", ","):
                if up.endswith(sep + f) and (best is None or len(f) > len(best[3])):
                    best = (len(name) - len(f) - len(sep), len(name), g, name[len(name) - len(f):])
    return best


def legal_form(src: Source, rng: random.Random):
    """Organisations with a legal form at the start or end: the form written another way (60%),
    dropped (25%) or replaced by a different common form (15%); a form at the start is moved to
    the end half of the time ("LIMITED LIABILITY COMPANY X" -> "X LLC")."""
    if src.schema != "Organization":
        return None
    found = _find_legal_form(src.listed)
    if not found:
        return None
    start, end, group, text = found
    core = (src.listed[:start] + src.listed[end:]).strip(" ,")
    if len(fold(core)) < 3:
        return None
    r = rng.random()
    if r < 0.6:
        alts = [f for f in group if f.upper() != text.upper()]
        new, how = rng.choice(alts), "equivalent"
    elif r < 0.85:
        return core, f"dropped {text!r}"
    else:
        alts = [f for f in _COMMON_OTHER if f not in group]
        new, how = rng.choice(alts), "other form"
    upper = src.listed.isupper()
    new = new if upper else new.title()
    # Transliterated Russian forms ("OBSHCHESTVO S ...") only ever stand before the name.
    at_start = start == 0 and not (rng.random() < 0.5 and "OBSHCHESTVO" not in new.upper())
    if "OBSHCHESTVO" in new.upper():
        at_start = True
    if start == 0 and not at_start:
        how += ", moved to the end"
    q = f"{new} {core}" if at_start else f"{core} {new}"
    return q, f"{text!r} -> {new!r} ({how})"


def initials(src: Source, rng: random.Random):
    """Persons: the first given name reduced to its initial ("S. Man KIM")."""
    if src.schema != "Person":
        return None
    given, family = split_person(src.listed)
    if not family or not given or len(given[0]) < 2 or not given[0][0].isalpha():
        return None
    q = " ".join([given[0][0].upper() + "."] + given[1:] + family)
    return q, f"initial for {given[0]!r}"


def cyrillic(src: Source, rng: random.Random):
    """Russian persons written in Cyrillic, family name first (see translit.latin_to_cyrillic)."""
    if src.schema != "Person" or src.origin != "russian":
        return None
    # Ukrainian-style romanisation (Serhiy, Ihorovych) would need another table: an "h" outside
    # kh/zh/sh/ch, or -ych/-ivna endings, mark it.
    low = src.listed.lower()
    if re.search(r"(?<![kzsc])h", low) or re.search(r"(ych|ivna)\b", low):
        return None
    q = translit.latin_to_cyrillic(src.listed)
    return (q, "Latin->Cyrillic") if q else None


def hangul(src: Source, rng: random.Random):
    """Korean persons written in Hangul (see translit.latin_to_hangul)."""
    if src.schema != "Person" or src.origin != "korean":
        return None
    _, family = split_person(src.listed)
    if len(family) != 1 or not translit.is_korean_family_name(family[0]):
        return None
    q = translit.latin_to_hangul(src.listed)
    return (q, "Latin->Hangul") if q else None


CATEGORIES = {
    "typo": typo,
    "transposition": transposition,
    "swapped_tokens": swapped_tokens,
    "missing_middle": missing_middle,
    "joined_split": joined_split,
    "translit_variant": translit_variant,
    "diacritics": diacritics,
    "legal_form": legal_form,
    "initials": initials,
}


def sample(sources: list[Source], category: str, fn, n: int, seed: int, id_prefix: str | None = None,
           stratify: str | None = None, ambiguity: Ambiguity | None = None,
           stats: dict | None = None) -> list[dict]:
    """Up to n queries of one category, drawn without replacement in a seeded order.

    stratify="origin" draws a third each from Korean, Russian and other names; "schema" half
    persons, half organisations (topped up from the rest when a stratum runs out)."""
    rng = random.Random(f"{seed}:{category}")
    order = list(sources)
    rng.shuffle(order)
    quotas = None
    key = None
    if stratify == "origin":
        quotas = {"korean": n // 3, "russian": n // 3, "other": n - 2 * (n // 3)}
        key = lambda src: src.origin  # noqa: E731
    elif stratify == "schema":
        quotas = {"Person": n // 2, "Organization": n - n // 2}
        key = lambda src: src.schema  # noqa: E731
    out = []
    seen = set()
    for src in order:
        if len(out) >= n:
            break
        if quotas is not None and quotas[key(src)] <= 0:
            continue
        res = fn(src, rng)
        if res is None:
            continue
        q, note = res
        if fold(q) == fold(src.natural) and category not in ("exact", "swapped_tokens", "diacritics"):
            continue
        if ambiguity is not None:
            removes = category in _REMOVES_INFORMATION or note.startswith("dropped")
            if ambiguity.same_name(q, src.entity_id) or (removes and ambiguity.subsumed(q, src.entity_id)):
                if stats is not None:
                    stats[category] = stats.get(category, 0) + 1
                continue
        if (src.entity_id, q) in seen:
            continue
        seen.add((src.entity_id, q))
        if quotas is not None:
            quotas[key(src)] -= 1
        out.append({
            "id": f"{id_prefix or category}-{len(out) + 1:04d}",
            "name": q,
            "schema": src.schema,
            "expected": [src.entity_id],
            "category": category,
            "source_name": src.listed,
            "note": note,
        })
    if quotas is not None and len(out) < n:
        # Not enough names of some origin: fill up from the rest.
        extra = sample(sources, category, fn, n, seed + 1, id_prefix, ambiguity=ambiguity)
        have = {(q["expected"][0], q["name"]) for q in out}
        for q in extra:
            if len(out) >= n:
                break
            if (q["expected"][0], q["name"]) not in have:
                q["id"] = f"{id_prefix or category}-{len(out) + 1:04d}"
                out.append(q)
    return out


def un_original_script_queries(entries: list[UnEntry], n: int, seed: int, id_for) -> list[dict]:
    """Original-script names of UN entries (Arabic, Cyrillic), held out of the UN copy."""
    pool = [e for e in entries if e.original_script and any(ord(c) > 0x24F for c in e.original_script)]
    rng = random.Random(f"{seed}:un-original-script")
    rng.shuffle(pool)
    out = []
    for e in pool[:n]:
        out.append({
            "id": f"other_script-un-{len(out) + 1:04d}",
            "name": " ".join(e.original_script.split()),  # the XML wraps some long names
            "schema": e.schema,
            "expected": [id_for(e)],
            "category": "other_script",
            "source_name": e.name,
            "note": f"UN NAME_ORIGINAL_SCRIPT of {e.reference}",
        })
    return out
