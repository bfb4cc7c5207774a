"""The evaluation suites: building their queries and the lists each is screened against."""

import dataclasses
import json
import os

from . import heldout, perturb
from .lists import load_ofac_csv, load_un_xml, write_un_without_original_script
from .text import fold

PERTURB_CATEGORIES = ["typo", "transposition", "swapped_tokens", "missing_middle", "joined_split",
                      "translit_variant", "other_script", "diacritics", "legal_form", "initials"]
STRATIFY = {"translit_variant": "origin", "joined_split": "schema", "swapped_tokens": "schema",
            "typo": "schema", "transposition": "schema", "diacritics": "schema", "exact": "schema"}


@dataclasses.dataclass
class Batch:
    """Queries screened in one CLI process against one set of lists (None: the bundled default)."""
    suite: str
    name: str
    queries: list[dict]
    lists: list[str] | None


def news_batch(path: str) -> Batch:
    queries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            query, expected, note = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            queries.append({
                "id": f"news-{len(queries) + 1:03d}", "name": query, "expected": expected.split("|"),
                "category": "news", "note": note,
            })
    return Batch("news", "news", queries, None)


def heldout_batch(sdn_dir: str, work_dir: str, seed: int) -> tuple[Batch, dict]:
    entities = load_ofac_csv(sdn_dir)
    chosen = heldout.choose_heldout(entities, seed)
    dst = os.path.join(work_dir, "heldout")
    dropped = heldout.write_heldout_copy(sdn_dir, dst, chosen)
    info = {"entities_with_variant": len(chosen), "alt_rows_removed": dropped, "copy": dst}
    return Batch("heldout", "heldout", heldout.heldout_queries(chosen), [f"ofac-csv:{dst}"]), info


def perturbation_batches(sdn_dir: str, un_xml: str, work_dir: str, seed: int, per_category: int,
                         un_id_for) -> tuple[list[Batch], dict]:
    """SDN-based categories (one batch against the SDN list) and UN original-script names (one
    batch against a copy of the UN list without them)."""
    entities = load_ofac_csv(sdn_dir)
    sources = perturb.sources_from_sdn(entities)
    ambiguity = perturb.Ambiguity.of(entities)
    skipped: dict = {}
    sdn_queries = []
    counts = {}
    fns = {"exact": perturb.exact, **perturb.CATEGORIES}
    for cat, fn in fns.items():
        qs = perturb.sample(sources, cat, fn, per_category, seed, stratify=STRATIFY.get(cat),
                            ambiguity=ambiguity, stats=skipped)
        counts[cat] = len(qs)
        sdn_queries += qs
    # other script: half UN original-script names, a quarter each Cyrillic and Hangul renderings.
    n_un = per_category // 2
    n_cyr = (per_category - n_un) // 2
    n_hangul = per_category - n_un - n_cyr
    cyr = perturb.sample(sources, "other_script", perturb.cyrillic, n_cyr, seed, id_prefix="other_script-cyrillic",
                         ambiguity=ambiguity, stats=skipped)
    hangul = perturb.sample(sources, "other_script", perturb.hangul, n_hangul, seed, id_prefix="other_script-hangul",
                            ambiguity=ambiguity, stats=skipped)
    for q in cyr:
        q["subcategory"] = "Latin->Cyrillic (SDN)"
    for q in hangul:
        q["subcategory"] = "Latin->Hangul (SDN)"
    sdn_queries += cyr + hangul
    un_copy = os.path.join(work_dir, "un_no_original_script.xml")
    os.makedirs(work_dir, exist_ok=True)
    removed = write_un_without_original_script(un_xml, un_copy)
    un_entries = load_un_xml(un_xml)
    un_queries = perturb.un_original_script_queries(un_entries, n_un, seed, un_id_for)
    for q in un_queries:
        q["subcategory"] = "UN original script"
    counts["other_script"] = len(cyr) + len(hangul) + len(un_queries)
    info = {"sources": len(sources), "per_category": counts, "skipped_as_ambiguous": skipped,
            "un_original_script_removed": removed,
            "un_copy": un_copy}
    return [
        Batch("perturbations", "perturbations-sdn", sdn_queries, [f"ofac-csv:{sdn_dir}"]),
        Batch("perturbations", "perturbations-un", un_queries, [f"un-xml:{un_copy}"]),
    ], info


def population_batch(path: str, limit: int | None) -> Batch:
    queries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            queries.append({"id": rec["id"], "name": rec["name"], "schema": rec["schema"],
                            "locale": rec.get("locale"), "expected": [], "category": "population"})
            if limit and len(queries) >= limit:
                break
    return Batch("population", "population", queries, None)


def resolve_un_ids(names_rows: list[tuple[str, str, str, str]], un_xml: str):
    """Map UN entries to cordon entity ids: by an id ending in the reference number or DATAID,
    else by a unique primary name."""
    ids = {r[0] for r in names_rows}
    by_primary: dict[str, set[str]] = {}
    for eid, _, kind, name in names_rows:
        if kind == "primary":
            by_primary.setdefault(fold(name), set()).add(eid)
    suffix = {eid.split(":", 1)[-1]: eid for eid in ids}
    mapping = {}
    for e in load_un_xml(un_xml):
        eid = suffix.get(e.reference) or suffix.get(e.dataid)
        if eid is None:
            cands = by_primary.get(fold(e.name), set())
            eid = next(iter(cands)) if len(cands) == 1 else None
        mapping[(e.reference, e.dataid)] = eid

    def id_for(entry) -> str:
        return mapping.get((entry.reference, entry.dataid)) or f"un-unresolved:{entry.reference}"
    return id_for
