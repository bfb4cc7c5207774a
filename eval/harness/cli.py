"""Running the cordon CLI: one batch process per suite, JSON lines in and out."""

import json
import os
import re
import subprocess
import time


class CordonError(RuntimeError):
    pass


class Cordon:
    def __init__(self, binary: str, cwd: str, threads: int | None = None):
        if not os.path.isfile(binary) or not os.access(binary, os.X_OK):
            raise CordonError(f"cordon binary not found or not executable: {binary}")
        self.binary = binary
        self.cwd = cwd
        self.threads = threads

    def default_threshold(self) -> float:
        """The default --threshold, read from `cordon screen --help`."""
        p = subprocess.run([self.binary, "screen", "--help"], cwd=self.cwd, capture_output=True, text=True)
        text = p.stdout + p.stderr
        # The option's help may wrap: read from "--threshold" up to the next option.
        m = re.search(r"--threshold\b(.*?)(?=\n\s*-{1,2}[a-z]|\Z)", text, re.S)
        if m:
            d = re.search(r"default[:= ]*\s*([01](?:\.\d+)?)", m.group(1), re.I)
            if d:
                return float(d.group(1))
        raise CordonError("could not read the default threshold from `cordon screen --help`:\n" + text[:2000])

    def version(self) -> str:
        p = subprocess.run([self.binary, "--version"], cwd=self.cwd, capture_output=True, text=True)
        return (p.stdout.strip() or p.stderr.strip()).splitlines()[0] if p.returncode == 0 and (p.stdout or p.stderr) else "unknown"

    def names(self, lists: list[str]) -> list[tuple[str, str, str, str]]:
        """`cordon names`: (entity_id, schema, name_kind, name) rows."""
        cmd = [self.binary, "names"] + [a for spec in lists for a in ("--list", spec)]
        p = subprocess.run(cmd, cwd=self.cwd, capture_output=True, text=True)
        if p.returncode != 0:
            raise CordonError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr[-2000:]}")
        rows = []
        for line in p.stdout.splitlines():
            parts = line.split("\t")
            if len(parts) >= 4:
                rows.append((parts[0], parts[1], parts[2], "\t".join(parts[3:])))
        return rows

    def screen(self, queries: list[dict], batch_path: str, lists: list[str] | None, threshold: float | None,
               limit: int = 10) -> tuple[list[dict], float, str]:
        """Screen `queries` in one batch; returns (one result per query in order, seconds, stderr)."""
        os.makedirs(os.path.dirname(batch_path), exist_ok=True)
        with open(batch_path, "w", encoding="utf-8") as f:
            for q in queries:
                rec = {"id": q["id"], "name": q["name"]}
                if q.get("schema"):
                    rec["schema"] = q["schema"]
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        cmd = [self.binary, "screen", "--batch", batch_path, "--limit", str(limit)]
        if threshold is not None:
            cmd += ["--threshold", f"{threshold:g}"]
        if self.threads:
            cmd += ["--threads", str(self.threads)]
        for spec in lists or []:
            cmd += ["--list", spec]
        t0 = time.monotonic()
        p = subprocess.run(cmd, cwd=self.cwd, capture_output=True, text=True)
        seconds = time.monotonic() - t0
        if p.returncode >= 2:
            raise CordonError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr[-3000:]}")
        out = []
        for line in p.stdout.splitlines():
            line = line.strip()
            if line:
                out.append(json.loads(line))
        if len(out) != len(queries):
            raise CordonError(f"{' '.join(cmd)}: {len(queries)} queries but {len(out)} results; stderr: {p.stderr[-2000:]}")
        for q, r in zip(queries, out):
            if str(r.get("id")) != q["id"]:
                raise CordonError(f"result order: expected id {q['id']!r}, got {r.get('id')!r}")
        return out, seconds, p.stderr
