#!/usr/bin/python3
"""The `cordon` CLI as a user runs it: the real binary on the bundled lists.

Usage: cli_test.py PATH_TO_CORDON (ctest passes the built binary). Python standard library only.
Checks the documented contract: grep-style exit statuses, the table and --json output, batch JSON
lines in input order with per-line errors naming file:line, `compare --json`, `lists`, and the
batch CPU-time line --timing prints.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

CORDON = ""


def run(*args, stdin=None):
    return subprocess.run([CORDON, *args], input=stdin, capture_output=True, text=True, timeout=600)


class Cli(unittest.TestCase):
    def test_entity_prints_the_listing_with_its_links(self):
        r = run("entity", "--json", "ofac-sdn:43379")
        self.assertEqual(r.returncode, 0, r.stderr)
        e = json.loads(r.stdout)
        self.assertEqual(e["names"][0]["full"], "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY")
        self.assertTrue(e["names"][0]["source"]["file"].endswith("sdn.csv"))
        linked = {n["entity_id"]: n for n in e["neighbours"]}
        self.assertEqual(linked["ofac-sdn:48260"]["direction"], "in")
        r = run("entity", "ofac-sdn:43379")
        self.assertIn("<- linked_to", r.stdout)
        self.assertEqual(run("entity", "nobody:1").returncode, 2)

    def test_ownership_applies_the_fifty_percent_rule(self):
        example = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "ownership.ftm.json")
        r = run("ownership", "--json", example)
        self.assertEqual(r.returncode, 1, r.stderr)
        parties = {p["id"]: p for p in json.loads(r.stdout)["parties"]}
        self.assertEqual(parties["p-kim"]["status"], "listed")
        self.assertEqual(parties["c-vostok"]["status"], "blocked")
        self.assertEqual(parties["c-vostok"]["blocked_share"], 55)
        self.assertEqual(parties["c-harbour"]["status"], "blocked")
        self.assertEqual(len(parties["c-harbour"]["paths"]), 2)
        self.assertEqual(parties["c-client"]["status"], "clear")
        bad = run("ownership", "-", stdin='{"id": "a", "schema": "Ownership", "properties": {"owner": ["x"]}}\n')
        self.assertEqual(bad.returncode, 4)
        self.assertIn("<stdin>:1", bad.stderr)

    def test_a_listed_name_matches_with_exit_status_1(self):
        r = run("screen", "Kim Sang-man")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("ofac-sdn:43377", r.stdout)
        self.assertIn("why:", r.stdout)

    def test_a_clean_name_has_no_match_and_exit_status_0(self):
        r = run("screen", "Margaret Thornbury-Welles")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_json_output_names_the_entity_and_explains(self):
        r = run("screen", "--json", "--schema", "Person", "Kim Sang Man")
        self.assertEqual(r.returncode, 1, r.stderr)
        out = json.loads(r.stdout)
        best = out["matches"][0]
        self.assertEqual(best["entity_id"], "ofac-sdn:43377")
        self.assertGreaterEqual(best["score"], 0.8)
        self.assertIn("explanation", best)

    def test_batch_keeps_input_order_and_reports_a_bad_line_with_file_and_line(self):
        lines = [
            json.dumps({"id": "a", "name": "Korea Daesong Bank"}),
            "{not json",
            json.dumps({"id": "c", "name": "Margaret Thornbury-Welles"}),
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            f.write("\n".join(lines) + "\n")
            path = f.name
        try:
            r = run("screen", "--batch", path, "--threads", "2", "--timing")
        finally:
            os.unlink(path)
        self.assertEqual(r.returncode, 4, r.stderr)  # a rejected line wins over a match
        rows = [json.loads(x) for x in r.stdout.splitlines()]
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows[0]["id"], "a")
        self.assertTrue(any(m["entity_id"] == "ofac-sdn:12312" for m in rows[0]["matches"]))
        self.assertIn(f"{path}:2", rows[1]["error"])
        self.assertEqual(rows[2]["id"], "c")
        self.assertEqual(rows[2]["matches"], [])
        self.assertIn(f"{path}:2", r.stderr)
        self.assertRegex(r.stderr, r"screened 3 names in [0-9.]+ s of CPU")

    def test_batch_ignores_fields_it_does_not_read_and_still_rejects_malformed_ones(self):
        lines = [
            json.dumps({"id": "a", "name": "Lazarus Group", "expected": ["ofac-sdn:27307"], "kind": None}),
            json.dumps({"id": "b", "name": "Lazarus Group", "extra": {"score": 1.5, "tags": [[1]]}}),
            '{"id": "c", "name": "Lazarus Group", "expected": ["x" "y"]}',
            '{"id": "d", "name": "Lazarus Group", "kind": "bad \\q escape"}',
        ]
        r = run("screen", "--batch", "-", stdin="\n".join(lines) + "\n")
        self.assertEqual(r.returncode, 4, r.stderr)
        rows = [json.loads(x) for x in r.stdout.splitlines()]
        self.assertEqual([row["id"] for row in rows[:2]], ["a", "b"])
        for row in rows[:2]:
            self.assertTrue(any(m["entity_id"] == "ofac-sdn:27307" for m in row["matches"]))
        self.assertIn("<stdin>:3: invalid JSON", rows[2]["error"])
        self.assertIn("<stdin>:4: invalid JSON", rows[3]["error"])

    def test_batch_from_stdin(self):
        r = run("screen", "--batch", "-", stdin=json.dumps({"id": "x", "name": "Lazarus Group"}) + "\n")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("ofac-sdn:27307", r.stdout)

    def test_compare_json(self):
        r = run("compare", "--json", "Kim Sangman", "KIM, Sang Man")
        self.assertEqual(r.returncode, 1, r.stderr)  # a match, as grep
        out = json.loads(r.stdout)
        self.assertTrue(out["match"])
        self.assertGreater(out["score"], 0.9)
        self.assertIn("explanation", out)
        self.assertEqual(run("compare", "Kim Sangman", "Lazarus Group").returncode, 0)

    def test_scan_json_lines_with_character_offsets(self):
        text = ("Überweisung an KIM Sang Man; Verwendungszweck: Jinyong IT Cooperation Company.\n"
                "Kim sagte, die Bank of Korea sei nicht betroffen.\n")
        r = run("scan", "-", "--json", stdin=text)
        self.assertEqual(r.returncode, 1, r.stderr)
        lines = [json.loads(l) for l in r.stdout.splitlines()]
        self.assertEqual([(m["entity_id"], m["text"]) for m in lines],
                         [("ofac-sdn:43377", "KIM Sang Man"), ("ofac-sdn:43379", "Jinyong IT Cooperation Company")])
        for m in lines:
            self.assertEqual(text[m["start"]:m["end"]], m["text"])
            self.assertIn("tokens", m["explanation"])

    def test_scan_table_file_and_exit_status(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "story.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("Researchers attributed the theft to the Lazarus Group, officials said.")
            r = run("scan", path)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("ofac-sdn:27307", r.stdout)
            self.assertIn("Lazarus Group", r.stdout)
            with open(path, "w", encoding="utf-8") as f:
                f.write("Kim said the Bank of Korea and the university group would meet.")
            self.assertEqual(run("scan", path).returncode, 0)
            self.assertEqual(run("scan", os.path.join(tmp, "missing.txt")).returncode, 2)
        self.assertEqual(run("scan", "-", "--threshold", "2", stdin="").returncode, 2)

    def test_lists_shows_every_bundled_source(self):
        r = run("lists")
        self.assertEqual(r.returncode, 0, r.stderr)
        for source in ("ofac-sdn", "ofac-cons", "un-sc"):
            self.assertIn(source, r.stdout)

    def test_an_enhanced_xml_export_loads_with_its_typed_relationships(self):
        here = os.path.dirname(os.path.abspath(__file__))
        irgc = "ofac-enhanced-xml:" + os.path.join(here, "..", "data", "ingest", "ofac_enhanced", "IRGC_sanctions.xml")
        r = run("lists", "--list", irgc)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ofac-enhanced-xml", r.stdout)
        self.assertIn("293", r.stdout)
        r = run("entity", "--json", "--list", irgc, "ofac-sdn:26527")
        self.assertEqual(r.returncode, 0, r.stderr)
        e = json.loads(r.stdout)
        self.assertEqual(e["names"][0]["full"], "IRANIAN ATLAS COMPANY")
        self.assertTrue(e["names"][0]["source"]["file"].endswith("IRGC_sanctions.xml"))
        linked = {n["entity_id"]: n for n in e["neighbours"]}
        self.assertEqual(linked["ofac-sdn:12478"]["kind"], "ownership")
        self.assertEqual(linked["ofac-sdn:12478"]["direction"], "out")
        self.assertEqual(linked["ofac-sdn:12478"]["detail"], "owner; Owned or Controlled By")
        r = run("entity", "--json", "--list", irgc, "ofac-sdn:12478")
        self.assertEqual(r.returncode, 0, r.stderr)
        linked = {n["entity_id"]: n for n in json.loads(r.stdout)["neighbours"]}
        self.assertEqual(linked["ofac-sdn:26527"]["direction"], "in")

    def test_a_wallet_alone_finds_its_listing(self):
        r = run("screen", "--wallet", "0xB6F5EC1A0A9CD1526536D3F0426C429529471F40", "--json")
        self.assertEqual(r.returncode, 1, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual(out["matches"][0]["entity_id"], "ofac-sdn:43377")
        self.assertEqual(out["matches"][0]["score"], 1.0)
        self.assertEqual(out["matches"][0]["explanation"]["identifiers"][0]["how"], "normalised")
        r = run("screen", "--id", "crypto:1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("ofac-sdn:43377", r.stdout)
        self.assertIn("base58check", r.stdout)

    def test_an_id_may_name_its_issuing_country(self):
        # KIM Sang Man's passport 109420132 is listed as issued by Korea, North.
        r = run("screen", "--id", "passport/KP:109420132", "--json")
        self.assertEqual(r.returncode, 1, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual(out["identifiers"], [{"type": "passport", "value": "109420132", "country": "KP"}])
        self.assertEqual(out["matches"][0]["entity_id"], "ofac-sdn:43377")
        self.assertEqual(out["matches"][0]["explanation"]["identifiers"][0]["country"], "Korea, North")
        # The same number from another country is another document.
        r = run("screen", "--id", "passport/China:109420132", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["matches"], [])
        r = run("screen", "--id", "passport/Atlantis:109420132")
        self.assertEqual(r.returncode, 2)
        self.assertIn('unknown issuing country "Atlantis"', r.stderr)

    def test_an_invalid_address_is_warned_not_dropped(self):
        r = run("screen", "--wallet", "1d6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("warning: crypto 1d6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ: Base58Check checksum fails", r.stderr)
        line = json.dumps({"id": "w", "identifiers": [{"type": "crypto", "value": "1d6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ"}]})
        r = run("screen", "--batch", "-", stdin=line + "\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual(out["matches"], [])
        self.assertIn("Base58Check", out["warnings"][0])
        self.assertEqual(run("screen", "--id", "shoe:44").returncode, 2)

    def test_usage_errors_exit_2(self):
        self.assertEqual(run("screen").returncode, 2)
        self.assertEqual(run("screen", "--no-such-option", "x").returncode, 2)

    def test_a_list_that_fails_to_load_exits_3_and_names_it(self):
        r = run("screen", "--list", "un-xml:/nonexistent/list.xml", "Kim")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("/nonexistent/list.xml", r.stderr)

    def test_repeated_list_options_take_one_file_each(self):
        here = os.path.dirname(os.path.abspath(__file__))
        un = os.path.join(here, "..", "..", "data", "un-sc", "consolidated.xml")
        r = run("screen", "--list", "un-xml:" + un, "--list", "un-xml:" + un, "Korea Daesong Bank")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("un-sc:KPe.035", r.stdout)


if __name__ == "__main__":
    CORDON = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
