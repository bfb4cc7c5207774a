#!/usr/bin/python3
"""cordon accuracy evaluation: runs every suite through the CLI and writes eval/results/latest.{md,json}.

Suites (see eval/README.md):
  news           news-style spellings of designated names (eval/cases/news_spellings.tsv)
  heldout        one spelling-variant alias per SDN entity removed from a copy of the list, then queried
  perturbations  SDN names perturbed by category (typo, transposition, ..., other script)
  population     60,000 clean faker names: share that raises an alert

Usage:
  /usr/bin/python3 eval/run_eval.py [--cordon build/apps/cordon/cordon] [--threshold T] [--sweep]

Each suite is one `cordon screen --batch` process. Python 3 standard library only.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time

EVAL_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(EVAL_DIR)
sys.path.insert(0, EVAL_DIR)

from harness import metrics, report, suites  # noqa: E402
from harness.cli import Cordon, CordonError  # noqa: E402

GOAL_OVERALL = 0.99
GOAL_CATEGORY = 0.97
GOAL_ALERT_RATE = 0.01


def git_describe() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "include", "apps", "data"],
                               cwd=REPO, capture_output=True, text=True).stdout.strip()
        return commit + (" (with uncommitted changes in src/include/apps/data)" if dirty else "")
    except OSError:
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cordon", default="build/apps/cordon/cordon", help="CLI binary (relative to the repo root)")
    ap.add_argument("--threshold", type=float, help="screening threshold (default: the CLI's own default)")
    ap.add_argument("--sweep", action="store_true", help="also report recall and alert rate at 0.70..0.95")
    ap.add_argument("--suites", default="news,heldout,perturbations,population")
    ap.add_argument("--per-category", type=int, default=300, help="perturbed queries per category")
    ap.add_argument("--population-limit", type=int, help="screen only the first N population names")
    ap.add_argument("--seed", type=int, default=20240503)
    ap.add_argument("--threads", type=int, help="passed to cordon screen --threads")
    ap.add_argument("--limit", type=int, default=10, help="matches per query requested from the CLI")
    ap.add_argument("--out", default=os.path.join(EVAL_DIR, "results"), help="where latest.md/json go")
    ap.add_argument("--work", default=os.path.join(EVAL_DIR, "work"), help="scratch folder (gitignored)")
    ap.add_argument("--cases-only", action="store_true", help="build the cases into --work and stop")
    ap.add_argument("--report-only", action="store_true",
                    help="re-render latest.md from latest.json (after editing results/analysis.md)")
    args = ap.parse_args()
    if args.report_only:
        with open(os.path.join(args.out, "latest.json"), encoding="utf-8") as f:
            summary = json.load(f)
        write_markdown(summary, args.out)
        return 0

    wanted = [s.strip() for s in args.suites.split(",") if s.strip()]
    data = os.path.join(REPO, "data")
    sdn_dir = os.path.join(data, "ofac-sdn")
    un_xml = os.path.join(data, "un-sc", "consolidated.xml")
    os.makedirs(args.work, exist_ok=True)
    t_start = time.monotonic()

    cordon = None
    if not args.cases_only:
        binary = args.cordon if os.path.isabs(args.cordon) else os.path.join(REPO, args.cordon)
        try:
            cordon = Cordon(binary, REPO, args.threads)
        except CordonError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2

    threshold_source = "given"
    threshold = args.threshold
    if threshold is None and cordon is not None:
        threshold = cordon.default_threshold()
        threshold_source = "CLI default"
    sweep = metrics.sweep_thresholds() if args.sweep else []
    # Each threshold is its own CLI run: a lower-threshold run filtered afterwards is not the same
    # thing when candidate generation depends on the threshold (the report checks how different).
    pass_threshold = args.threshold  # None: let the CLI use its default

    # --- build the cases ------------------------------------------------------------------------
    batches: list[suites.Batch] = []
    info: dict = {}
    if "news" in wanted:
        batches.append(suites.news_batch(os.path.join(EVAL_DIR, "cases", "news_spellings.tsv")))
    if "heldout" in wanted:
        b, info["heldout"] = suites.heldout_batch(sdn_dir, args.work, args.seed)
        batches.append(b)
    if "perturbations" in wanted:
        un_copy = os.path.join(args.work, "un_no_original_script.xml")
        id_for = lambda e: f"un-sc:{e.reference}"  # noqa: E731  (replaced below when the CLI is there)
        if cordon is not None:
            from harness.lists import write_un_without_original_script
            write_un_without_original_script(un_xml, un_copy)
            id_for = suites.resolve_un_ids(cordon.names([f"un-xml:{un_copy}"]), un_xml)
        bs, info["perturbations"] = suites.perturbation_batches(sdn_dir, un_xml, args.work, args.seed,
                                                               args.per_category, id_for)
        batches += bs
    if "population" in wanted:
        batches.append(suites.population_batch(os.path.join(EVAL_DIR, "population", "names.jsonl"),
                                               args.population_limit))
    cases_dir = os.path.join(args.work, "cases")
    os.makedirs(cases_dir, exist_ok=True)
    for b in batches:
        with open(os.path.join(cases_dir, f"{b.name}.jsonl"), "w", encoding="utf-8") as f:
            for q in b.queries:
                f.write(json.dumps(q, ensure_ascii=False) + "\n")
    if args.cases_only:
        for b in batches:
            print(f"{b.name}: {len(b.queries)} queries -> {os.path.join(cases_dir, b.name + '.jsonl')}")
        return 0

    # --- screen ---------------------------------------------------------------------------------
    def screen_all(bs, t_pass, tag):
        out = []
        for b in bs:
            label = f"{b.name}@{tag}"
            print(f"screening {label}: {len(b.queries)} queries ...", file=sys.stderr, flush=True)
            path = os.path.join(args.work, "batches", f"{b.name}.{tag}.jsonl")
            results, seconds, _ = cordon.screen(b.queries, path, b.lists, t_pass, args.limit)
            print(f"  {seconds:.1f} s", file=sys.stderr, flush=True)
            with open(path.replace(".jsonl", ".results.jsonl"), "w", encoding="utf-8") as f:
                for r in results:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
            out.append((b, results, seconds))
        return out

    try:
        runs = screen_all(batches, pass_threshold, f"{threshold:g}")
        sweep_runs = {}
        if sweep:
            # The population is sampled (every 5th name) for the sweep to keep it quick.
            sample_batches = []
            for b in batches:
                if b.suite == "population":
                    b = suites.Batch(b.suite, b.name + "-sample", b.queries[::5], b.lists)
                sample_batches.append(b)
            for t in sweep:
                if abs(t - threshold) < 1e-9:
                    ids = {q["id"] for b in sample_batches if b.suite == "population" for q in b.queries}
                    sweep_runs[t] = [(b, rs, sec) if b.suite != "population" else
                                     (suites.Batch(b.suite, b.name + "-sample", [q for q in b.queries if q["id"] in ids], b.lists),
                                      [r for q, r in zip(b.queries, rs) if q["id"] in ids], sec)
                                     for b, rs, sec in runs]
                else:
                    sweep_runs[t] = screen_all(sample_batches, t, f"{t:g}")
    except CordonError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    summary = report.summarise(runs, threshold, sweep_runs)
    info = json.loads(json.dumps(info).replace(REPO + os.sep, ""))
    summary["run"] = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_describe(),
        "cordon": os.path.relpath(cordon.binary, REPO),
        "cordon_built": datetime.datetime.fromtimestamp(os.path.getmtime(cordon.binary), datetime.timezone.utc)
        .strftime("%Y-%m-%d %H:%M UTC"),
        "threshold": threshold,
        "threshold_source": threshold_source,
        "seed": args.seed,
        "per_category": args.per_category,
        "population_limit": args.population_limit,
        "seconds_total": round(time.monotonic() - t_start, 1),
        "goals": {"overall": GOAL_OVERALL, "category": GOAL_CATEGORY, "alert_rate": GOAL_ALERT_RATE},
        "info": info,
        "out": os.path.relpath(args.out, REPO),
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "latest.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, ensure_ascii=False, indent=1)
        f.write("\n")
    write_markdown(summary, args.out)
    print(report.console(summary))
    return 0


def write_markdown(summary: dict, out_dir: str) -> None:
    """latest.md, with the hand-written results/analysis.md (if any) as its failure analysis."""
    analysis_path = os.path.join(out_dir, "analysis.md")
    analysis = None
    if os.path.exists(analysis_path):
        with open(analysis_path, encoding="utf-8") as f:
            analysis = f.read()
    with open(os.path.join(out_dir, "latest.md"), "w", encoding="utf-8") as f:
        f.write(report.markdown(summary, analysis))


if __name__ == "__main__":
    sys.exit(main())
