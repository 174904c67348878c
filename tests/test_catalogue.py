"""The outlet/actor catalogue: the bundled starter lists, user catalogues, and name/URL resolution."""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lockstep.errors import InputError
from lockstep.model import Actor, Outlet, Rejected
from lockstep.sources.base import SourceOptions
from lockstep.sources.catalogue import (
    ACTORS_FORMAT,
    FORMATS,
    OUTLETS_FORMAT,
    alias_index,
    bundled_catalogue_paths,
    domain_index,
    load_bundled_catalogue,
    load_catalogue,
    lookup_alias,
    normalise_domain,
    normalise_name,
    outlet_for_url,
)

ARTICLE = Path(__file__).resolve().parents[1] / ".." / "shared" / "context" / "motivating-article.txt"

# Every person named in the motivating article, spelled as the article spells them, with the
# catalogue id each must resolve to. The byline ("by Kok Bayraq") names the author.
ARTICLE_PEOPLE = {
    "Kok Bayraq": "kok-bayraq",
    "Putin": "vladimir-putin",
    "Vladimir Putin": "vladimir-putin",
    "Xi Jinping": "xi-jinping",
    "Volodymyr Zelenskyy": "volodymyr-zelensky",
    "Nur Bekri": "nur-bekri",
    "Shokret Zakir": "shohrat-zakir",
    "Rawil Gaynetdin": "ravil-gainutdin",
    "Vladimir Norov": "vladimir-norov",
}

# Outlets the brief requires: id -> (country, state_affiliated, domains that must be listed).
REQUIRED_OUTLETS: dict[str, tuple[str, bool, set[str]]] = {
    "xinhua": ("CHN", True, {"news.cn", "xinhuanet.com", "english.news.cn"}),
    "cgtn": ("CHN", True, {"cgtn.com"}),
    "cctv": ("CHN", True, {"cctv.com"}),
    "china-daily": ("CHN", True, {"chinadaily.com.cn"}),
    "global-times": ("CHN", True, {"globaltimes.cn"}),
    "peoples-daily": ("CHN", True, {"people.com.cn", "en.people.cn"}),
    "tass": ("RUS", True, {"tass.ru", "tass.com"}),
    "ria-novosti": ("RUS", True, {"ria.ru"}),
    "rt": ("RUS", True, {"rt.com", "de.rt.com", "actualidad.rt.com"}),
    "sputnik": ("RUS", True, {"sputniknews.com", "sputnikglobe.com"}),
    "rossiyskaya-gazeta": ("RUS", True, {"rg.ru"}),
    "channel-one": ("RUS", True, {"1tv.ru"}),
    "reuters": ("GBR", False, {"reuters.com"}),
    "ap": ("USA", False, {"apnews.com"}),
    "afp": ("FRA", False, {"afp.com"}),
    "bbc": ("GBR", False, {"bbc.com", "bbc.co.uk"}),
    "bbc-russian": ("GBR", False, {"bbc.com/russian", "t.me/bbcrussian"}),
    "meduza": ("LVA", False, {"meduza.io"}),
}

# Names in en/ru/zh that must resolve to an outlet (examples from the brief and the real data).
OUTLET_NAMES = {
    "TASS": "tass",
    "ТАСС": "tass",
    "塔斯社": "tass",
    "RIA Novosti": "ria-novosti",
    "РИА Новости": "ria-novosti",
    "俄新社": "ria-novosti",
    "Xinhua": "xinhua",
    "Синьхуа": "xinhua",
    "新华社": "xinhua",
    "People's Daily": "peoples-daily",
    "Жэньминь жибао": "peoples-daily",
    "人民日报": "peoples-daily",
    "Global Times": "global-times",
    "环球时报": "global-times",
    "CCTV": "cctv",
    "央视": "cctv",
    "中央电视台": "cctv",
    "CGTN": "cgtn",
    "中国国际电视台": "cgtn",
    "Reuters": "reuters",
    "Рейтер": "reuters",
    "路透社": "reuters",
    "AP": "ap",
    "Ассошиэйтед Пресс": "ap",
    "美联社": "ap",
    "AFP": "afp",
    "Франс Пресс": "afp",
    "法新社": "afp",
    "BBC": "bbc",
    "Би-би-си": "bbc",
    "英国广播公司": "bbc",
    "Русская служба Би-би-си": "bbc-russian",
    "BBC News | Русская служба": "bbc-russian",
    "Meduza": "meduza",
    "Медуза": "meduza",
    "Sputnik": "sputnik",
    "Спутник": "sputnik",
    "卫星通讯社": "sputnik",
    "RT": "rt",
    "今日俄罗斯": "rt",
    "RT DE": "rt",
    "RT en español": "rt",
    "Perviy kanal": "channel-one",
    "Первый канал": "channel-one",
    "Rossiyskaja Gazeta": "rossiyskaya-gazeta",  # the motivating article's spelling
    "TASS - Russian": "tass",  # EUvsDisinfo style, with a qualifier
    "Rossia 24 - YouTube": "vgtrk",
}

# Actor names the brief lists, including the inflection-friendly Russian surnames.
ACTOR_NAMES = {
    "Путин": "vladimir-putin",
    "普京": "vladimir-putin",
    "习近平": "xi-jinping",
    "Лавров": "sergey-lavrov",
    "拉夫罗夫": "sergey-lavrov",
    "Sergey Lavrov": "sergey-lavrov",
    "王毅": "wang-yi",
    "Qin Gang": "qin-gang",
    "Захарова": "maria-zakharova",
    "扎哈罗娃": "maria-zakharova",
    "Песков": "dmitry-peskov",
    "佩斯科夫": "dmitry-peskov",
    "赵立坚": "zhao-lijian",
    "华春莹": "hua-chunying",
    "汪文斌": "wang-wenbin",
    "毛宁": "mao-ning",
    "Lin Jian": "lin-jian",
    "Guo Jiakun": "guo-jiakun",
    "Zelensky": "volodymyr-zelensky",
    "МИД России": "russian-mfa",
    "俄罗斯外交部": "russian-mfa",
    "Russian Foreign Ministry": "russian-mfa",
    "МИД КНР": "chinese-mfa",
    "中国外交部": "chinese-mfa",
    "Chinese Foreign Ministry": "chinese-mfa",
    "Кремль": "kremlin",
    "克里姆林宫": "kremlin",
    "Kremlin": "kremlin",
    "Минобороны": "russian-mod",
    "俄罗斯国防部": "russian-mod",
    "Россия": "RUS",
    "中国": "CHN",
    "Украина": "UKR",
    "美国": "USA",
}


@pytest.fixture(scope="module")
def bundled() -> tuple[list[Outlet], list[Actor], list[Rejected]]:
    return load_bundled_catalogue()


@pytest.fixture(scope="module")
def names(bundled: tuple[list[Outlet], list[Actor], list[Rejected]]) -> dict[str, str]:
    outlets, actors, _ = bundled
    return alias_index(outlets, actors)


# ---------------------------------------------------------------------------------- bundled


def test_bundled_files_exist_and_load_without_rejections(
    bundled: tuple[list[Outlet], list[Actor], list[Rejected]],
) -> None:
    paths = bundled_catalogue_paths()
    assert [p.name for p in paths] == ["outlets.yaml", "actors.yaml"]
    assert all(p.is_file() for p in paths)
    outlets, actors, rejected = bundled
    assert rejected == []
    assert len(outlets) >= len(REQUIRED_OUTLETS)
    assert len(actors) >= 30
    assert len({o.id for o in outlets}) == len(outlets)
    assert len({a.id for a in actors}) == len(actors)


def test_every_bundled_outlet_is_fully_described(
    bundled: tuple[list[Outlet], list[Actor], list[Rejected]],
) -> None:
    outlets, _, _ = bundled
    for outlet in outlets:
        assert outlet.kind == "outlet", outlet.id
        assert outlet.country and len(outlet.country) == 3, outlet.id
        assert isinstance(outlet.state_affiliated, bool), outlet.id
        assert outlet.affiliation_source and "http" in outlet.affiliation_source, outlet.id
        assert outlet.domains, outlet.id
        assert outlet.languages, outlet.id
        assert outlet.aliases.get("en"), outlet.id
        assert outlet.aliases.get("ru"), outlet.id


@pytest.mark.parametrize("outlet_id", sorted(REQUIRED_OUTLETS))
def test_required_outlets_present(
    outlet_id: str, bundled: tuple[list[Outlet], list[Actor], list[Rejected]]
) -> None:
    by_id = {o.id: o for o in bundled[0]}
    assert outlet_id in by_id
    outlet = by_id[outlet_id]
    country, state, domains = REQUIRED_OUTLETS[outlet_id]
    assert outlet.country == country
    assert outlet.state_affiliated is state
    assert domains <= set(outlet.domains)
    assert outlet.affiliation_source


def test_public_broadcasters_are_labelled_independent_with_their_charter(
    bundled: tuple[list[Outlet], list[Actor], list[Rejected]],
) -> None:
    by_id = {o.id: o for o in bundled[0]}
    for outlet_id in ("bbc", "bbc-russian", "dw"):
        source = by_id[outlet_id].affiliation_source or ""
        assert "publicly funded, editorially independent" in source.casefold()
    assert "undesirable" in (by_id["meduza"].affiliation_source or "")
    assert "2022/350" in (by_id["rt"].affiliation_source or "")
    assert "2022/350" in (by_id["sputnik"].affiliation_source or "")


@pytest.mark.parametrize(("name", "expected"), sorted(OUTLET_NAMES.items()))
def test_outlet_names_resolve(name: str, expected: str, names: dict[str, str]) -> None:
    assert lookup_alias(name, names) == expected


def test_every_actor_has_names_in_en_ru_zh_and_a_source(
    bundled: tuple[list[Outlet], list[Actor], list[Rejected]],
) -> None:
    _, actors, _ = bundled
    for actor in actors:
        for lang in ("en", "ru", "zh"):
            assert actor.aliases.get(lang), f"{actor.id} has no {lang} name"
        assert actor.kind in {"state", "person", "organisation", "outlet"}
        assert actor.source and actor.source.startswith("http"), actor.id
        assert actor.role, actor.id
        if actor.kind == "state":
            assert actor.id == actor.country and len(actor.id) == 3


@pytest.mark.parametrize(("name", "expected"), sorted(ACTOR_NAMES.items()))
def test_actor_names_resolve(name: str, expected: str, names: dict[str, str]) -> None:
    assert lookup_alias(name, names) == expected


def test_people_named_in_the_motivating_article_are_actors(
    bundled: tuple[list[Outlet], list[Actor], list[Rejected]], names: dict[str, str]
) -> None:
    kinds = {a.id: a.kind for a in bundled[1]}
    for spelling, actor_id in ARTICLE_PEOPLE.items():
        assert lookup_alias(spelling, names) == actor_id, spelling
        assert kinds[actor_id] == "person"


def test_article_people_list_is_taken_from_the_article() -> None:
    if not ARTICLE.is_file():
        pytest.skip(f"{ARTICLE} is absent (it exists in CI, not in a user's clone)")
    text = ARTICLE.read_text(encoding="utf-8")
    for spelling in ARTICLE_PEOPLE:
        assert spelling in text, spelling


def test_no_name_is_claimed_by_two_entries(bundled: tuple[list[Outlet], list[Actor], list[Rejected]]) -> None:
    """An alias shared by two ids would make resolution depend on file order."""
    outlets, actors, _ = bundled
    claims: dict[str, set[str]] = defaultdict(set)
    entries: list[Outlet | Actor] = [*outlets, *actors]
    for entry in entries:
        for name in [entry.id, entry.name, *(n for ns in entry.aliases.values() for n in ns)]:
            claims[normalise_name(name)].add(entry.id)
    assert {k: v for k, v in claims.items() if len(v) > 1} == {}


# ---------------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.tass.ru/politika/1", "tass"),
        ("https://tass.com/world/123", "tass"),
        ("https://english.news.cn/x", "xinhua"),
        ("http://www.xinhuanet.com/world/2019-03/09/c_1124212611.htm", "xinhua"),
        ("https://de.rt.com/a", "rt"),
        ("https://russian.rt.com/world/news/1", "rt"),
        ("https://www.bbc.com/russian/news-123", "bbc-russian"),
        ("https://www.bbc.co.uk/russian", "bbc-russian"),
        ("https://t.me/bbcrussian/5734", "bbc-russian"),
        ("https://t.me/s/bbcrussian/12464", "bbc-russian"),
        ("https://www.bbc.com/news/world-1", "bbc"),
        ("https://WWW.RIA.RU:443/20240101/x.html?utm=1#top", "ria-novosti"),
        ("ria.ru/20240101/x.html", "ria-novosti"),
        ("https://en.people.cn/n3/2024/x.html", "peoples-daily"),
        ("https://example.com/tass.ru", None),
        ("https://nottass.ru/", None),
        ("ftp://tass.ru/file", None),
        ("javascript:alert(1)", None),
        ("http://[::1", None),
        ("", None),
    ],
)
def test_outlet_for_url(
    url: str, expected: str | None, bundled: tuple[list[Outlet], list[Actor], list[Rejected]]
) -> None:
    assert outlet_for_url(url, domain_index(bundled[0])) == expected


def test_normalise_domain() -> None:
    assert normalise_domain("https://www.BBC.com/russian/") == "bbc.com/russian"
    assert normalise_domain("t.me/s/bbcrussian") == "t.me/bbcrussian"
    assert normalise_domain("Tass.RU") == "tass.ru"
    assert normalise_domain("not a domain") is None
    assert normalise_domain("localhost") is None


def test_first_catalogue_wins_for_domains_and_names() -> None:
    mine = Outlet(id="my-tass", name="My TASS", domains=["tass.ru"], aliases={"ru": ["ТАСС"]})
    theirs = Outlet(id="tass", name="TASS", domains=["tass.ru", "tass.com"], aliases={"ru": ["ТАСС"]})
    assert outlet_for_url("https://tass.ru/x", domain_index([mine, theirs])) == "my-tass"
    assert outlet_for_url("https://tass.com/x", domain_index([mine, theirs])) == "tass"
    assert alias_index([mine, theirs])[normalise_name("ТАСС")] == "my-tass"


# ---------------------------------------------------------------------------------- user files


def _read(fmt_name: str, path: Path) -> list[object]:
    fmt = OUTLETS_FORMAT if fmt_name == "outlets" else ACTORS_FORMAT
    return list(fmt.read(path, SourceOptions()))


def test_formats_are_registered_by_name() -> None:
    assert [f.name for f in FORMATS] == ["outlets", "actors"]


def test_user_yaml_catalogue_loads(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "outlets:\n"
        "  - id: ukrinform\n"
        "    name: Ukrinform\n"
        "    country: ukr\n"
        "    state_affiliated: true\n"
        "    affiliation_source: https://en.wikipedia.org/wiki/Ukrinform\n"
        "    domains: [https://www.ukrinform.ua/, ukrinform.net]\n"
        "    languages: uk|en\n"
        "    aliases:\n"
        "      uk: [Укрінформ]\n"
        "      en: Ukrinform\n"
        "actors:\n"
        "  - {id: x, kind: organization, name: X Org, aliases: {en: [X]}}\n",
        encoding="utf-8",
    )
    assert OUTLETS_FORMAT.sniff(path, path.read_bytes())
    assert ACTORS_FORMAT.sniff(path, path.read_bytes())
    [outlet] = _read("outlets", path)
    assert isinstance(outlet, Outlet)
    assert outlet.country == "UKR"
    assert outlet.domains == ["ukrinform.ua", "ukrinform.net"]
    assert outlet.languages == ["uk", "en"]
    assert outlet.aliases == {"uk": ["Укрінформ"], "en": ["Ukrinform"]}
    [actor] = _read("actors", path)
    assert isinstance(actor, Actor) and actor.kind == "organisation"
    outlets, actors, rejected = load_catalogue([path])
    assert [o.id for o in outlets] == ["ukrinform"] and [a.id for a in actors] == ["x"] and rejected == []


def test_plain_list_yaml_loads(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- {id: a, name: A, country: RUS, state_affiliated: false}\n", encoding="utf-8")
    [outlet] = _read("outlets", path)
    assert isinstance(outlet, Outlet) and outlet.state_affiliated is False


def test_user_csv_catalogues_load(tmp_path: Path) -> None:
    outlets_csv = tmp_path / "outlets.csv"
    outlets_csv.write_text(
        "\ufeffid,name,country,state_affiliated,affiliation_source,domains,languages,aliases_en,aliases_ru,aliases_zh\n"
        "ukrinform,Ukrinform,UKR,yes,https://en.wikipedia.org/wiki/Ukrinform,ukrinform.ua|ukrinform.net,uk|en,"
        "Ukrinform,Укринформ,乌克兰国家通讯社\n"
        '"kyiv-independent","The Kyiv Independent, English",UKR,false,,kyivindependent.com,en,,,\n',
        encoding="utf-8",
    )
    actors_csv = tmp_path / "actors.csv"
    actors_csv.write_text(
        "id,kind,name,country,role,source,aliases_en,aliases_ru,aliases_zh\n"
        "dmytro-kuleba,person,Dmytro Kuleba,UKR,Minister of Foreign Affairs of Ukraine (2020–2024),"
        "https://en.wikipedia.org/wiki/Dmytro_Kuleba,Kuleba|Dmytro Kuleba,Кулеба,库列巴\n",
        encoding="utf-8",
    )
    head = outlets_csv.read_bytes()
    assert OUTLETS_FORMAT.sniff(outlets_csv, head) and not ACTORS_FORMAT.sniff(outlets_csv, head)
    head = actors_csv.read_bytes()
    assert ACTORS_FORMAT.sniff(actors_csv, head) and not OUTLETS_FORMAT.sniff(actors_csv, head)

    first, second = _read("outlets", outlets_csv)
    assert isinstance(first, Outlet) and isinstance(second, Outlet)
    assert first.state_affiliated is True and first.domains == ["ukrinform.ua", "ukrinform.net"]
    assert first.aliases == {"en": ["Ukrinform"], "ru": ["Укринформ"], "zh": ["乌克兰国家通讯社"]}
    assert second.name == "The Kyiv Independent, English" and second.state_affiliated is False
    assert second.affiliation_source is None and second.aliases == {}

    [actor] = _read("actors", actors_csv)
    assert isinstance(actor, Actor)
    assert actor.kind == "person" and actor.aliases["en"] == ["Kuleba", "Dmytro Kuleba"]
    outlets, actors, rejected = load_catalogue([outlets_csv, actors_csv])
    assert len(outlets) == 2 and len(actors) == 1 and rejected == []


def test_bad_yaml_entries_are_rejected_with_reasons(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "outlets:\n"
        "  - {name: No Id}\n"
        "  - {id: noname}\n"
        "  - {id: a, name: A, country: RU}\n"
        "  - {id: b, name: B, state_affiliated: maybe}\n"
        "  - {id: c, name: C, state_affiliated: 1}\n"
        "  - {id: d, name: D, domains: ['not a host']}\n"
        "  - {id: e, name: E, languages: [english]}\n"
        "  - {id: f, name: [a, list]}\n"
        "  - just a string\n"
        "  - {id: ok, name: OK}\n"
        "  - {id: ok, name: Again}\n"
        "  - {id: g, name: G, aliases: [not, a, mapping]}\n",
        encoding="utf-8",
    )
    records = _read("outlets", path)
    assert [r.id for r in records if isinstance(r, Outlet)] == ["ok"]
    rejected = [r for r in records if isinstance(r, Rejected)]
    reasons = [r.reason for r in rejected]
    assert len(rejected) == 11
    assert all(r.source_file == str(path) for r in rejected)
    assert rejected[0].source_record == "outlets[0]"
    assert "no id" in reasons[0]
    assert "no name" in reasons[1]
    assert "ISO 3166 alpha-3" in reasons[2]
    assert "not a boolean" in reasons[3] and "not a boolean" in reasons[4]
    assert "host name" in reasons[5]
    assert "ISO 639" in reasons[6]
    assert "list" in reasons[7]
    assert "not a mapping" in reasons[8]
    assert "duplicate id" in reasons[9]
    assert "aliases" in reasons[10]


def test_bad_actor_entries_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "actors:\n  - {id: a, name: A}\n  - {id: b, name: B, kind: alien}\n  - {id: c, name: C, kind: person}\n",
        encoding="utf-8",
    )
    records = _read("actors", path)
    assert isinstance(records[0], Rejected) and "no kind" in records[0].reason
    assert isinstance(records[1], Rejected) and "alien" in records[1].reason
    assert isinstance(records[2], Actor)


def test_bad_csv_rows_are_rejected_and_the_rest_goes_in(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text(
        "id,name,country,state_affiliated\n"
        "a,A,RUSSIA,true\n"
        "b,B,RUS,perhaps\n"
        "c,C,RUS\n"
        ",D,RUS,true\n"
        "e,E,RUS,false\n",
        encoding="utf-8",
    )
    records = _read("outlets", path)
    assert [r.id for r in records if isinstance(r, Outlet)] == ["e"]
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert [r.source_record for r in rejected] == ["line 2", "line 3", "line 4", "line 5"]
    assert "alpha-3" in rejected[0].reason
    assert "not a boolean" in rejected[1].reason
    assert "fields" in rejected[2].reason
    assert "no id" in rejected[3].reason


def test_csv_without_id_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text("name,country\nA,RUS\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks id"):
        _read("outlets", path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("outlets:\n  - id: a\n   name: [unclosed\n", "not valid YAML"),
        ("outlets: [\n", "not valid YAML"),
        ("outlets:\n  - {id: a, founded: 2019-02-30}\n", "not valid YAML"),
        ("!!python/object/apply:os.system ['echo hi']\n", "not valid YAML"),
        ("actors:\n  - {id: a}\n", "no top-level `outlets:`"),
        ("outlets: 3\n", "must be a list"),
        ("just a scalar\n", "expected a `outlets:` list"),
        ("", "empty file"),
    ],
)
def test_malformed_yaml_raises_input_error_naming_the_file(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        _read("outlets", path)
    assert info.value.file == str(path)
    assert reason in str(info.value)


def test_yaml_alias_bomb_is_rejected_quickly(tmp_path: Path) -> None:
    """Nested YAML aliases expand exponentially when printed; the reader must never print them."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    lines += ["outlets:", "  - {id: bomb, name: *a11, aliases: {en: *a11}}", "  - {id: ok, name: OK}"]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    records = _read("outlets", path)
    assert time.monotonic() - started < 5
    assert isinstance(records[0], Rejected) and isinstance(records[1], Outlet)


def test_sniff_never_raises_and_ignores_other_files(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    for head in (
        b"",
        b"\x00\xff\xfe garbage",
        b'{"outlets": []}',
        b"id,name\n1,2\n",
        b"\xef\xbb\xbfoutlets:\n",
    ):
        path.write_bytes(head)
        for fmt in FORMATS:
            assert fmt.sniff(path, head) in (True, False)
    assert OUTLETS_FORMAT.sniff(path, b"\xef\xbb\xbfoutlets:\n  - id: a\n")
    assert not ACTORS_FORMAT.sniff(path, b"outlets:\n  - id: a\n")
    assert not OUTLETS_FORMAT.sniff(path, b"id,name\n1,2\n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".yaml", ".csv", ".txt"]))
def test_random_bytes_give_records_or_input_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"random{suffix}"
        path.write_bytes(data)
        for fmt in FORMATS:
            fmt.sniff(path, data[:65536])
            try:
                records = list(fmt.read(path, SourceOptions()))
            except InputError as err:
                assert err.file == str(path)
                continue
            assert all(isinstance(r, Outlet | Actor | Rejected) for r in records)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_resolution_helpers_never_raise(text: str) -> None:
    index = {"tass.ru": "tass", "bbc.com/russian": "bbc-russian"}
    outlet_for_url(text, index)
    outlet_for_url("https://" + text, index)
    normalise_domain(text)
    lookup_alias(text, {"tass": "tass"})
