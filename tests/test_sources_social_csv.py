"""Social posts CSV: QUT toolkit and CooRTweet data, column guessing, multi-valued cells, hostile input."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import HOSTILE, assert_records_or_input_error, damaged
from lockstep.errors import InputError
from lockstep.model import Post, Record, Rejected
from lockstep.sources.base import MAX_FIELD_CHARS, SourceOptions
from lockstep.sources.social_csv import FORMAT


def read(path: Path, options: SourceOptions | None = None) -> list[Record]:
    return list(FORMAT.read(path, options or SourceOptions()))


def posts(records: list[Record]) -> list[Post]:
    return [r for r in records if isinstance(r, Post)]


def rejected(records: list[Record]) -> list[Rejected]:
    return [r for r in records if isinstance(r, Rejected)]


def write(tmp_path: Path, text: str, name: str = "posts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- real files -------------------------------------------------------------------------------


def test_qut_sample(shared_data: Path) -> None:
    records = read(shared_data / "coordination" / "qut_toolkit" / "sample_data.csv")
    found = posts(records)
    assert len(records) == len(found) == 100
    first = found[0]
    assert (first.platform, first.account, first.post_id, first.account_name) == (
        "twitter",
        "4",
        "1",
        "user_4",
    )
    assert first.text == "mango reindeer apple"
    assert first.timestamp == dt.datetime(2020, 11, 27, 4, 26, 10, 518101)
    assert first.urls == ["http://example.com/2"]
    assert first.repost_of is None and first.reply_to is None
    by_id = {p.post_id: p for p in found}
    assert by_id["2"].urls == ["http://example.com/4", "http://example.com/6"]  # the list literal
    assert by_id["2"].repost_of == "1"
    assert by_id["5"].urls == []  # "[]": no URL
    assert by_id["12"].reply_to == "10"
    assert by_id["1"].source_record == "line 2"


def test_qut_input_with_bom(shared_data: Path) -> None:
    found = posts(read(shared_data / "coordination" / "qut_toolkit" / "coretweet_test_input.csv"))
    assert len(found) == 15
    assert found[0].post_id == "0" and found[0].account == "uid0" and found[0].account_name == "username0"
    assert found[1].timestamp == dt.datetime(1970, 1, 1, 0, 0, 59)
    assert all(p.urls == [] for p in found)  # urls "" is no URL, not an empty-string URL
    assert [p.repost_of for p in found[:3]] == ["rtid0", "rtid0", "rtid1"]


def test_coortweet_russian_retweets(shared_data: Path) -> None:
    records = read(shared_data / "coordination" / "coortweet" / "russian_coord_tweets.csv")
    found = posts(records)
    assert len(records) == 35_125
    assert len(found) == 35_085
    assert Counter(r.reason for r in rejected(records)) == {"duplicate post id": 40}
    first = found[0]
    assert first.post_id == "114e22f1b2b648528277b76f0b0224e7"  # content_id
    assert first.repost_of == "85d2d12251a735ce05255061f7f231e2"  # object_id
    assert first.account == "0fb4232d1b7b37069c13ee17579bd10e"
    assert first.timestamp == dt.datetime(2021, 6, 16, 22, 4, 51)
    assert all(p.repost_of for p in found)
    # content_id is the post and object_id what it shares: only then does every original
    # that is itself in the file come before the posts that repost it.
    when = {p.post_id: p.timestamp for p in found}
    chained = [
        (when[p.repost_of], p.timestamp) for p in found if p.repost_of is not None and p.repost_of in when
    ]
    assert len(chained) > 3000
    assert all(original <= repost for original, repost in chained)


@pytest.mark.slow
def test_coortweet_german_elections(shared_data: Path) -> None:
    records = read(shared_data / "coordination" / "coortweet" / "german_elections.csv")
    found = posts(records)
    assert len(records) == 218_971
    assert len(found) == 194_323
    reasons = Counter(r.reason for r in rejected(records))
    assert reasons == {"duplicate post id": 24_645, "no post id": 3}
    assert Counter(p.platform for p in found) == {"twitter": 112_757, "facebook": 81_566}
    first = found[0]
    assert (first.account, first.post_id, first.platform) == ("fb_12670", "129235", "facebook")
    assert first.urls == ["23678"]  # a hashed url id, not a URL
    assert first.hashtags == []
    assert first.extra == {"domain_id": "3498"}
    assert first.timestamp == dt.datetime(2021, 8, 21, 23, 50, 36)


# --- columns ----------------------------------------------------------------------------------


def test_aliases_are_case_insensitive_and_extra_columns_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Tweet_ID,Screen_Name,Created_At,Text,Lang\n9,alice,2021-05-01T10:00:00+02:00,hi #Peace,de\n",
    )
    (post,) = read(path)
    assert isinstance(post, Post)
    assert (post.post_id, post.account, post.account_name) == ("9", "alice", None)
    assert post.timestamp == dt.datetime(2021, 5, 1, 8, 0)
    assert post.hashtags == ["peace"]  # from the text: there is no hashtag column
    assert post.extra == {"lang": "de"}


def test_mapping_overrides_the_guess(tmp_path: Path) -> None:
    path = write(tmp_path, "who,n,when,author\nbob,1,1600000000,ignored\n")
    (post,) = read(path, SourceOptions(mapping={"account": "WHO", "post_id": "n", "timestamp": "when"}))
    assert isinstance(post, Post)
    assert post.account == "bob" and post.post_id == "1"
    with pytest.raises(InputError, match="not in the header"):
        read(path, SourceOptions(mapping={"account": "nobody"}))
    with pytest.raises(InputError, match="unknown field"):
        read(path, SourceOptions(mapping={"colour": "who"}))


def test_missing_required_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "user_id,text\n1,hello\n")
    with pytest.raises(InputError, match=r"no column for post_id.*timestamp") as info:
        read(path)
    assert info.value.file == str(path)


def test_platform_from_option_and_prefix(tmp_path: Path) -> None:
    path = write(
        tmp_path, "account_id,post_id,timestamp\nig_1,1,1600000000\nfb_2,2,1600000000\nx,3,1600000000\n"
    )
    assert [p.platform for p in posts(read(path))] == ["instagram", "facebook", "twitter"]
    assert {p.platform for p in posts(read(path, SourceOptions(platform="telegram")))} == {"telegram"}


def test_semicolon_separated(tmp_path: Path) -> None:
    path = write(tmp_path, "user_id;id;date;text\n1;2;2021-01-01 10:00:00;a, b\n")
    (post,) = read(path)
    assert isinstance(post, Post)
    assert post.text == "a, b"


# --- multi-valued cells -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("", []),
        ("[]", []),
        ("\"['http://a.org/1', 'http://b.org/2']\"", ["http://a.org/1", "http://b.org/2"]),
        ("http://a.org/1 http://b.org/2", ["http://a.org/1", "http://b.org/2"]),
        ("http://a.org/1|http://b.org/2", ["http://a.org/1", "http://b.org/2"]),
        ('"http://a.org/1,http://b.org/2"', ["http://a.org/1", "http://b.org/2"]),
        ("http://a.org/1+https://b.org/2", ["http://a.org/1", "https://b.org/2"]),
        ('"http://a.org/x,y?q=a+b"', ["http://a.org/x,y?q=a+b"]),  # commas and + inside one URL
        ('"12,13"', ["12", "13"]),
        ("12+13", ["12", "13"]),
        ('"[1, 2]"', ["1", "2"]),  # not a list of strings: split as text instead
        ("\"[__import__('os').system('false')]\"", ["__import__('os').system('false')"]),  # never run
    ],
)
def test_url_cells(tmp_path: Path, cell: str, expected: list[str]) -> None:
    path = write(tmp_path, f"user_id,id,timestamp,urls\n1,1,1600000000,{cell}\n")
    (post,) = read(path)
    assert isinstance(post, Post)
    assert post.urls == expected


def test_huge_list_literal_is_not_evaluated(tmp_path: Path) -> None:
    cell = "[" + ", ".join(f"'t{i}'" for i in range(20_000)) + "]"
    path = write(tmp_path, f'user_id,id,timestamp,hashtags\n1,1,1600000000,"{cell}"\n')
    (post,) = read(path)
    assert isinstance(post, Post)
    assert len(post.hashtags) == 1000  # split as text and bounded, not literal_eval'd
    assert post.hashtags[0] == "t0"


def test_hashtag_cells_and_text_extraction(tmp_path: Path) -> None:
    path = write(
        tmp_path, "user_id,id,timestamp,hashtags,text\n1,1,1600000000,#Mir|#Frieden,see https://x.org/a\n"
    )
    (post,) = read(path)
    assert isinstance(post, Post)
    assert post.hashtags == ["mir", "frieden"]
    assert post.urls == ["https://x.org/a"]  # no url column: taken from the text


# --- bad rows ---------------------------------------------------------------------------------


def test_bad_rows_are_rejected_and_the_rest_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "user_id,id,timestamp,text\n"
        "1,1,1600000000,ok\n"
        "1,2,not a time,x\n"
        "1,3,2021-05-01,x\n"
        "1,1,1600000001,again\n"
        ",4,1600000000,x\n"
        "1,5,1600000000\n"
        "1,6,99999999999,x\n"
        "\n"
        "1,7,2021-05-01T10:00Z,last\n",
    )
    records = read(path)
    assert [p.post_id for p in posts(records)] == ["1", "7"]
    assert [(r.source_record, r.reason) for r in rejected(records)] == [
        ("line 3", "no parsable timestamp ('not a time')"),
        ("line 4", "timestamp '2021-05-01' gives only the day, not the time"),
        ("line 5", "duplicate post id"),
        ("line 6", "no account"),
        ("line 7", "3 fields, the header has 4"),
        ("line 8", "timestamp '99999999999' out of range"),
    ]


def test_sniff(shared_data: Path, tmp_path: Path) -> None:
    for name in (
        "qut_toolkit/sample_data.csv",
        "qut_toolkit/coretweet_test_input.csv",
        "coortweet/german_elections.csv",
    ):
        path = shared_data / "coordination" / name
        assert FORMAT.sniff(path, path.read_bytes()[:65536]), name
    gdelt = shared_data / "gdelt" / "mentionssamp.csv"
    assert not FORMAT.sniff(gdelt, gdelt.read_bytes()[:65536])
    assert not FORMAT.sniff(tmp_path / "a.csv", b"author,date,title,text\nA,2024-01-01,T,x\n")
    assert not FORMAT.sniff(tmp_path / "a.csv", b"\x00\xff\xfe")


# --- hostile input ----------------------------------------------------------------------------


def test_huge_text_field_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write('user_id,id,timestamp,text\n1,1,1600000000,"')
        fh.write("x" * (50 * 1024 * 1024))
        fh.write('"\n1,2,1600000001,small\n')
    records = read(path)
    assert [len(p.text) for p in posts(records)] == [MAX_FIELD_CHARS, 5]


def test_empty_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty file"):
        read(write(tmp_path, "  \n"))
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"user_id,id,timestamp\n\x00\x01\x02")
    with pytest.raises(InputError, match="binary"):
        read(binary)


MIXED = (
    "message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n"
    "1,4,Пётр,,,Переговоры продолжатся #мир,2021-05-01T10:00:00+03:00,\"['http://example.com/2']\"\n"
    '2,5,王伟,1,,谈判将继续 https://example.cn/a,1606451170.5,"http://a.org/1|http://b.org/2"\n'
).encode()


@HOSTILE
@given(data=st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    assert_records_or_input_error(FORMAT, "x.csv", data, (Post, Rejected))


@HOSTILE
@given(data=damaged(MIXED))
def test_mutated_multilingual_csv(data: bytes) -> None:
    assert_records_or_input_error(FORMAT, "posts.csv", data, (Post, Rejected))


@pytest.fixture(scope="module")
def real_heads(shared_data: Path) -> list[bytes]:
    root = shared_data / "coordination"
    return [
        (root / "qut_toolkit" / "sample_data.csv").read_bytes(),
        (root / "qut_toolkit" / "coretweet_test_input.csv").read_bytes(),
        (root / "coortweet" / "russian_coord_tweets.csv").read_bytes()[:8000],
        (root / "coortweet" / "german_elections.csv").read_bytes()[:8000],
    ]


@HOSTILE
@given(data=st.data())
def test_mutated_real_files(real_heads: list[bytes], data: st.DataObject) -> None:
    broken = data.draw(damaged(*real_heads))
    assert_records_or_input_error(FORMAT, "posts.csv", broken, (Post, Rejected))
