"""Small text helpers shared by the generators: folding, tokens, edit distance, name order."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9A-Z]+")


def fold(s: str) -> str:
    """Upper-case ASCII skeleton of a name: diacritics removed, punctuation to spaces."""
    decomposed = unicodedata.normalize("NFKD", s)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", stripped.upper()).strip()


def tokens(s: str) -> list[str]:
    return fold(s).split()


def sorted_key(s: str) -> str:
    """Order-insensitive key: the folded tokens, sorted."""
    return " ".join(sorted(tokens(s)))


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def ratio(a: str, b: str) -> float:
    """1 - normalised Levenshtein distance; 1.0 for equal strings."""
    if not a and not b:
        return 1.0
    return 1.0 - levenshtein(a, b) / max(len(a), len(b))


def natural_order(name: str, schema: str) -> str:
    """OFAC writes persons as "LAST, First Middle"; customers write "First Middle LAST"."""
    if schema == "Person" and ", " in name:
        last, first = name.split(", ", 1)
        if first.strip() and last.strip():
            return f"{first.strip()} {last.strip()}"
    return name


def split_person(name: str) -> tuple[list[str], list[str]]:
    """(given tokens, surname tokens) of a list-style person name; no comma: all given."""
    if ", " in name:
        last, first = name.split(", ", 1)
        return first.split(), last.split()
    return name.split(), []


def match_case(template: str, word: str) -> str:
    """Write `word` in the letter case of `template` (UPPER, Title or lower)."""
    if template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()
