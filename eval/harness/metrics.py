"""Scoring outcomes: recall@1 with ties, alert rate, threshold sweeps.

recall@1 at threshold t: among the matches with score >= t (cordon returns them best first), the
expected entity is a hit if its score equals the top score, i.e. it is first or tied for first.
Ties count as hits only when the expected id is among the tied, never otherwise.
"""

EPS = 1e-9


def matches_at(result: dict, t: float) -> list[dict]:
    return [m for m in result.get("matches", []) if m.get("score", 0.0) >= t - EPS]


def is_hit(result: dict, expected: list[str], t: float) -> bool:
    ms = matches_at(result, t)
    if not ms:
        return False
    top = max(m["score"] for m in ms)
    tied = {m["entity_id"] for m in ms if m["score"] >= top - EPS}
    return bool(tied & set(expected))


def expected_rank(result: dict, expected: list[str]) -> tuple[int | None, float | None]:
    """1-based rank and score of the first expected id in the returned matches, if present."""
    for i, m in enumerate(result.get("matches", []), 1):
        if m["entity_id"] in expected:
            return i, m["score"]
    return None, None


def outcome(query: dict, result: dict, t: float) -> dict:
    """One query's outcome at threshold t, with what a reader of a miss needs."""
    ms = matches_at(result, t)
    rank, score = expected_rank(result, query["expected"])
    top = ms[0] if ms else None
    return {
        "id": query["id"],
        "category": query.get("category"),
        "name": query["name"],
        "schema": query.get("schema"),
        "expected": query["expected"],
        "source_name": query.get("source_name"),
        "note": query.get("note"),
        "hit": is_hit(result, query["expected"], t),
        "top": None if top is None else {
            "entity_id": top["entity_id"], "name": top.get("name"), "matched_name": top.get("matched_name"),
            "score": top["score"]},
        "expected_rank": rank,
        "expected_score": score,
    }


def recall(outcomes: list[dict]) -> float | None:
    return sum(o["hit"] for o in outcomes) / len(outcomes) if outcomes else None


def alert(result: dict, t: float) -> bool:
    return bool(matches_at(result, t))


def sweep_thresholds(lo: float = 0.70, hi: float = 0.95, step: float = 0.05) -> list[float]:
    out = []
    t = lo
    while t <= hi + EPS:
        out.append(round(t, 4))
        t += step
    return out
