"""Held-out aliases: remove one spelling-variant a.k.a. per entity from a copy of the SDN set.

An alias is a *spelling variant* of another name of the same entity when, after folding (upper
case, diacritics and punctuation removed), the two differ and are not a mere reordering of the same
tokens, and either

  1. they have the same number of tokens, pairing the tokens in written order or in sorted order
     every pair has a Levenshtein ratio >= 0.6 and the pairs average >= 0.75; or
  2. their token counts differ by exactly one, the space-free strings are close (Levenshtein
     ratio >= 0.85), the tokens the two do not share are close once joined (>= 0.6), and the
     longer is not just the shorter plus one whole token: joined or split tokens such as
     "KIM, Sangman" / "KIM, Sang Man", "ABED, Abdolreza" / "ABED, Abdul Reza".

Examples: "SOLEYMANI, Qasem" / "SOLEIMANI, Qasem" (1), "JINYONG IT COOPERATION COMPANY" /
"CHINYONG INFORMATION ..." is *not* one (token counts differ by two), nor are translations
("GROUPEMENT ISLAMIQUE ARME" / "ARMED ISLAMIC GROUP": average 0.66), other words ("REAL IRISH
REPUBLICAN ARMY" / "NEW IRISH REPUBLICAN ARMY"), or "SBERBANK ROSSII OAO" /
"SBERBANK ROSSII" and "AL-CHAM ISLAMIC BANK" / "CHAM ISLAMIC BANK" are not (a legal form or an
article added, not a spelling).

For each entity with at least one such alias, one of them (chosen with a seeded RNG) is removed from
alt.csv. It is then queried with the entity's schema: a hit means the matcher recovered the entity
from a spelling it has never seen, which is what a new transliteration in the news looks like.
An alias is not held out when its folded form is still present in the copy (another alias or a
weak a.k.a. in the remarks spells it the same way) or when another entity has a name with the
same tokens (the query would be ambiguous).
"""

import io
import csv
import os
import random
import shutil

from .lists import OfacEntity
from .text import fold, natural_order, ratio, sorted_key, tokens

TOKEN_RATIO = 0.6
MEAN_TOKEN_RATIO = 0.75
JOINED_RATIO = 0.85
UNSHARED_RATIO = 0.6


def is_spelling_variant(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if fa == fb or sorted_key(a) == sorted_key(b):
        return False
    ta, tb = tokens(a), tokens(b)
    if len(ta) == len(tb):
        for xa, xb in ((ta, tb), (sorted(ta), sorted(tb))):
            rs = [ratio(x, y) for x, y in zip(xa, xb)]
            if min(rs) >= TOKEN_RATIO and sum(rs) / len(rs) >= MEAN_TOKEN_RATIO:
                return True
        return False
    if abs(len(ta) - len(tb)) != 1 or ratio("".join(ta), "".join(tb)) < JOINED_RATIO:
        return False
    short, long_ = sorted((ta, tb), key=len)
    rest_long = list(long_)
    rest_short = []
    for t in short:
        if t in rest_long:
            rest_long.remove(t)
        else:
            rest_short.append(t)
    if not rest_short:
        return False  # the longer name is the shorter plus a whole token
    return ratio("".join(rest_short), "".join(rest_long)) >= UNSHARED_RATIO


def choose_heldout(entities: dict[str, OfacEntity], seed: int) -> list[dict]:
    """One held-out alias per eligible entity: [{ent_num, alt_num, alias, variant_of, ...}]."""
    owners: dict[str, set[str]] = {}
    for e in entities.values():
        for n in e.names() + e.weak_akas():
            owners.setdefault(sorted_key(n), set()).add(e.ent_num)
    chosen = []
    for ent_num in sorted(entities, key=int):
        e = entities[ent_num]
        candidates = []
        for a in e.aliases:
            others = [n for n in e.names() if n is not a.name]
            if any(o is not a.name and fold(o) == fold(a.name) for o in others + e.weak_akas()):
                continue
            if owners.get(sorted_key(a.name), set()) - {ent_num}:
                continue
            near = [o for o in others if is_spelling_variant(a.name, o)]
            if near:
                candidates.append((a, near[0]))
        if not candidates:
            continue
        a, near = random.Random(f"{seed}:{ent_num}").choice(candidates)
        chosen.append({
            "ent_num": ent_num,
            "alt_num": a.alt_num,
            "entity_id": e.entity_id,
            "schema": e.schema,
            "alias": a.name,
            "variant_of": near,
        })
    return chosen


def write_heldout_copy(src_dir: str, dst_dir: str, heldout: list[dict]) -> int:
    """Copy the OFAC CSV set, dropping the held-out rows of alt.csv; returns rows dropped."""
    os.makedirs(dst_dir, exist_ok=True)
    for name in ("sdn.csv", "add.csv", "sdn_comments.csv"):
        if os.path.exists(os.path.join(src_dir, name)):
            shutil.copyfile(os.path.join(src_dir, name), os.path.join(dst_dir, name))
    drop = {(h["ent_num"], h["alt_num"]) for h in heldout}
    with open(os.path.join(src_dir, "alt.csv"), "rb") as f:
        data = f.read()
    kept, dropped = [], 0
    for line in data.split(b"\r\n"):
        if line and line != b"\x1a":
            row = next(csv.reader(io.StringIO(line.decode("utf-8", errors="replace"))), [])
            if len(row) > 1 and (row[0].strip(), row[1].strip()) in drop:
                dropped += 1
                continue
        kept.append(line)
    with open(os.path.join(dst_dir, "alt.csv"), "wb") as f:
        f.write(b"\r\n".join(kept))
    return dropped


def heldout_queries(heldout: list[dict]) -> list[dict]:
    return [{
        "id": f"heldout-{h['ent_num']}-{h['alt_num']}",
        "name": natural_order(h["alias"], h["schema"]),
        "schema": h["schema"],
        "expected": [h["entity_id"]],
        "category": "heldout",
        "note": f"alias {h['alias']!r} held out; variant of {h['variant_of']!r}",
    } for h in heldout]
