"""Checks that the eval's generated cases are valid and labelled correctly.

Run: /usr/bin/python3 -m unittest discover -s eval/tests
"""

import os
import random
import sys
import tempfile
import unittest

EVAL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(EVAL_DIR)
sys.path.insert(0, EVAL_DIR)

from harness import heldout, metrics, perturb, translit  # noqa: E402
from harness.lists import load_ofac_csv, load_un_xml, write_un_without_original_script  # noqa: E402
from harness.text import fold, levenshtein, natural_order, tokens  # noqa: E402

SDN = os.path.join(REPO, "data", "ofac-sdn")
UN = os.path.join(REPO, "data", "un-sc", "consolidated.xml")


class Fixture:
    entities = None
    sources = None
    ambiguity = None

    @classmethod
    def get(cls):
        if cls.entities is None:
            cls.entities = load_ofac_csv(SDN)
            cls.sources = perturb.sources_from_sdn(cls.entities)
            cls.ambiguity = perturb.Ambiguity.of(cls.entities)
        return cls.entities, cls.sources


def cases(category, n=300, stratify=None):
    _, sources = Fixture.get()
    fn = {"exact": perturb.exact, **perturb.CATEGORIES, "cyrillic": perturb.cyrillic, "hangul": perturb.hangul}[category]
    return perturb.sample(sources, category, fn, n, 7, stratify=stratify, ambiguity=Fixture.ambiguity)


def nospace(s):
    return fold(s).replace(" ", "")


class Lists(unittest.TestCase):
    def test_sdn_counts_and_known_entity(self):
        e, _ = Fixture.get()
        self.assertEqual(len(e), 14965)
        kim = e["43377"]
        self.assertEqual((kim.name, kim.schema, kim.entity_id), ("KIM, Sang Man", "Person", "ofac-sdn:43377"))
        self.assertEqual([a.name for a in kim.aliases], ["KIM, Sangman"])
        self.assertEqual(e["306"].weak_akas(), ["BNC"])

    def test_un_copy_drops_only_original_script(self):
        with tempfile.TemporaryDirectory() as d:
            dst = os.path.join(d, "un.xml")
            n = write_un_without_original_script(UN, dst)
            before, after = load_un_xml(UN), load_un_xml(dst)
            self.assertEqual(n, sum(1 for x in before if x.original_script))
            self.assertEqual(len(before), len(after))
            self.assertTrue(all(not x.original_script for x in after))
            self.assertEqual([x.name for x in before], [x.name for x in after])


class Categories(unittest.TestCase):
    def test_every_category_fills_its_quota(self):
        for cat in perturb.CATEGORIES:
            self.assertEqual(len(cases(cat)), 300, cat)

    def test_typo_is_one_edit_keeping_first_letters(self):
        for q in cases("typo"):
            src = natural_order(q["source_name"], q["schema"])
            self.assertEqual(levenshtein(q["name"], src), 1, q)
            self.assertEqual([t[0] for t in q["name"].split()], [t[0] for t in src.split()], q)

    def test_transposition_swaps_two_adjacent_letters(self):
        for q in cases("transposition"):
            src = natural_order(q["source_name"], q["schema"])
            diff = [i for i, (a, b) in enumerate(zip(q["name"], src)) if a != b]
            self.assertEqual(len(q["name"]), len(src))
            self.assertEqual(len(diff), 2, q)
            i, j = diff
            self.assertEqual(j, i + 1)
            self.assertEqual((q["name"][i], q["name"][j]), (src[j], src[i]))

    def test_swapped_tokens_keep_the_tokens(self):
        for q in cases("swapped_tokens", stratify="schema"):
            self.assertEqual(sorted(tokens(q["name"])), sorted(tokens(q["source_name"])), q)
            self.assertNotEqual(q["name"], natural_order(q["source_name"], q["schema"]))

    def test_missing_middle_drops_one_given_name(self):
        for q in cases("missing_middle"):
            self.assertEqual(q["schema"], "Person")
            src = natural_order(q["source_name"], q["schema"]).split()
            got = q["name"].split()
            self.assertEqual(len(got), len(src) - 1, q)
            self.assertEqual(got[0], src[0])
            self.assertEqual(got[-1], src[-1])
            it = iter(src)
            self.assertTrue(all(t in it for t in got), q)

    def test_joined_split_only_moves_spaces(self):
        for q in cases("joined_split", stratify="schema"):
            self.assertEqual(nospace(q["name"]), nospace(natural_order(q["source_name"], q["schema"])), q)
            self.assertNotEqual(len(q["name"].split()), len(natural_order(q["source_name"], q["schema"]).split()))

    def test_diacritics_fold_back_to_the_source(self):
        for q in cases("diacritics", stratify="schema"):
            self.assertEqual(fold(q["name"]), fold(natural_order(q["source_name"], q["schema"])), q)
            self.assertNotEqual(q["name"], natural_order(q["source_name"], q["schema"]))

    def test_legal_form_keeps_the_core_name(self):
        for q in cases("legal_form"):
            self.assertEqual(q["schema"], "Organization")
            found = perturb._find_legal_form(q["source_name"])
            self.assertIsNotNone(found)
            core = fold(q["source_name"][: found[0]] + " " + q["source_name"][found[1]:])
            self.assertIn(core, fold(q["name"]), q)

    def test_initials_reduce_the_first_given_name(self):
        for q in cases("initials"):
            family, given = q["source_name"].split(", ", 1)
            first = given.split()[0]
            self.assertEqual(q["name"], " ".join([first[0].upper() + "."] + given.split()[1:] + family.split()))

    def test_translit_variants_apply_named_rules(self):
        qs = cases("translit_variant", stratify="origin")
        self.assertEqual(len(qs), 300)
        for q in qs:
            self.assertTrue(q["note"].startswith("rules "), q)
            self.assertNotEqual(fold(q["name"]), fold(natural_order(q["source_name"], q["schema"])), q)
            # a romanisation change, not a different name: the token count is kept (up to a
            # split "Abd al-")
            self.assertLessEqual(abs(len(tokens(q["name"])) - len(tokens(q["source_name"]))), 2, q)
        origins = {q["note"][6:8] for q in qs}
        self.assertEqual(origins, {"ko", "ru", "ar"})

    def test_other_script_queries_are_not_latin(self):
        for cat in ("cyrillic", "hangul"):
            qs = cases(cat, 75)
            self.assertGreater(len(qs), 50, cat)
            for q in qs:
                self.assertFalse(any("a" <= c.lower() <= "z" for c in q["name"]), q)

    def test_no_query_is_another_entitys_name(self):
        for cat in ("missing_middle", "initials", "translit_variant", "legal_form"):
            for q in cases(cat):
                self.assertFalse(Fixture.ambiguity.same_name(q["name"], q["expected"][0]), q)
        for q in cases("missing_middle"):
            self.assertFalse(Fixture.ambiguity.subsumed(q["name"], q["expected"][0]), q)

    def test_queries_are_deterministic(self):
        self.assertEqual(cases("typo", 50), cases("typo", 50))


class Translit(unittest.TestCase):
    def test_cyrillic(self):
        for latin, cyr in [("PUTIN, Vladimir Vladimirovich", "Путин Владимир Владимирович"),
                           ("SHOIGU, Sergei Kuzhugetovich", "Шойгу Сергей Кужугетович"),
                           ("PRIGOZHIN, Yevgeniy Viktorovich", "Пригожин Евгений Викторович"),
                           ("NARYSHKIN, Sergey Yevgenyevich", "Нарышкин Сергей Евгеньевич"),
                           ("DZHABAROV, Vladimir Mikhailovich", "Джабаров Владимир Михайлович"),
                           ("SHOIGU, Yuliya Sergeyevna", "Шойгу Юлия Сергеевна")]:
            self.assertEqual(translit.latin_to_cyrillic(latin), cyr)

    def test_hangul(self):
        for latin, hangul in [("KIM, Sang Man", "김상만"), ("CHOE, Ryong Hae", "최룡해"),
                              ("O, Kuk-Ryol", "오국렬"), ("HO', Yo'ng-il", "허영일"), ("KANG, Phyong Guk", "강평국")]:
            self.assertEqual(translit.latin_to_hangul(latin), hangul)
        self.assertIsNone(translit.latin_to_hangul("KIM, Sangman"))

    def test_variant_rules(self):
        self.assertIn(("ko:kim->gim", "Sang Man GIM"), translit.variant_options("Sang Man KIM", "KIM", "korean"))
        self.assertIn(("ru:ks->x", "Alexandr PETROV"), translit.variant_options("Aleksandr PETROV", None, "russian"))
        opts = dict(translit.variant_options("Subhi AHMAD AL-ABDULLAH", None, "arabic"))
        self.assertNotIn("ar:abdul->abd al-", opts)  # Abdullah is a name, not Abdul + X
        self.assertEqual(opts["ar:ahmad->ahmed"], "Subhi AHMED AL-ABDULLAH")


class Heldout(unittest.TestCase):
    def test_spelling_variant_definition(self):
        yes = [("SOLEYMANI, Qasem", "SOLEIMANI, Qasem"), ("KIM, Sangman", "KIM, Sang Man"),
               ("ABED, Abdul Reza", "ABED, Abdolreza"), ("CHAIKA, Yury", "CHAIKA, Yuri")]
        no = [("KIM, Sang Man", "Sang Man KIM"), ("BANK TORGOVOY KAPITAL", "BANK TORGOVOY KAPITAL ZAO"),
              ("EL-QADDAFI, Muhammad", "QADDAFI, Muhammad"), ("PUTIN, Vladimir", "PUTIN, Vladimir Vladimirovich"),
              ("KIM, Sang-Man", "KIM, Sang Man")]
        for a, b in yes:
            self.assertTrue(heldout.is_spelling_variant(a, b), (a, b))
        for a, b in no:
            self.assertFalse(heldout.is_spelling_variant(a, b), (a, b))

    def test_copy_removes_exactly_the_held_out_rows(self):
        e, _ = Fixture.get()
        chosen = heldout.choose_heldout(e, 7)
        self.assertGreater(len(chosen), 2500)
        self.assertEqual(len({h["ent_num"] for h in chosen}), len(chosen))
        with tempfile.TemporaryDirectory() as d:
            n = heldout.write_heldout_copy(SDN, d, chosen)
            self.assertEqual(n, len(chosen))
            copy = load_ofac_csv(d)
            for h in random.Random(1).sample(chosen, 300):
                names = {fold(x) for x in copy[h["ent_num"]].names() + copy[h["ent_num"]].weak_akas()}
                self.assertNotIn(fold(h["alias"]), names, h)
                self.assertIn(fold(h["variant_of"]), names, h)
            with open(os.path.join(d, "alt.csv"), "rb") as f:
                self.assertTrue(f.read().endswith(b"\r\n\x1a"))


class Metrics(unittest.TestCase):
    def test_ties_count_only_when_expected_is_tied(self):
        r = {"matches": [{"entity_id": "a", "score": 0.9}, {"entity_id": "b", "score": 0.9},
                         {"entity_id": "c", "score": 0.8}]}
        self.assertTrue(metrics.is_hit(r, ["b"], 0.85))
        self.assertFalse(metrics.is_hit(r, ["c"], 0.7))
        self.assertFalse(metrics.is_hit(r, ["a"], 0.95))
        self.assertTrue(metrics.is_hit(r, ["c"], 0.0) is False)
        self.assertEqual(metrics.expected_rank(r, ["c"]), (3, 0.8))


if __name__ == "__main__":
    unittest.main()
