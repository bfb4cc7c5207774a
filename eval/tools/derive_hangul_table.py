"""Derive eval/cases/hangul_syllables.tsv from Wikidata Korean name pairs.

Source: the `wd_korean` file of steveash/NETransliteration-COLING2018 (commit 5d5f59e), English and
Korean Wikidata labels of the same person, CC0 1.0. Only pairs whose Korean label is 2-4 Hangul
syllables and whose English label splits (on spaces and hyphens) into as many syllables are used,
e.g. "Kim Jong-un" / "김정은" -> kim=김, jong=정, un=은. The first syllable is the family name.

Output columns: position (family|given), romanised syllable, Hangul syllable, count. Only the
most frequent Hangul per (position, syllable) is kept; eval uses it to write Latin-script Korean
names in Hangul for the "other script" perturbation.

Usage: /usr/bin/python3 eval/tools/derive_hangul_table.py PATH/TO/wd_korean > eval/cases/hangul_syllables.tsv
"""

import collections
import re
import sys


def main(path: str) -> None:
    counts = {"family": collections.defaultdict(collections.Counter),
              "given": collections.defaultdict(collections.Counter)}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2:
                continue
            en, ko = parts[0], parts[1].replace(" ", "")
            if not re.fullmatch(r"[\uac00-\ud7a3]{2,4}", ko):
                continue
            syl = [s for s in re.split(r"[ \-]+", re.sub(r"['’]", "", en).lower()) if s]
            if len(syl) != len(ko) or not all(re.fullmatch(r"[a-z]+", s) for s in syl):
                continue
            for i, (s, h) in enumerate(zip(syl, ko)):
                counts["family" if i == 0 else "given"][s][h] += 1
    print("# position\tlatin\thangul\tcount  (derived from Wikidata labels, CC0; see eval/tools/derive_hangul_table.py)")
    for pos in ("family", "given"):
        for s in sorted(counts[pos]):
            h, n = counts[pos][s].most_common(1)[0]
            if n >= 2:
                print(f"{pos}\t{s}\t{h}\t{n}")


if __name__ == "__main__":
    main(sys.argv[1])
