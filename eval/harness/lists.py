"""Readers for the bundled lists, independent of cordon's own parsers.

The evaluation derives its cases (which names exist, which aliases to hold out, which entry has an
original-script name) from the list files themselves, so that a parser bug in cordon shows up as a
miss instead of silently shaping the test set.
"""

import csv
import dataclasses
import io
import re
import xml.etree.ElementTree as ET

SDN_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
NULL = "-0-"


@dataclasses.dataclass
class Alias:
    alt_num: str
    alt_type: str  # aka | fka | nka
    name: str


@dataclasses.dataclass
class OfacEntity:
    ent_num: str
    entity_id: str
    name: str
    sdn_type: str
    schema: str
    programs: list[str]
    remarks: str
    aliases: list[Alias]

    def names(self) -> list[str]:
        return [self.name] + [a.name for a in self.aliases]

    def weak_akas(self) -> list[str]:
        return re.findall(r"a\.k\.a\.,? '([^']+)'", self.remarks)

    def nationalities(self) -> list[str]:
        return re.findall(r"(?:nationality|citizen) ([A-Z][A-Za-z ,]+?)(?:;|\.|$)", self.remarks)


def _field(v: str) -> str:
    v = v.strip()
    return "" if v == NULL else v


def _rows(path: str) -> list[list[str]]:
    with open(path, "rb") as f:
        data = f.read().decode("utf-8", errors="replace").replace("\x1a", "")
    return [r for r in csv.reader(io.StringIO(data, newline="")) if r and r[0].strip()]


def load_ofac_csv(folder: str, source: str = "ofac-sdn") -> dict[str, OfacEntity]:
    """sdn.csv + alt.csv (+ sdn_comments.csv) of an OFAC legacy CSV set, keyed by ent_num.

    alt.csv rows without an sdn.csv partner (the bundled files are from different dates) are
    dropped, as cordon does.
    """
    entities: dict[str, OfacEntity] = {}
    for r in _rows(f"{folder}/sdn.csv"):
        r += [""] * (12 - len(r))
        ent_num = r[0].strip()
        sdn_type = _field(r[2])
        entities[ent_num] = OfacEntity(
            ent_num=ent_num,
            entity_id=f"{source}:{ent_num}",
            name=_field(r[1]),
            sdn_type=sdn_type,
            schema=SDN_SCHEMA.get(sdn_type, "Organization"),
            programs=[p.strip(" []") for p in re.split(r"\] \[", _field(r[3])) if p.strip(" []")],
            remarks=_field(r[11]),
            aliases=[],
        )
    try:
        for r in _rows(f"{folder}/sdn_comments.csv"):
            if r[0].strip() in entities and len(r) > 1:
                entities[r[0].strip()].remarks += _field(r[1])
    except FileNotFoundError:
        pass
    for r in _rows(f"{folder}/alt.csv"):
        r += [""] * (5 - len(r))
        ent = entities.get(r[0].strip())
        if ent is not None and _field(r[3]):
            ent.aliases.append(Alias(r[1].strip(), _field(r[2]).strip('"'), _field(r[3])))
    return entities


@dataclasses.dataclass
class UnEntry:
    dataid: str
    reference: str
    schema: str
    name: str
    original_script: str
    aliases: list[str]


def load_un_xml(path: str) -> list[UnEntry]:
    root = ET.parse(path).getroot()
    out = []
    for el in root.iter():
        if el.tag not in ("INDIVIDUAL", "ENTITY"):
            continue
        parts = [(el.findtext(k) or "").strip() for k in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        aliases = []
        for a in el:
            if a.tag.endswith("_ALIAS"):
                n = (a.findtext("ALIAS_NAME") or "").strip()
                if n:
                    aliases.append(n)
        out.append(UnEntry(
            dataid=(el.findtext("DATAID") or "").strip(),
            reference=(el.findtext("REFERENCE_NUMBER") or "").strip(),
            schema="Person" if el.tag == "INDIVIDUAL" else "Organization",
            name=" ".join(p for p in parts if p),
            original_script=(el.findtext("NAME_ORIGINAL_SCRIPT") or "").strip(),
            aliases=aliases,
        ))
    return out


def write_un_without_original_script(src: str, dst: str) -> int:
    """Copy the UN XML with every NAME_ORIGINAL_SCRIPT element removed; returns how many.

    Text-level removal keeps the rest of the file byte-identical.
    """
    with open(src, "rb") as f:
        data = f.read().decode("utf-8")
    pattern = re.compile(r"[ \t]*<NAME_ORIGINAL_SCRIPT>[^<]*</NAME_ORIGINAL_SCRIPT>\r?\n?")
    data, n = pattern.subn("", data)
    with open(dst, "wb") as f:
        f.write(data.encode("utf-8"))
    return n
