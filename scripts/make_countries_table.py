"""Regenerate `src/lockstep/text/countries.tsv`, the country-name table of the normaliser.

Run by a developer, never at run time (lockstep reads only the TSV it writes). The official
names in English, Russian and Chinese (simplified and traditional) and the ISO 3166 alpha-2 →
alpha-3 pairs come from the Unicode CLDR data shipped with Babel; the informal and historical
names below are ours: the spellings found in UN vote records, news lists and the unvotes data
("Dem. Rep. Congo", "S. Sudan", "Bosnia-Herzegovina", "DPRK", "Türkiye", "USSR", ...).

    .venv/bin/python scripts/make_countries_table.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import babel
from babel.core import get_global

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from lockstep.text.countries import name_key

OUT = Path(__file__).resolve().parents[1] / "src" / "lockstep" / "text" / "countries.tsv"
#: CLDR regions that are not states (or are pseudo-regions) and are left out.
NOT_STATES = {
    "AQ",
    "BV",
    "CP",
    "CQ",
    "DG",
    "EA",
    "EU",
    "EZ",
    "HM",
    "IC",
    "QO",
    "TA",
    "UM",
    "UN",
    "XA",
    "XB",
    "ZZ",
}

#: Alpha-3 codes CLDR still lists as aliases of a current region but that ISO withdrew (or that
#: belong to a historical state listed below).
DEPRECATED_ALPHA3 = {"BUR", "ZAR", "DDR", "FXX", "TMP", "YMD"}

#: Informal and alternative names, by alpha-3 code (ours; from UN records and news lists).
INFORMAL: dict[str, list[str]] = {
    "BIH": ["Bosnia-Herzegovina", "Bosnia and Herz.", "Bosnia & Herzegovina", "Bosnia", "Босния"],
    "BOL": ["Bolivia (Plurinational State of)", "Plurinational State of Bolivia"],
    "BRN": ["Brunei Darussalam"],
    "CAF": ["Central African Rep.", "CAR"],
    "CIV": ["Cote d'Ivoire", "Ivory Coast", "Côte d’Ivoire"],
    "COD": [
        "Dem. Rep. Congo",
        "Democratic Republic of the Congo",
        "Democratic Republic of Congo",
        "DR Congo",
        "DRC",
        "Congo-Kinshasa",
        "Congo (Kinshasa)",
        "Congo, Dem. Rep.",
        "Zaire",
        "ДРК",
        "Заир",
        "刚果民主共和国",
    ],
    "COG": [
        "Congo",
        "Republic of the Congo",
        "Congo-Brazzaville",
        "Congo (Brazzaville)",
        "Rep. Congo",
        "Congo, Rep.",
    ],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "CZE": ["Czech Republic", "Czechia", "Чехия"],
    "DEU": [
        "West Germany",
        "Federal Republic of Germany",
        "FRG",
        "Germany, Federal Republic of",
        "ФРГ",
        "西德",
    ],
    "DOM": ["Dominican Rep."],
    "FSM": [
        "Micronesia",
        "Micronesia (Federated States of)",
        "Federated States of Micronesia",
        "Micronesia, Fed. Sts.",
    ],
    "GBR": [
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "United Kingdom of Great Britain and Northern Ireland",
        "Великобритания",
        "英国",
    ],
    "GMB": ["The Gambia", "Gambia, The"],
    "GNQ": ["Eq. Guinea"],
    "IRN": ["Iran (Islamic Republic of)", "Islamic Republic of Iran", "Iran, Islamic Rep."],
    "KNA": ["St. Kitts & Nevis", "St. Kitts and Nevis", "Saint Kitts & Nevis"],
    "KOR": ["South Korea", "Republic of Korea", "Korea, Rep.", "ROK", "S. Korea", "Южная Корея", "韩国"],
    "LAO": ["Laos", "Lao PDR", "Lao People's Democratic Republic", "Lao"],
    "LCA": ["St. Lucia"],
    "MDA": ["Republic of Moldova", "Moldova, Republic of"],
    "MKD": [
        "Macedonia",
        "FYROM",
        "The former Yugoslav Republic of Macedonia",
        "North Macedonia",
        "Македония",
    ],
    "MMR": ["Myanmar", "Burma", "Myanmar (Burma)"],
    "HKG": ["Hong Kong"],
    "MAC": ["Macao", "Macau"],
    "PRK": [
        "DPRK",
        "D.P.R.K.",
        "North Korea",
        "Democratic People's Republic of Korea",
        "Korea, DPR",
        "Korea, Dem. Rep.",
        "КНДР",
        "Северная Корея",
        "朝鲜",
        "北韩",
    ],
    "PSE": ["State of Palestine", "Palestine", "Palestinian Territories", "Палестина", "巴勒斯坦"],
    "RUS": ["Russian Federation", "Россия", "РФ", "俄罗斯", "俄罗斯联邦"],
    "SSD": ["S. Sudan", "Republic of South Sudan"],
    "STP": ["Sao Tome and Principe", "São Tomé & Príncipe", "Sao Tome & Principe"],
    "SWZ": ["Swaziland", "eSwatini", "Kingdom of Eswatini"],
    "SYR": ["Syrian Arab Republic"],
    "TLS": ["East Timor", "Timor Leste"],
    "TTO": ["Trinidad & Tobago"],
    "TUR": ["Türkiye", "Turkiye", "Turkey", "Турция", "土耳其"],
    "TWN": ["Taiwan", "Republic of China", "Chinese Taipei", "Тайвань", "台湾"],
    "TZA": ["United Republic of Tanzania", "Tanzania, United Republic of"],
    "USA": ["United States of America", "US", "U.S.", "USA", "U.S.A.", "America", "США", "美国"],
    "VAT": ["Holy See", "Vatican"],
    "VCT": ["Saint Vincent and Grenadines", "St. Vincent & Grenadines", "St. Vincent and the Grenadines"],
    "VEN": ["Venezuela (Bolivarian Republic of)", "Bolivarian Republic of Venezuela"],
    "VNM": ["Viet Nam", "Vietnam"],
    "YEM": ["Yemen Arab Republic", "North Yemen", "Yemen, Rep."],
    "ATG": ["Antigua & Barbuda"],
    "ARE": ["UAE", "U.A.E."],
    "CHN": ["People's Republic of China", "PRC", "Китай", "КНР", "中国", "中华人民共和国"],
    "EGY": ["Egypt, Arab Rep."],
}

#: States that no longer exist, with the codes of ISO 3166-3 (Zanzibar has none: a user-assigned
#: code, so that its two 1964 votes are kept and never merged into Tanzania's).
HISTORICAL: list[tuple[str, str, str, list[str]]] = [
    (
        "SUN",
        "SU",
        "USSR",
        ["Soviet Union", "Union of Soviet Socialist Republics", "U.S.S.R.", "СССР", "Советский Союз", "苏联"],
    ),
    (
        "YUG",
        "YU",
        "Yugoslavia",
        [
            "Socialist Federal Republic of Yugoslavia",
            "Federal Republic of Yugoslavia",
            "Югославия",
            "南斯拉夫",
        ],
    ),
    ("CSK", "CS", "Czechoslovakia", ["Czechoslovak Socialist Republic", "Чехословакия", "捷克斯洛伐克"]),
    ("DDR", "DD", "East Germany", ["German Democratic Republic", "GDR", "ГДР", "东德"]),
    (
        "YMD",
        "YD",
        "South Yemen",
        [
            "Yemen People's Republic",
            "People's Democratic Republic of Yemen",
            "Democratic Yemen",
            "Yemen, People's Democratic Republic of",
        ],
    ),
    ("SCG", "", "Serbia and Montenegro", ["State Union of Serbia and Montenegro", "Сербия и Черногория"]),
    ("XZB", "", "Zanzibar", ["People's Republic of Zanzibar"]),
]


def main() -> None:
    aliases = get_global("territory_aliases")
    alpha3 = {
        codes[0]: code
        for code, codes in aliases.items()
        if len(code) == 3 and code.isalpha() and len(codes) == 1 and code not in DEPRECATED_ALPHA3
    }
    locales = [babel.Locale(tag) for tag in ("en", "ru", "zh", "zh_Hant")]
    rows: list[tuple[str, str, str, list[str]]] = []
    for iso2, english in sorted(locales[0].territories.items()):
        if len(iso2) != 2 or iso2 in NOT_STATES or iso2 not in alpha3:
            continue
        iso3 = alpha3[iso2]
        names = [locale.territories[iso2] for locale in locales if iso2 in locale.territories]
        rows.append((iso3, iso2, english, names + INFORMAL.get(iso3, [])))
    rows.extend(HISTORICAL)
    seen: dict[str, str] = {}
    lines = ["# iso3\tiso2\tname\tother names (|-separated). Generated by scripts/make_countries_table.py"]
    for iso3, iso2, english, names in sorted(rows):
        unique: list[str] = []
        for name in [english, *names]:
            key = name_key(name)
            owner = seen.setdefault(key, iso3)
            if owner != iso3:
                raise SystemExit(f"{name!r} names both {owner} and {iso3}")
            if name not in unique and name != english:
                unique.append(name)
        lines.append(f"{iso3}\t{iso2}\t{english}\t{'|'.join(unique)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} states written to {OUT}")


if __name__ == "__main__":
    main()
