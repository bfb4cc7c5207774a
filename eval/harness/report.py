"""Summaries of a run: the JSON record, the Markdown report and the console lines."""

import collections

from . import metrics

CATEGORY_ORDER = ["typo", "transposition", "swapped_tokens", "missing_middle", "joined_split",
                  "translit_variant", "other_script", "diacritics", "legal_form", "initials"]
MISSES_PER_CATEGORY = 8
MISSES_KEPT = 60


def _miss_kind(o: dict, t: float) -> str:
    if o["expected_rank"] is None:
        return "not returned"
    if o["expected_score"] is not None and o["expected_score"] < t - metrics.EPS:
        return "below threshold"
    return "outranked"


def _evaluate(queries, results, t):
    return [metrics.outcome(q, r, t) for q, r in zip(queries, results)]


def _group_stats(outs: list[dict], t: float) -> dict:
    misses = [o for o in outs if not o["hit"]]
    kinds = collections.Counter(_miss_kind(o, t) for o in misses)
    return {"n": len(outs), "hits": len(outs) - len(misses), "recall": metrics.recall(outs),
            "miss_kinds": dict(kinds), "misses": misses[:MISSES_KEPT]}


def _origin_of(q: dict) -> str | None:
    note = q.get("note") or ""
    if note.startswith("rules ko:"):
        return "Korean rules"
    if note.startswith("rules ru:"):
        return "Russian rules"
    if note.startswith("rules ar:"):
        return "Arabic rules"
    return None


def _split(runs):
    recall_batches = collections.defaultdict(list)  # suite -> [(queries, results)]
    population = None
    for batch, results, _ in runs:
        if batch.suite == "population":
            population = (batch.queries, results)
        else:
            recall_batches[batch.suite].append((batch.queries, results))
    return recall_batches, population


def _suite_outcomes(recall_batches, suite, t):
    outs = []
    for qs, rs in recall_batches.get(suite, []):
        outs += _evaluate(qs, rs, t)
    return outs


def summarise(runs, threshold: float, sweep_runs: dict) -> dict:
    """`runs`: [(batch, results, seconds)] at `threshold`; `sweep_runs`: {t: runs at t}."""
    out: dict = {"suites": {}, "timing": {}}
    for batch, results, seconds in runs:
        out["timing"][batch.name] = {"queries": len(batch.queries), "seconds": round(seconds, 1)}
    recall_batches, population = _split(runs)

    for suite in ("news", "heldout"):
        if suite in recall_batches:
            out["suites"][suite] = _group_stats(_suite_outcomes(recall_batches, suite, threshold), threshold)

    if "perturbations" in recall_batches:
        outs = _suite_outcomes(recall_batches, "perturbations", threshold)
        by_cat = collections.defaultdict(list)
        for o in outs:
            by_cat[o["category"]].append(o)
        cats = {c: _group_stats(by_cat[c], threshold) for c in CATEGORY_ORDER if c in by_cat}
        perturbed = [o for o in outs if o["category"] != "exact"]
        sub = collections.defaultdict(list)
        queries = {q["id"]: q for qs, _ in recall_batches["perturbations"] for q in qs}
        for o in perturbed:
            q = queries[o["id"]]
            key = q.get("subcategory") or _origin_of(q)
            if key:
                sub[f"{o['category']}: {key}"].append(o)
                if q.get("subcategory") == "UN original script":
                    # Persons' original-script names are their names in another script; many
                    # organisations' are translations (الجماعة التونسية المقاتلة, Tunisian
                    # Combatant Group), which no transliteration reaches.
                    sub[f"{o['category']}: {key}, {q.get('schema')}"].append(o)
        out["suites"]["perturbations"] = {
            "n": len(perturbed),
            "hits": sum(o["hit"] for o in perturbed),
            "recall": metrics.recall(perturbed),
            "control": _group_stats(by_cat.get("exact", []), threshold),
            "categories": cats,
            "subcategories": {k: {"n": len(v), "recall": metrics.recall(v)} for k, v in sorted(sub.items())},
        }

    if population is not None:
        qs, rs = population
        out["suites"]["population"] = population_stats(qs, rs, threshold)

    if sweep_runs:
        rows = []
        for t in sorted(sweep_runs):
            rb, pop = _split(sweep_runs[t])
            row = {"threshold": t}
            for suite in ("news", "heldout"):
                if suite in rb:
                    row[suite] = metrics.recall(_suite_outcomes(rb, suite, t))
            if "perturbations" in rb:
                outs = _suite_outcomes(rb, "perturbations", t)
                row["perturbations"] = metrics.recall([o for o in outs if o["category"] != "exact"])
                per = {}
                for c in CATEGORY_ORDER:
                    co = [o for o in outs if o["category"] == c]
                    if co:
                        per[c] = metrics.recall(co)
                row["categories"] = per
                if per:
                    worst = min(per, key=per.get)
                    row["worst_category"] = [worst, per[worst]]
            if pop is not None:
                qs, rs = pop
                row["alert_rate"] = sum(metrics.alert(r, t) for r in rs) / len(rs) if rs else None
                row["population_sample"] = len(rs)
            rows.append(row)
        out["sweep"] = rows
        lower = [t for t in sweep_runs if t < threshold - metrics.EPS]
        if lower:
            out["threshold_consistency"] = consistency(sweep_runs[min(lower)], runs, min(lower), threshold)
    return out


def consistency(low_runs, runs, t_low: float, t: float) -> dict:
    """Does a run at t_low, filtered to scores >= t, return what a run at t returns? It should, if
    the threshold only filters; differences mean candidate generation or scoring depends on it."""
    low_rb, _ = _split(low_runs)
    rb, _ = _split(runs)
    n = differ = hit_changes = 0
    examples = []
    for suite in rb:
        for (qs, rs), (_, lrs) in zip(rb[suite], low_rb.get(suite, [])):
            for q, r, lr in zip(qs, rs, lrs):
                n += 1
                # Scores are printed rounded: ignore matches within rounding of the threshold.
                a = [m["entity_id"] for m in metrics.matches_at(lr, t + 0.001)]
                b = [m["entity_id"] for m in metrics.matches_at(r, t)]
                if set(a) - set(b):
                    differ += 1
                    lost = [m for m in metrics.matches_at(lr, t + 0.001) if m["entity_id"] not in b]
                    if q.get("expected") and metrics.is_hit(lr, q["expected"], t) != metrics.is_hit(r, q["expected"], t):
                        hit_changes += 1
                    if len(examples) < 8 and lost:
                        examples.append({"query": q["name"], "id": q["id"], "missing_at_t": [
                            {"entity_id": m["entity_id"], "name": m.get("name"), "score": m["score"]} for m in lost[:3]]})
    return {"t_low": t_low, "t": t, "queries": n, "differ": differ, "hit_changes": hit_changes, "examples": examples}


def population_stats(queries, results, t: float) -> dict:
    alerts = []
    by_schema = collections.Counter()
    n_schema = collections.Counter()
    by_locale = collections.Counter()
    n_locale = collections.Counter()
    entity_counts = collections.Counter()
    entity_names = {}
    entity_examples = collections.defaultdict(list)
    for q, r in zip(queries, results):
        n_schema[q["schema"]] += 1
        n_locale[q.get("locale")] += 1
        ms = metrics.matches_at(r, t)
        if not ms:
            continue
        top = ms[0]
        alerts.append({"id": q["id"], "name": q["name"], "schema": q["schema"], "locale": q.get("locale"),
                       "entity_id": top["entity_id"], "entity_name": top.get("name"),
                       "matched_name": top.get("matched_name"), "score": top["score"],
                       "explanation": top.get("explanation")})
        by_schema[q["schema"]] += 1
        by_locale[q.get("locale")] += 1
        entity_counts[top["entity_id"]] += 1
        entity_names[top["entity_id"]] = top.get("name")
        if len(entity_examples[top["entity_id"]]) < 3:
            entity_examples[top["entity_id"]].append(q["name"])
    n = len(queries)
    locales = sorted(n_locale, key=lambda l: (-(by_locale[l] / n_locale[l]), str(l)))
    alerts_sorted = sorted(alerts, key=lambda a: (-a["score"], a["id"]))
    step = max(1, len(alerts) // 10)
    return {
        "n": n,
        "alerts": len(alerts),
        "alert_rate": len(alerts) / n if n else None,
        "by_schema": {s: {"n": n_schema[s], "alerts": by_schema[s], "rate": by_schema[s] / n_schema[s]}
                      for s in sorted(n_schema)},
        "by_locale": [{"locale": l, "n": n_locale[l], "alerts": by_locale[l], "rate": by_locale[l] / n_locale[l]}
                      for l in locales if by_locale[l]][:15],
        "top_entities": [{"entity_id": e, "name": entity_names[e], "alerts": c, "examples": entity_examples[e]}
                         for e, c in entity_counts.most_common(10)],
        "examples_highest": alerts_sorted[:15],
        "examples_spread": sorted(alerts, key=lambda a: a["id"])[::step][:15],
    }


# ---------------------------------------------------------------------------------------------

def _pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def _md(s) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def _goal(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _miss_line(o: dict) -> str:
    top = o["top"]
    first = "no match" if top is None else f"{_md(top['entity_id'])} {_md(top.get('name'))} ({top['score']:.3f})"
    exp = ", ".join(o["expected"])
    where = "not returned" if o["expected_rank"] is None else f"rank {o['expected_rank']}, {o['expected_score']:.3f}"
    src = f" from {_md(o['source_name'])}" if o.get("source_name") else ""
    return f"| {_md(o['name'])} | {_md(exp)}{src} | {first} | {where} | {_md(o.get('note') or '')} |"


def markdown(s: dict, analysis: str | None) -> str:
    run = s["run"]
    g = run["goals"]
    t = run["threshold"]
    L = []
    L.append("# cordon accuracy evaluation: latest run\n")
    L.append(f"Generated by `/usr/bin/python3 eval/run_eval.py` on {run['date']}, commit {run['commit']}, "
             f"binary `{run['cordon']}` (built {run.get('cordon_built', '?')}), threshold **{t:g}** ({run['threshold_source']}), seed {run['seed']}, "
             f"{run['per_category']} queries per perturbation category"
             + (f", population limited to {run['population_limit']}" if run.get("population_limit") else "")
             + f". Wall time {run['seconds_total']:.0f} s. What each suite does: `eval/README.md`.\n")
    sui = s["suites"]
    L.append("## Summary\n")
    L.append("| suite | queries | result | goal |")
    L.append("|---|---:|---:|---|")
    if "news" in sui:
        L.append(f"| news spellings, recall@1 | {sui['news']['n']} | {_pct(sui['news']['recall'])} | – |")
    if "heldout" in sui:
        L.append(f"| held-out aliases, recall@1 | {sui['heldout']['n']} | {_pct(sui['heldout']['recall'])} | – |")
    p = sui.get("perturbations")
    if p:
        L.append(f"| perturbations overall, recall@1 | {p['n']} | {_pct(p['recall'])} | ≥ {g['overall']:.0%}: "
                 f"{_goal(p['recall'] >= g['overall'])} |")
        worst = min(p["categories"].items(), key=lambda kv: kv[1]["recall"]) if p["categories"] else None
        if worst:
            ok = all(c["recall"] >= g["category"] for c in p["categories"].values())
            L.append(f"| worst category ({worst[0]}) | {worst[1]['n']} | {_pct(worst[1]['recall'])} | "
                     f"every category ≥ {g['category']:.0%}: {_goal(ok)} |")
        L.append(f"| unperturbed control, recall@1 | {p['control']['n']} | {_pct(p['control']['recall'])} | – |")
    pop = sui.get("population")
    if pop:
        L.append(f"| population alert rate | {pop['n']} | {_pct(pop['alert_rate'])} | ≤ {g['alert_rate']:.0%}: "
                 f"{_goal(pop['alert_rate'] <= g['alert_rate'])} |")
    L.append("")

    if p:
        L.append("## Perturbations by category\n")
        L.append("| category | queries | recall@1 | misses: outranked / below threshold / not returned |")
        L.append("|---|---:|---:|---|")
        for c, st in p["categories"].items():
            k = st["miss_kinds"]
            L.append(f"| {c} | {st['n']} | {_pct(st['recall'])} | {k.get('outranked', 0)} / "
                     f"{k.get('below threshold', 0)} / {k.get('not returned', 0)} |")
        if p["subcategories"]:
            L.append("\n| breakdown | queries | recall@1 |")
            L.append("|---|---:|---:|")
            for k, v in p["subcategories"].items():
                L.append(f"| {k} | {v['n']} | {_pct(v['recall'])} |")
        L.append("")

    if pop:
        L.append("## Population alerts\n")
        L.append(f"{pop['alerts']} of {pop['n']} clean names ({_pct(pop['alert_rate'])}) have at least one match "
                 f"at {t:g}. "
                 + ", ".join(f"{k}: {v['alerts']}/{v['n']} ({_pct(v['rate'])})" for k, v in pop["by_schema"].items())
                 + ".\n")
        if pop["top_entities"]:
            L.append("Most frequently alerted entities:\n")
            L.append("| entity | name | alerts | example population names |")
            L.append("|---|---|---:|---|")
            for e in pop["top_entities"]:
                L.append(f"| {e['entity_id']} | {_md(e['name'])} | {e['alerts']} | {_md('; '.join(e['examples']))} |")
            L.append("")
        if pop["by_locale"]:
            L.append("Locales with the highest alert rate:\n")
            L.append("| locale | names | alerts | rate |")
            L.append("|---|---:|---:|---:|")
            for r in pop["by_locale"][:10]:
                L.append(f"| {r['locale']} | {r['n']} | {r['alerts']} | {_pct(r['rate'])} |")
            L.append("")
        if pop["examples_highest"]:
            L.append("Example alerts (highest scores, then a spread across the population):\n")
            L.append("| population name | locale | first match | matched name | score |")
            L.append("|---|---|---|---|---:|")
            seen = set()
            for a in pop["examples_highest"][:10] + pop["examples_spread"][:10]:
                if a["id"] in seen:
                    continue
                seen.add(a["id"])
                L.append(f"| {_md(a['name'])} | {a['locale']} | {a['entity_id']} {_md(a['entity_name'])} | "
                         f"{_md(a.get('matched_name') or '')} | {a['score']:.3f} |")
            L.append("")

    if s.get("sweep"):
        L.append("## Threshold sweep\n")
        n_pop = s["sweep"][0].get("population_sample")
        L.append("One CLI run per threshold" + (f"; the population column uses every 5th name ({n_pop} names)" if n_pop else "")
                 + ".\n")
        head = ["threshold"]
        cols = [k for k in ("news", "heldout", "perturbations") if k in s["sweep"][0]]
        head += [{"news": "news", "heldout": "held-out", "perturbations": "perturbations"}[c] for c in cols]
        has_worst = "worst_category" in s["sweep"][0]
        has_alert = "alert_rate" in s["sweep"][0]
        if has_worst:
            head.append("worst category")
        if has_alert:
            head.append("population alert rate")
        L.append("| " + " | ".join(head) + " |")
        L.append("|" + "---:|" * len(head))
        for row in s["sweep"]:
            cells = [f"{row['threshold']:.2f}"] + [_pct(row[c]) for c in cols]
            if has_worst:
                cells.append(f"{row['worst_category'][0]} {_pct(row['worst_category'][1])}")
            if has_alert:
                cells.append(_pct(row["alert_rate"]))
            L.append("| " + " | ".join(cells) + " |")
        L.append("")
        if has_alert and "perturbations" in cols:
            ok = [r for r in s["sweep"] if r["alert_rate"] is not None and r["alert_rate"] <= g["alert_rate"]]
            if ok:
                best = max(ok, key=lambda r: (r["perturbations"], -r["threshold"]))
                L.append(f"Lowest swept threshold with an alert rate ≤ {g['alert_rate']:.0%}: "
                         f"**{min(r['threshold'] for r in ok):.2f}**; best perturbation recall within that budget: "
                         f"{_pct(best['perturbations'])} at {best['threshold']:.2f}.\n")
            else:
                L.append(f"No swept threshold keeps the alert rate ≤ {g['alert_rate']:.0%}.\n")

    tc = s.get("threshold_consistency")
    if tc:
        L.append("### Threshold consistency\n")
        L.append(f"Screening at {tc['t_low']:g} and keeping matches ≥ {tc['t']:g} should give what screening at "
                 f"{tc['t']:g} gives. It differs for {tc['differ']} of {tc['queries']} recall queries "
                 f"({tc['hit_changes']} of them change hit/miss): at the higher threshold cordon drops matches it "
                 "scores above that threshold when asked with a lower one.\n")
        if tc["examples"]:
            L.append("| query | match found at the lower threshold, missing at the higher |")
            L.append("|---|---|")
            for e in tc["examples"]:
                L.append(f"| {_md(e['query'])} | " + "; ".join(
                    f"{m['entity_id']} {_md(m['name'])} ({m['score']:.3f})" for m in e["missing_at_t"]) + " |")
            L.append("")

    L.append("## Failure analysis\n")
    if analysis:
        L.append(analysis.strip() + "\n")
    L.append("### Misses by suite and category (first few of each, in case order)\n")
    L.append("Columns: the query; the expected entity (and the list name it was derived from); what cordon "
             "ranked first; where the expected entity was (rank and score among the returned matches); how "
             "the query was made.\n")

    def table(title, outs):
        if not outs:
            return
        L.append(f"**{title}**\n")
        L.append("| query | expected | first match | expected at | how made |")
        L.append("|---|---|---|---|---|")
        for o in outs[:MISSES_PER_CATEGORY]:
            L.append(_miss_line(o))
        L.append("")

    if "news" in sui:
        table(f"news ({sui['news']['n'] - sui['news']['hits']} misses)", sui["news"]["misses"])
    if "heldout" in sui:
        table(f"held-out aliases ({sui['heldout']['n'] - sui['heldout']['hits']} misses)", sui["heldout"]["misses"])
    if p:
        table(f"control ({p['control']['n'] - p['control']['hits']} misses)", p["control"]["misses"])
        for c, st in p["categories"].items():
            table(f"{c} ({st['n'] - st['hits']} misses)", st["misses"])

    if s.get("timing"):
        L.append("## Timing\n")
        L.append("| batch | queries | seconds |")
        L.append("|---|---:|---:|")
        for k, v in s["timing"].items():
            L.append(f"| {k} | {v['queries']} | {v['seconds']:.1f} |")
        L.append("")
    return "\n".join(L)


def console(s: dict) -> str:
    run = s["run"]
    g = run["goals"]
    sui = s["suites"]
    lines = [f"cordon eval @ {run['commit']}  threshold {run['threshold']:g} ({run['threshold_source']})"]
    if "news" in sui:
        lines.append(f"  news spellings     recall@1 {_pct(sui['news']['recall']):>7}  (n={sui['news']['n']})")
    if "heldout" in sui:
        lines.append(f"  held-out aliases   recall@1 {_pct(sui['heldout']['recall']):>7}  (n={sui['heldout']['n']})")
    p = sui.get("perturbations")
    if p:
        lines.append(f"  perturbations      recall@1 {_pct(p['recall']):>7}  (n={p['n']}, goal ≥ {g['overall']:.0%})")
        for c, st in p["categories"].items():
            flag = "" if st["recall"] >= g["category"] else f"   < {g['category']:.0%}"
            lines.append(f"    {c:<18}        {_pct(st['recall']):>7}  (n={st['n']}){flag}")
        lines.append(f"    {'control (exact)':<18}        {_pct(p['control']['recall']):>7}  (n={p['control']['n']})")
    pop = sui.get("population")
    if pop:
        lines.append(f"  population alerts  rate     {_pct(pop['alert_rate']):>7}  ({pop['alerts']}/{pop['n']}, goal ≤ {g['alert_rate']:.0%})")
    if s.get("sweep"):
        lines.append("  sweep: threshold  perturb  worst-category  alert-rate")
        for r in s["sweep"]:
            w = r.get("worst_category")
            lines.append(f"         {r['threshold']:.2f}       {_pct(r.get('perturbations')):>7}  "
                         f"{(w[0] + ' ' + _pct(w[1])) if w else '–':<24} {_pct(r.get('alert_rate')):>6}")
    tc = s.get("threshold_consistency")
    if tc:
        lines.append(f"  threshold consistency: {tc['differ']}/{tc['queries']} queries differ between a run at "
                     f"{tc['t_low']:g} filtered to {tc['t']:g} and a run at {tc['t']:g} ({tc['hit_changes']} hit changes)")
    lines.append(f"  wrote {run.get('out', 'eval/results')}/latest.md and latest.json ({run['seconds_total']:.0f} s)")
    return "\n".join(lines)
