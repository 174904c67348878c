"""Attributions: who a sentence quotes or credits as its source, and who that is in the catalogue.

Two pure steps, used by the citations analysis and by its accuracy evaluation:

1. `extract_attributions(text)` finds attribution cues and the source phrase each one names —
   English ("according to X", "X said/told/reported", "citing X", "X-reported"), Russian
   ("по данным X", "как сообщает X", "передает X", "заявил(а) X", "со ссылкой на X", and the
   subject-first order "X заявил"), Chinese ("据X报道", "X称", "X表示", "X援引", "X报道称").
   Cues are script-specific, so every sentence is tried with all three languages' cues: a
   Russian post quoting an English headline is handled. Russian verbs are listed in their
   inflected forms (заявил/заявила/заявили/заявляет ...) rather than lemmatised: the cue
   position matters and the inflection set is small and closed.
2. `SourceResolver.resolve(source)` maps a source phrase to a catalogue outlet or actor through
   every alias, in any language, inside the phrase — so a title ("Russian Foreign Ministry
   spokeswoman Maria Zakharova", "俄外交部发言人扎哈罗娃") resolves to the person it names.
   When several entries are named, a person beats an outlet, an outlet beats an organisation,
   an organisation beats a state (the person is who spoke; "Northwire, Northland's agency" is
   the agency), and a longer alias beats a shorter one. Russian aliases match inflected forms
   (Захарова → Захаровой, Россия → России) by allowing an inflectional ending after the stem.
   Three general rules then cover what no alias can:
   - a *bare* foreign or defence ministry ("外交部", "the Foreign Ministry", "МИД", "Минобороны") is
     the ministry of the publishing outlet's country (`outlet_country`), when the catalogue holds
     exactly one such ministry of that country. In English the sentence must name no other state
     (English copy says "the foreign ministry" for any country once the story has named it); in
     Chinese and Russian copy foreign ministries always carry their country (俄外交部, МИД Украины),
     so the bare form is the home ministry. Risk: a Chinese-language service of a foreign outlet
     (BBC 中文) uses bare 外交部 for China's ministry; it stays unresolved unless the catalogue holds a
     ministry of the outlet's own country under that name.
   - a capital standing alone as the source ("Moscow said", "Пекин заявил", "华盛顿称") is its
     state's government; inside a longer phrase it is a place ("the Moscow mayor", "华盛顿邮报").
   - a demonym before a state body ("the Chinese embassy", "Ukrainian Air Force", "российская
     сторона", "американские военные") is the state.
   A Chinese phrase that names a state but ends like a media outlet (美国有线电视新闻网, …电视台)
   is that outlet, not the state: it is left unresolved rather than credited to the state.

Unresolved phrases are returned as they are, never dropped: the catalogue is never complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from lockstep.text.normalise import match_key

#: Longest source phrase kept (characters); longer "phrases" are clause soup, not a name.
MAX_SOURCE_CHARS = 90
MAX_SOURCE_WORDS = 9
#: Sentences longer than this are cut: bounds the regex work on hostile input.
MAX_SENTENCE_CHARS = 2000


@dataclass(frozen=True)
class Attribution:
    source: str  # the source phrase as written
    cue: str  # which cue found it (e.g. "en:according-to")
    language: str  # the cue's language
    sentence: str
    start: int  # offset of the source phrase in the sentence
    end: int


@dataclass(frozen=True)
class Resolution:
    kind: str  # "outlet" or the actor kind (person, organisation, state)
    id: str
    name: str
    country: str | None
    state_affiliated: bool | None
    alias: str  # the alias found in the source phrase


@dataclass(frozen=True)
class CatalogueEntry:
    kind: str  # outlet, person, organisation, state
    id: str
    name: str
    country: str | None
    state_affiliated: bool | None
    aliases: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Sentences

_SENTENCE_END = regex.compile(r"(?<=[.!?…])\s+(?=[\"«“„(\[]?[\p{Lu}\p{Han}\d])|(?<=[。！？])|\n+")


def split_sentences(text: str) -> list[str]:
    """Sentences of `text` (a light splitter: full stops followed by a capital, Chinese stops,
    line breaks). Abbreviations like "U.S. officials" may split a sentence; the cues are local,
    so that costs little."""
    return [s.strip()[:MAX_SENTENCE_CHARS] for s in _SENTENCE_END.split(text) if s and s.strip()]


# --------------------------------------------------------------------------------------------
# Cues

_PRONOUNS = frozenset(
    {
        "he", "she", "they", "it", "we", "i", "you", "who", "as", "which", "that", "this", "officials", "sources",
        "он", "она", "они", "мы", "я", "вы", "это", "кто", "который", "которая", "которые", "тот", "та",
        "нам", "мне", "ему", "ей", "им", "ним", "нему", "ней", "как", "об этом", "этом", "также", "ранее", "кроме того", "при этом", "напомним", "сегодня", "вчера",
        "他", "她", "他们", "她们", "其", "该", "我", "我们", "你", "对方", "有人", "这", "此",
    }
)  # fmt: skip

# English ---------------------------------------------------------------------------------------
_EN_NP = r"(?:[\p{Lu}\d][\p{L}\p{M}\d'’.&-]*|of|the|for|and|de|al|on|in)"
_EN_NAME = rf"(?:(?:the\s+)?[\p{{Lu}}\d][\p{{L}}\p{{M}}\d'’.&-]*(?:\s+{_EN_NP}){{0,8}})"
_EN_HEAD = (
    r"(?:(?:[\p{Lu}][\p{L}'’.-]*\s+){0,6}"
    r"(?:[\p{Ll}][\p{L}'’-]*\s+){0,4}?"
    r"(?:[\p{Lu}][\p{L}\p{M}'’.-]*)(?:\s+[\p{Lu}][\p{L}\p{M}'’.-]*){0,4})"
)
#: Head nouns that make a lower-case phrase after "according to" a source ("according to the
#: ministry") rather than a standard ("according to the law", "according to its needs").
_EN_SOURCE_NOUN = (
    r"(?:reports?|data|figures|statements?|sources?|officials?|military|ministry|service|media|police|"
    r"authorities|estimates?|information|survey|poll|agency|office|commission|experts?|analysts?|"
    r"intelligence|government|spokesm[ae]n|spokeswom[ae]n|spokesperson|witnesses|residents|prosecutors?|"
    r"investigators?|army|forces|command|newspaper|outlet|channel|website|broadcaster)"
)
_EN_VERBS = r"(?:said|says|told|reported|reports|stated|claimed|claims|announced|added|noted|wrote|tweeted)"
_EN_CUES: list[tuple[str, regex.Pattern[str], str]] = [
    ("en:according-to", regex.compile(rf"\b[Aa]ccording to\s+(?P<src>{_EN_NAME}|(?:the\s+|an?\s+)?(?:[\p{{Ll}}][\p{{L}}'’-]*\s+){{0,4}}{_EN_SOURCE_NOUN})(?=\s*[,.;:!?)]|\s+(?:on|in|which|who|that|the)\b|$)", regex.V1), "after"),
    ("en:citing", regex.compile(rf"\b[Cc]it(?:ing|ed)\s+(?P<src>{_EN_NAME}|(?:an?\s+|the\s+)?[\p{{Ll}}][\p{{L}}\s'’-]{{2,50}}?)(?=\s*[,.;:!?)]|\s+(?:as|on|in|which|who|that|saying)\b|$)", regex.V1), "after"),
    ("en:x-reported", regex.compile(r"\b(?P<src>[\p{Lu}][\p{L}\p{M}.&]+(?:\s+[\p{Lu}][\p{L}\p{M}.&]+){0,2})-reported\b", regex.V1), "before"),
    ("en:x-said", regex.compile(rf"(?:^|[,;:—–(“\"]\s*|\b(?:and|but|as|while|when)\s+)(?P<src>{_EN_HEAD}|[Tt]he\s+[\p{{Ll}}\p{{Lu}}][\p{{L}}'’-]*(?:\s+[\p{{Ll}}\p{{Lu}}][\p{{L}}'’-]*){{0,4}})\s+(?:has\s+|had\s+|have\s+)?{_EN_VERBS}\b", regex.V1), "before"),
    ("en:said-x", regex.compile(rf"[,”\"]\s*(?:{_EN_VERBS})\s+(?P<src>{_EN_NAME})\s*(?:[.,;]|$)", regex.V1), "after"),
]  # fmt: skip

# Russian ---------------------------------------------------------------------------------------
_RU_VERB = (
    r"(?:заяв(?:ил|ила|или|ляет|ляют|ило)|сообщ(?:ил|ила|или|ает|ают|ило|ало|али)|"
    r"переда(?:[её]т|ют)|пиш(?:ет|ут)|написал(?:а|и)?|сказал(?:а|и)?|отметил(?:а|и)?|"
    r"подчеркнул(?:а|и)?|рассказал(?:а|и)?|добавил(?:а|и)?|заверил(?:а|и)?|уточнил(?:а|и)?|"
    r"утверждает|утверждают|указал(?:а|и)?)"
)
_RU_WORD = r"[\p{Cyrillic}\p{Lu}\d][\p{Cyrillic}\p{L}\d.-]*"
_RU_QUOTED = r"«[^»]{1,60}»"
_RU_NP = rf"(?:{_RU_QUOTED}|{_RU_WORD})(?:\s+(?:{_RU_QUOTED}|{_RU_WORD})){{0,7}}"
_RU_STOP = rf"(?=\s*(?:[,.;:!?)—–\"»]|\s-\s|$)|\s+(?:что|о|об|в|на|со|с|после|по|для|из)\s|\s+{_RU_VERB}\b)"
_RU_CUES: list[tuple[str, regex.Pattern[str], str]] = [
    ("ru:po-dannym", regex.compile(rf"(?i:по\s+(?:данным|информации|словам|сведениям|оценкам|оценке|мнению))\s+(?P<src>{_RU_NP}?){_RU_STOP}", regex.V1), "after"),
    ("ru:so-ssylkoy", regex.compile(rf"(?i:со\s+ссылкой\s+на)\s+(?P<src>{_RU_NP}?){_RU_STOP}", regex.V1), "after"),
    ("ru:kak-soobshchaet", regex.compile(rf"(?i:как\s+(?:сообщ(?:ает|ил|ила|или|ают|ило)|переда[её]т|пиш(?:ет|ут)|заявил(?:а|и)?|рассказал(?:а|и)?|отметил(?:а|и)?|уточнил(?:а|и)?))\s+(?P<src>{_RU_NP}?){_RU_STOP}", regex.V1), "after"),
    ("ru:verb-x", regex.compile(rf"(?:[,—–:«\"»]\s*|^|\b(?:[Оо]б\s+этом|[Эо]то(?:м)?)\s+)(?:[Оо]б\s+этом\s+)?(?:также\s+|ранее\s+|в\s+\w+\s+)?{_RU_VERB}(?:\s+(?:журналистам|изданию|агентству|телеканалу|корреспонденту|в\s+интервью)\S*)*\s+(?P<src>{_RU_NP}?){_RU_STOP}", regex.V1), "after"),
    ("ru:x-verb", regex.compile(rf"(?:^|[,;:—–(«\"]\s*|\b(?:а|но|и)\s+)(?P<src>(?:[\p{{Lu}}«][\p{{Cyrillic}}\p{{L}}\d.«»-]*|[\p{{Ll}}][\p{{Cyrillic}}-]*)(?:\s+(?:{_RU_QUOTED}|{_RU_WORD})){{0,7}}?)\s+(?:в\s+\p{{Ll}}+\s+)?(?:также\s+|ранее\s+|уже\s+|официально\s+)?{_RU_VERB}\b", regex.V1), "before"),
]  # fmt: skip

# Chinese ---------------------------------------------------------------------------------------
_ZH_SEG = r"[^，。；：:“”\"「」、！？!?（）()《》\s]"
_ZH_CUES: list[tuple[str, regex.Pattern[str], str]] = [
    ("zh:ju-x-baodao", regex.compile(rf"据(?P<src>《[^》]{{1,30}}》|{_ZH_SEG}{{2,30}}?)(?:报道|消息|称|介绍|透露|报(?=[，,])|通报|公布|显示|披露|发布|官网|网站)", regex.V1), "after"),
    ("zh:x-yuanyin", regex.compile(rf"(?P<src>{_ZH_SEG}{{2,30}}?)援引", regex.V1), "before"),
    ("zh:x-baodao-cheng", regex.compile(rf"(?P<src>{_ZH_SEG}{{2,30}}?)(?:报道称|报道说|发文称|发表声明称|发表声明|在声明中称|在一份声明中称|消息称)", regex.V1), "before"),
    ("zh:x-biaoshi", regex.compile(rf"(?P<src>{_ZH_SEG}{{2,30}}?)(?:\d+日)?(?:表示|指出|说(?=[，,：:“])|强调|透露|宣布|证实|回应|告诉|坦言|重申)", regex.V1), "before"),
    ("zh:x-cheng", regex.compile(rf"(?P<src>{_ZH_SEG}{{2,30}}?)(?<![声宣堪号简名被俗统自据])称(?![为赞号作霸])", regex.V1), "before"),
]  # fmt: skip
#: Head-line style "外交部：…": kept only when the part before the colon ends like an institution
#: or names a catalogue entry (see `extract_attributions`).
_ZH_COLON = regex.compile(rf"^(?P<src>{_ZH_SEG}{{2,14}})[：:]", regex.V1)
_ZH_INSTITUTION = regex.compile(
    r"(?:发言人|外交部|国防部|部|社|局|委|院|馆|办|报|台|网|新闻|快讯|大使|总统|总理|主席|部长)$"
)
_ZH_LEADING = regex.compile(
    r"^(?:\d+[日月年]|当地时间\d*[日]?|本周[一二三四五六日]?|周[一二三四五六日]|同时|此外|另外|对此|而|但|并|还|也|则|随后|此前|目前|今天|昨天|昨日|今日)+"
)
_ZH_TRAILING = regex.compile(
    r"(?:\d+日|也|还|则|都|曾|已|又|再次|近日|日前|当天|当日|此前|随后|对此|同日|在|向|对|并|均|亦|更|一再|多次|公开|明确|正式|发文)+$"
)
#: Verbs and modals that show the "source" is a clause. Single characters that are also parts of
#: institution nouns are excluded in those nouns: 会 in 委员会/记者会/协会, 使 in 大使(馆)/特使,
#: 将 in 将军, 能 in 能源.
_ZH_VERBISH = regex.compile(
    r"(?:不能|没有|可以|应该|应当|是|将(?!军|领)|要(?!员)|(?<![委员协议学商工社事峰年例宴聚都者大理])会(?![长员])|"
    r"能(?!源)|被|让|(?<![大特公天])使(?![馆团节])|把|为了|认为|希望|表示)"
)
#: A topic or place preposition after the speaker ends the source: "林剑在例行记者会上表示" → 林剑,
#: "外交部发言人就…答记者问" → 外交部发言人.
_ZH_PREPOSITION = regex.compile(r"(?<=\p{Han}{2})(?:在|就)")

_CUES = _EN_CUES + _RU_CUES + _ZH_CUES
#: Cheap literal tests run before each language's cue patterns: most sentences name no source,
#: and the full patterns (with their backtracking) cost ten times more than these.
_TRIGGERS: dict[str, regex.Pattern[str]] = {
    "en": regex.compile(rf"(?i:according|citing|cited|-reported|-run|-owned|-backed|{_EN_VERBS})"),
    "ru": regex.compile(
        r"(?i:по\s+(?:данным|информации|словам|сведениям|оценк|мнению)|ссылкой|сообщ|переда|пиш|написал|заяв|"
        r"сказал|отметил|подчеркнул|рассказал|добавил|заверил|уточнил|объявил|утвержда|признал|указал)"
    ),
    "zh": regex.compile(
        r"据|援引|报道|称|表示|指出|说|强调|透露|宣布|证实|回应|告诉|坦言|重申|消息|声明|[：:]"
    ),
}

_EN_LEADING = regex.compile(
    r"^(?:(?:[Tt]he|[Aa]n?|[Bb]ut|[Aa]nd|[Aa]lso|[Mm]eanwhile|[Ee]arlier|[Ll]ater|[Hh]owever|[Oo]n\s+\w+day|[Ii]n\s+a\s+statement|[Ll]ast\s+\w+|[Tt]his\s+\w+|[Yy]esterday|[Tt]oday)\s+)+"
)
_EN_TRAILING = regex.compile(
    r"(?:\s+(?:itself|himself|herself|themselves|has|had|have|also|again|earlier|later|then|once))+$"
)
_RU_LEADING = regex.compile(
    r"^(?:(?:[Кк]ак|[Оо]б\s+этом|[Тт]акже|[Вв]чера|[Сс]егодня|[Рр]анее|[Пп]озднее|[Нн]апомним|[Кк]роме\s+того|[Пп]ри\s+этом|[Тт]ем\s+временем|[Аа]|[Ии]|[Нн]о|[Вв]о?)\s+)+"
)


def extract_attributions(text: str) -> list[Attribution]:
    """Every attribution in `text`, sentence by sentence, in order; one per source phrase."""
    found: list[Attribution] = []
    for sentence in split_sentences(text):
        found.extend(sentence_attributions(sentence))
    return found


def sentence_attributions(sentence: str) -> list[Attribution]:
    """Attributions of one sentence. Overlapping finds keep the first (cues are ordered from
    the most to the least specific)."""
    taken: list[tuple[int, int]] = []
    found: list[Attribution] = []
    active = {language for language, trigger in _TRIGGERS.items() if trigger.search(sentence)}
    for cue, pattern, _side in _CUES:
        if cue[:2] not in active:
            continue
        for match in pattern.finditer(sentence):
            start, end = match.span("src")
            source, start, end = _clean(sentence, start, end, cue)
            if not source or any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            found.append(Attribution(source, cue, cue[:2], sentence, start, end))
    match = _ZH_COLON.match(sentence) if "zh" in active else None
    if match and _ZH_INSTITUTION.search(match.group("src")):
        colon_start, colon_end = match.span("src")
        source, start, end = _clean(sentence, colon_start, colon_end, "zh:colon")
        if source and not any(start < b and a < end for a, b in taken):
            found.append(Attribution(source, "zh:colon", "zh", sentence, start, end))
    found.sort(key=lambda a: a.start)
    return found


def _clean(sentence: str, start: int, end: int, cue: str) -> tuple[str, int, int]:
    """Trim connective words and punctuation off a source phrase; '' if what is left is not a
    plausible source (a pronoun, too long, no letter)."""
    phrase = sentence[start:end]
    for leading in (_EN_LEADING, _RU_LEADING, _ZH_LEADING):
        cut = leading.match(phrase)
        if cut and cut.end() < len(phrase):
            phrase, start = phrase[cut.end() :], start + cut.end()
    if cue.startswith("zh"):
        cut = _ZH_PREPOSITION.search(phrase)
        if cut:
            phrase = phrase[: cut.start()]
        trail = _ZH_TRAILING.search(phrase)
        if trail:  # a phrase that is all adverbs ("此前公开") names nobody
            phrase = phrase[: trail.start()]
        if _ZH_VERBISH.search(phrase):
            return "", start, start
    if cue.startswith("en"):
        phrase = _EN_TRAILING.sub("", phrase)
    stripped = phrase.strip(" \t,.;:—–-\"'“”«»()[]")
    start += phrase.find(stripped) if stripped else 0
    phrase = stripped
    words = phrase.split()
    if (
        not phrase
        or not regex.search(r"\p{L}", phrase)
        or len(phrase) > MAX_SOURCE_CHARS
        or len(words) > MAX_SOURCE_WORDS
        or match_key(phrase) in _PRONOUNS
        or (cue.startswith("zh") and (len(phrase) < 2 or phrase[0] in "这那该此其它他她"))
    ):
        return "", start, start
    return phrase, start, start + len(phrase)


# --------------------------------------------------------------------------------------------
# Resolution

_KIND_RANK = {"person": 0, "outlet": 1, "organisation": 2, "state": 3}
_HAN = regex.compile(r"\p{Han}")
_CYRILLIC_ENDING = regex.compile(r"[аяоеыиуюйь]{1,2}$")


#: Capitals that news copy uses for their government; they resolve only as the whole source phrase.
_CAPITALS = {
    "moscow": "RUS", "москва": "RUS", "莫斯科": "RUS",
    "beijing": "CHN", "пекин": "CHN", "北京": "CHN",
    "washington": "USA", "вашингтон": "USA", "华盛顿": "USA",
    "kyiv": "UKR", "kiev": "UKR", "киев": "UKR", "київ": "UKR", "基辅": "UKR",
    "minsk": "BLR", "минск": "BLR", "明斯克": "BLR",
}  # fmt: skip
#: Demonym + a body that acts for the state (match-keyed phrase); group `d` is the demonym.
_DEMONYM_STATE = {
    "russian": "RUS", "chinese": "CHN", "american": "USA", "us": "USA", "u.s.": "USA", "ukrainian": "UKR",
    "belarusian": "BLR", "российск": "RUS", "китайск": "CHN", "американск": "USA", "украинск": "UKR",
    "белорусск": "BLR",
}  # fmt: skip
_DEMONYM_BODY = regex.compile(
    r"^(?:the\s+)?(?P<d>russian|chinese|american|us|u\.s\.|ukrainian|belarusian)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:side|government|authorities|military|army|armed\s+forces|forces|troops|air\s+force|navy|embassy|"
    r"consulate|diplomats?|officials?|leadership|delegation)$"
    r"|^(?P<d>российск|китайск|американск|украинск|белорусск)\p{Cyrillic}*\s+(?:\p{Cyrillic}+\s+){0,2}?"
    r"(?:сторон|правительств|власт|военн|арми|посольств|консульств|дипломат|делегаци|руководств)\p{Cyrillic}*$",
    regex.V1,
)
#: A bare foreign or defence ministry (match-keyed, role words removed): no country named.
_BARE_MINISTRY = regex.compile(
    r"^(?:(?:the\s+)?(?:(?:foreign|defen[cs]e)\s+ministry|ministry\s+of\s+(?:foreign\s+affairs|(?:national\s+)?defen[cs]e)|"
    r"mfa|defen[cs]e\s+department)|мид|минобороны|министерств\p{Cyrillic}*\s+(?:иностранных\s+дел|обороны)|"
    r"外交部|国防部)$",
    regex.V1,
)
_ROLE_WORDS = regex.compile(
    r"(?:\s+(?:spokes(?:person|man|woman)|press\s+(?:service|office|secretary)|officials?)|新闻发言人|发言人|官员)$"
    r"|^(?:официальн\p{Cyrillic}+\s+представител\p{Cyrillic}*|пресс-служб\p{Cyrillic}*|представител\p{Cyrillic}*)\s+",
    regex.V1,
)
#: How a Chinese outlet's name ends: a phrase naming a state and ending so is a medium, not the state.
_ZH_MEDIA_END = regex.compile(r"(?:电视台|电台|新闻网|网|报|社|之音|杂志|频道)$")


class SourceResolver:
    """Finds catalogue entries named inside source phrases (see the module docstring)."""

    def __init__(self, entries: Iterable[CatalogueEntry]) -> None:
        self.entries = list(entries)
        self._states = {e.id: e for e in self.entries if e.kind == "state"}
        self._ministries = [e for e in self.entries if e.kind == "organisation" and e.country]
        self._cache: dict[str, Resolution | None] = {}
        self._lookup: dict[str, tuple[CatalogueEntry, str]] = {}
        for entry in self.entries:
            for alias in {entry.name, *entry.aliases}:
                key = match_key(alias).strip()
                if len(key) < 2 or (key in self._lookup and _better(self._lookup[key][0], entry)):
                    continue
                self._lookup[key] = (entry, alias)
        self._aliases = [
            (_needle(key), regex.compile(_alias_pattern(key), regex.V1), key) for key in sorted(self._lookup)
        ]

    def resolve(
        self, source: str, outlet_country: str | None = None, sentence: str = ""
    ) -> Resolution | None:
        """The catalogue entry the phrase names, or None. `outlet_country` (the publishing outlet's)
        and `sentence` let a bare ministry resolve to the home one (module docstring)."""
        if outlet_country:
            home = self._home_ministry(source, outlet_country, sentence)
            if home is not None:
                return home
        if source not in self._cache:
            self._cache[source] = self._by_name(source)
        return self._cache[source]

    def _home_ministry(self, source: str, country: str, sentence: str) -> Resolution | None:
        core = _ROLE_WORDS.sub("", match_key(source).strip())
        if not _BARE_MINISTRY.match(core):
            return None
        core = regex.sub(r"^the\s+", "", core)
        if (
            not _HAN.search(core)
            and not regex.search(r"\p{Cyrillic}", core)
            and self._names_other_state(sentence, country)
        ):
            return None
        pattern = regex.compile(_alias_pattern(core), regex.V1)
        found = {
            entry.id: entry
            for entry in self._ministries
            if entry.country == country
            and any(
                match_key(a) != core and pattern.search(match_key(a)) for a in (entry.name, *entry.aliases)
            )
        }
        if len(found) != 1:
            return None
        (entry,) = found.values()
        return Resolution(entry.kind, entry.id, entry.name, entry.country, entry.state_affiliated, source)

    def _names_other_state(self, sentence: str, country: str) -> bool:
        key = match_key(sentence)
        return any(
            needle in key and pattern.search(key)
            for needle, pattern, alias_key in self._aliases
            if self._lookup[alias_key][0].kind == "state" and self._lookup[alias_key][0].country != country
        )

    def _state(self, code: str, alias: str) -> Resolution | None:
        entry = self._states.get(code)
        if entry is None:
            return None
        return Resolution(entry.kind, entry.id, entry.name, entry.country, entry.state_affiliated, alias)

    def _by_name(self, source: str) -> Resolution | None:
        key = match_key(source).strip()
        capital = _CAPITALS.get(regex.sub(r"^the\s+", "", key))
        if capital:
            return self._state(capital, source)
        found = self._by_alias(key)
        if found is None or found.kind == "state":
            demonym = _DEMONYM_BODY.match(key)
            if demonym:
                return self._state(_DEMONYM_STATE[demonym.group("d")], source) or found
        if found is not None and found.kind == "state" and _HAN.search(key) and _ZH_MEDIA_END.search(key):
            return None
        return found

    def _by_alias(self, key: str) -> Resolution | None:
        best: tuple[tuple[int, int], CatalogueEntry, str] | None = None
        for needle, pattern, alias_key in self._aliases:
            if needle not in key or not pattern.search(key):
                continue
            entry, alias = self._lookup[alias_key]
            rank = (_KIND_RANK.get(entry.kind, 4), -len(alias_key))
            if best is None or rank < best[0]:
                best = (rank, entry, alias)
        if best is None:
            return None
        entry, alias = best[1], best[2]
        return Resolution(entry.kind, entry.id, entry.name, entry.country, entry.state_affiliated, alias)


def _better(current: CatalogueEntry, other: CatalogueEntry) -> bool:
    """Whether `current` should keep an alias both entries claim (outlets keep their names)."""
    return _KIND_RANK.get(current.kind, 4) <= _KIND_RANK.get(other.kind, 4)


def _needle(key: str) -> str:
    """A substring every match of the alias contains (its first word's stem), for a fast pre-test."""
    first = key.split()[0]
    if regex.search(r"\p{Cyrillic}", first) and len(first) >= 5:
        return _CYRILLIC_ENDING.sub("", first)
    return first


def _alias_pattern(key: str) -> str:
    """A regular expression for an alias inside a match-keyed phrase: Chinese as a substring;
    Latin and Cyrillic on word boundaries, Cyrillic words with an inflectional ending."""
    if _HAN.search(key):
        return regex.escape(key)
    words = []
    for word in key.split():
        if regex.search(r"\p{Cyrillic}", word) and len(word) >= 4:
            stem = _CYRILLIC_ENDING.sub("", word) if len(word) >= 5 else word
            words.append(regex.escape(stem) + r"\p{Cyrillic}{0,3}")
        else:
            words.append(regex.escape(word) + r"(?:'s|’s)?")
    return r"(?<![\p{L}\p{N}])" + r"\s+".join(words) + r"(?![\p{L}\p{N}])"
