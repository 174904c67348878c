"""Generate the SYNTHETIC demo corpus bundled with lockstep (`src/lockstep/demo_data/`).

Everything this script writes is invented: the outlets, states, people, places and every
sentence are fictional and written for the demo. The states use ISO 3166 user-assigned
codes (XNL Northland, XEM Eastmark, XWR Westria, XBL Borderland) and every domain uses the
reserved `.example` TLD, so nothing can be mistaken for a real outlet or a real article.

Design
------
* Deterministic: a single `random.Random(2026)` drives every choice, so running the script
  twice gives byte-identical files (the README's figures stay true until templates change).
* Texts are assembled from short sentence templates per language (en, ru, zh) with slots
  (`{city}`, `{n}`, ...). A story is a title plus a lead, a few body sentences, an optional
  sourcing sentence and an optional "attention" sentence, trimmed to the length bounds.
* Planted patterns (see the README table for the measured counts):
  - FRAMING: Northland outlets say "special military operation" (ru in several inflections,
    "СВО", "спецоперация"; zh 特别军事行动) and never "invasion"; Eastmark outlets say
    "crisis"/"conflict" before the 2026-03-15 summit and, with a rising probability, the
    Northland term after it; Westria Wire and Free North say "invasion"/"war".
  - SOURCING: Eastmark outlets cite Northwire and spokeswoman Vera Sokolova; Northland
    outlets cite their own officials; Westria Wire cites Borderland officials and its own
    reporters and Northwire only with a caveat.
  - TIMING: the 2026-02-10 Riverton strike, the 2026-03-15 Volkov-Chen summit and the
    2026-04-20 "biolabs" claim, each published by each outlet on a fixed schedule.
  - ATTENTION: after the summit Eastmark stories mention Volkov far more often.
  - NEAR-DUPLICATES: a few Eastmark Daily English stories reword Northwire English ones.
  - FILLER: roughly half of every outlet's stories are routine (economy, weather, sport,
    culture, science).
  - Messy-but-valid inputs: an offset timestamp, a day-precision date, an HTML entity in a
    title, a URL with utm parameters, hashtags in texts.
* Social posts: a coordinated cluster of 7 accounts sharing the same Northwire links and
  hashtags within seconds of each other, against an organic crowd sharing links hours apart.

Run: `.venv/bin/python scripts/make_demo_corpus.py`
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "lockstep" / "demo_data"
RNG = random.Random(2026)

START = date(2026, 1, 5)
END = date(2026, 6, 30)
RIVERTON = date(2026, 2, 10)
SUMMIT = date(2026, 3, 15)
BIOLABS = date(2026, 4, 20)

# --------------------------------------------------------------------------------------
# Catalogues
# --------------------------------------------------------------------------------------

OUTLETS: list[dict[str, Any]] = [
    {
        "id": "northwire",
        "name": "Northwire",
        "country": "XNL",
        "state_affiliated": True,
        "kind": "state news agency",
        "domains": ["northwire.example"],
        "languages": ["ru", "en"],
        "aliases": {"en": ["Northwire"], "ru": ["Нордвайр"], "zh": ["诺德通讯社"]},
    },
    {
        "id": "northland-today",
        "name": "Northland Today",
        "country": "XNL",
        "state_affiliated": True,
        "kind": "state television",
        "domains": ["northland-today.example"],
        "languages": ["ru"],
        "aliases": {"en": ["Northland Today"], "ru": ["Нортленд Сегодня"], "zh": ["北国今日"]},
    },
    {
        "id": "eastmark-daily",
        "name": "Eastmark Daily",
        "country": "XEM",
        "state_affiliated": True,
        "kind": "state newspaper",
        "domains": ["eastmark-daily.example"],
        "languages": ["zh", "en"],
        "aliases": {"en": ["Eastmark Daily"], "ru": ["Истмарк Дейли"], "zh": ["东马日报"]},
    },
    {
        "id": "eastmark-news-agency",
        "name": "Eastmark News Agency",
        "country": "XEM",
        "state_affiliated": True,
        "kind": "state news agency",
        "domains": ["ena.example"],
        "languages": ["zh", "en"],
        "aliases": {"en": ["Eastmark News Agency", "ENA"], "ru": ["агентство Истмарк"], "zh": ["东马通讯社"]},
    },
    {
        "id": "eastmark-global-tv",
        "name": "Eastmark Global TV",
        "country": "XEM",
        "state_affiliated": True,
        "kind": "state television",
        "domains": ["emgtv.example"],
        "languages": ["zh", "en"],
        "aliases": {"en": ["Eastmark Global TV", "EMGTV"], "ru": [], "zh": ["东马环球电视台"]},
    },
    {
        "id": "westria-wire",
        "name": "Westria Wire",
        "country": "XWR",
        "state_affiliated": False,
        "kind": "independent news agency",
        "domains": ["westria-wire.example"],
        "languages": ["en"],
        "aliases": {"en": ["Westria Wire"], "ru": ["Вестрия Вайр"], "zh": ["韦斯特里亚通讯社"]},
    },
    {
        "id": "free-north",
        "name": "Free North",
        "country": "XNL",
        "state_affiliated": False,
        "kind": "exiled independent outlet",
        "domains": ["free-north.example"],
        "languages": ["ru"],
        "aliases": {"en": ["Free North"], "ru": ["Свободный Север"], "zh": ["自由北方"]},
    },
    {
        "id": "daily-roundup",
        "name": "Daily Roundup",
        "country": "XWR",
        "state_affiliated": False,
        "kind": "news aggregator",
        "domains": ["roundup.example"],
        "languages": ["en"],
        "aliases": {"en": ["Daily Roundup"], "ru": [], "zh": []},
    },
]
DOMAIN = {o["name"]: o["domains"][0] for o in OUTLETS}

ACTORS: list[dict[str, Any]] = [
    {"id": "XNL", "kind": "state", "name": "Northland", "country": "XNL", "role": "state",
     "aliases": {"en": ["Northland"], "ru": ["Нортленд"], "zh": ["北国"]}},
    {"id": "XEM", "kind": "state", "name": "Eastmark", "country": "XEM", "role": "state",
     "aliases": {"en": ["Eastmark"], "ru": ["Истмарк"], "zh": ["东马"]}},
    {"id": "XWR", "kind": "state", "name": "Westria", "country": "XWR", "role": "state",
     "aliases": {"en": ["Westria"], "ru": ["Вестрия"], "zh": ["韦斯特里亚"]}},
    {"id": "XBL", "kind": "state", "name": "Borderland", "country": "XBL", "role": "state",
     "aliases": {"en": ["Borderland"], "ru": ["Бордерленд"], "zh": ["边境兰"]}},
    {"id": "xnl-volkov", "kind": "person", "name": "Ivan Volkov", "country": "XNL",
     "role": "President of Northland",
     "aliases": {"en": ["Ivan Volkov", "Volkov"], "ru": ["Иван Волков", "Волков"], "zh": ["沃尔科夫"]}},
    {"id": "xnl-orlov", "kind": "person", "name": "Pavel Orlov", "country": "XNL",
     "role": "Foreign Minister of Northland",
     "aliases": {"en": ["Pavel Orlov", "Orlov"], "ru": ["Павел Орлов", "Орлов"], "zh": ["奥尔洛夫"]}},
    {"id": "xnl-sokolova", "kind": "person", "name": "Vera Sokolova", "country": "XNL",
     "role": "Spokeswoman of the Northland Foreign Ministry",
     "aliases": {"en": ["Vera Sokolova", "Sokolova"], "ru": ["Вера Соколова", "Соколова"], "zh": ["索科洛娃"]}},
    {"id": "xnl-mod", "kind": "organisation", "name": "Northland Defence Ministry", "country": "XNL",
     "role": "defence ministry",
     "aliases": {"en": ["Northland Defence Ministry", "Northland's Defence Ministry"],
                 "ru": ["Минобороны Нортленда", "Министерство обороны Нортленда"], "zh": ["北国国防部"]}},
    {"id": "xem-chen", "kind": "person", "name": "Chen Ming", "country": "XEM",
     "role": "President of Eastmark",
     "aliases": {"en": ["Chen Ming"], "ru": ["Чэнь Мин"], "zh": ["陈明"]}},
    {"id": "xem-li", "kind": "person", "name": "Li Hua", "country": "XEM",
     "role": "Spokesman of the Eastmark Foreign Ministry",
     "aliases": {"en": ["Li Hua"], "ru": ["Ли Хуа"], "zh": ["李华"]}},
    {"id": "xbl-marchenko", "kind": "person", "name": "Andriy Marchenko", "country": "XBL",
     "role": "President of Borderland",
     "aliases": {"en": ["Andriy Marchenko", "Marchenko"], "ru": ["Андрей Марченко", "Марченко"],
                 "zh": ["马尔琴科"]}},
]  # fmt: skip


def yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(yaml_scalar(v) for v in values) + "]"


def write_outlets() -> None:
    lines = [
        "# SYNTHETIC demo catalogue: fictional outlets",
        "# Generated by scripts/make_demo_corpus.py. Every outlet, state and domain here is invented;",
        "# X-codes are ISO 3166 user-assigned codes and .example is a reserved TLD.",
        "outlets:",
    ]
    for o in OUTLETS:
        lines += [
            f"  - id: {o['id']}",
            f"    name: {yaml_scalar(o['name'])}",
            f"    country: {o['country']}",
            f"    state_affiliated: {yaml_scalar(o['state_affiliated'])}",
            '    affiliation_source: "synthetic demo label"',
            f"    notes: {yaml_scalar('fictional ' + o['kind'])}",
            f"    domains: {yaml_list(o['domains'])}",
            f"    languages: {yaml_list(o['languages'])}",
            "    aliases:",
        ]
        lines += [f"      {lang}: {yaml_list(o['aliases'][lang])}" for lang in ("en", "ru", "zh")]
    (OUT / "outlets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_actors() -> None:
    lines = [
        "# SYNTHETIC demo catalogue: fictional states, people and organisations",
        "# Generated by scripts/make_demo_corpus.py. Nobody and nothing here is real.",
        "actors:",
    ]
    for a in ACTORS:
        lines += [
            f"  - id: {a['id']}",
            f"    kind: {a['kind']}",
            f"    name: {yaml_scalar(a['name'])}",
            f"    country: {a['country']}",
            f"    role: {yaml_scalar(a['role'])}",
            "    aliases:",
        ]
        lines += [f"      {lang}: {yaml_list(a['aliases'][lang])}" for lang in ("en", "ru", "zh")]
        lines.append('    source: "synthetic demo"')
    (OUT / "actors.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------
# Sentence templates (all written for this demo)
# --------------------------------------------------------------------------------------

# Fictional places: Northland, Eastmark, Westria, Borderland.
CITIES = {
    "XNL": {"en": ["Kaldgrad", "Vetrovo", "Ilmensk"], "ru": ["Калдград", "Ветрово", "Ильменск"],
            "zh": ["卡尔德格勒", "韦特罗沃", "伊尔缅斯克"]},
    "XEM": {"en": ["Mingcheng", "Langang", "Qiaoshan"], "ru": ["Минчэн", "Ланган", "Цяошань"],
            "zh": ["明城", "澜港", "桥山"]},
    "XWR": {"en": ["Port Ellery", "Westbridge", "Carrow"], "ru": ["Порт-Эллери", "Вестбридж", "Карроу"],
            "zh": ["埃勒里港", "西桥", "卡罗"]},
    "XBL": {"en": ["Halden", "Riverton", "Marsk"], "ru": ["Хальден", "Ривертон", "Марск"],
            "zh": ["哈尔登", "里弗顿", "马尔斯克"]},
}  # fmt: skip
COUNTRY = {
    "XNL": {"en": "Northland", "ru": "Нортленд", "zh": "北国"},
    "XEM": {"en": "Eastmark", "ru": "Истмарк", "zh": "东马"},
    "XWR": {"en": "Westria", "ru": "Вестрия", "zh": "韦斯特里亚"},
}
# Russian needs the genitive/locative of the country names in some slots.
COUNTRY_GEN_RU = {"XNL": "Нортленда", "XEM": "Истмарка", "XWR": "Вестрии"}

FILLER: dict[str, dict[str, list[str]]] = {
    "en": {
        "economy": [
            "{country}'s central bank kept its main rate at {pct} per cent on {weekday}.",
            "Exports of machinery from {city} rose by {pct} per cent compared with the same month last year.",
            "Analysts expect inflation to ease to about {pct} per cent by the end of the year.",
            "The finance ministry said the budget deficit narrowed thanks to higher tax receipts.",
            "Small businesses in {city} reported stronger demand for credit in the first quarter.",
            "A new rail freight terminal near {city} is due to open in {month}.",
            "Retail sales grew for the {nth} month in a row, the statistics office said.",
            "The currency was little changed against the basket of major currencies.",
        ],
        "weather": [
            "Forecasters warned of heavy {precip} in {city} and the surrounding region on {weekday}.",
            "Temperatures are expected to reach {temp} degrees by the weekend.",
            "Road authorities advised drivers to avoid mountain passes until the {precip} eases.",
            "The weather service said {month} had been warmer than the long-term average.",
            "Ferry services from {city} were suspended for several hours because of strong winds.",
            "Farmers welcomed the rain after a dry spell that lasted almost {n} weeks.",
            "Schools in two districts opened late because of icy pavements.",
        ],
        "sport": [
            "{team} beat {team2} {score} in front of a sell-out crowd in {city}.",
            "The national volleyball team qualified for the continental finals on {weekday}.",
            "A late goal from the captain sealed the title for {team} with {n} rounds to spare.",
            "The marathon in {city} drew more than {big} runners this year.",
            "The coach praised the young squad but warned that the season was far from over.",
            "Ticket sales for the cup final opened on {weekday} and sold out within hours.",
            "The federation announced a new youth programme funded by local sponsors.",
        ],
        "culture": [
            "The {city} film festival opened with a drama about a family of lighthouse keepers.",
            "A retrospective of landscape painting attracted {big} visitors in its first month.",
            "The national theatre announced a new season with {n} premieres.",
            "A restored organ was played in public for the first time in decades.",
            "Organisers said the book fair in {city} would focus on translated fiction.",
            "The folk ensemble will tour {n} cities this summer.",
            "Critics praised the young director's debut for its quiet humour.",
        ],
        "science": [
            "Researchers in {city} reported a more efficient way to store solar energy.",
            "The university launched a weather satellite built largely by students.",
            "A team of biologists counted {n} species of birds in the wetland reserve.",
            "Engineers tested a quieter tram design on the {city} network.",
            "The academy of sciences awarded its annual prize to a mathematician from {city}.",
            "A new telescope on the northern plateau recorded its first images.",
            "Doctors said a screening programme had cut waiting times by {pct} per cent.",
        ],
    },
    "ru": {
        "economy": [
            "Центральный банк {country_gen} в {weekday_ru} сохранил ключевую ставку на уровне {pct}%.",
            "Экспорт оборудования из города {city} вырос на {pct}% по сравнению с прошлым годом.",
            "Аналитики ожидают, что к концу года инфляция замедлится примерно до {pct}%.",
            "Министерство финансов сообщило о сокращении дефицита бюджета благодаря росту налоговых поступлений.",
            "Малый бизнес города {city} отмечает рост спроса на кредиты в первом квартале.",
            "Новый железнодорожный грузовой терминал под городом {city} откроется в ближайшие месяцы.",
            "Розничные продажи растут уже {n} месяцев подряд, сообщила служба статистики.",
            "Курс национальной валюты почти не изменился за неделю.",
        ],
        "weather": [
            "Синоптики предупредили о сильном {precip_ru} в городе {city} и окрестностях.",
            "К выходным температура воздуха поднимется до {temp} градусов.",
            "Дорожные службы просят водителей не выезжать на горные перевалы до улучшения погоды.",
            "По данным метеослужбы, прошедший месяц оказался теплее многолетней нормы.",
            "Паромное сообщение из города {city} было приостановлено на несколько часов из-за сильного ветра.",
            "Фермеры обрадовались дождям после засухи, которая длилась почти {n} недель.",
            "В двух районах занятия в школах начались позже из-за гололёда.",
        ],
        "sport": [
            "Команда «{team_ru}» обыграла «{team2_ru}» со счётом {score} на переполненном стадионе.",
            "Национальная сборная по волейболу вышла в финальную часть континентального первенства.",
            "Поздний гол капитана принёс команде «{team_ru}» чемпионский титул за {n} туров до финиша.",
            "В марафоне в городе {city} в этом году приняли участие более {big} бегунов.",
            "Тренер похвалил молодой состав, но напомнил, что сезон ещё далёк от завершения.",
            "Билеты на финал кубка были распроданы за несколько часов.",
            "Федерация объявила о новой программе для юных спортсменов.",
        ],
        "culture": [
            "Кинофестиваль в городе {city} открылся драмой о семье смотрителей маяка.",
            "Ретроспективу пейзажной живописи за первый месяц посетили {big} человек.",
            "Национальный театр объявил новый сезон, в котором будет {n} премьер.",
            "Отреставрированный орган впервые за десятилетия прозвучал для публики.",
            "Организаторы книжной ярмарки в городе {city} сделают акцент на переводной прозе.",
            "Летом фольклорный ансамбль выступит в {n} городах.",
            "Критики отметили дебют молодого режиссёра за его тихий юмор.",
        ],
        "science": [
            "Учёные из города {city} предложили более эффективный способ хранения солнечной энергии.",
            "Университет запустил метеорологический спутник, собранный в основном студентами.",
            "Биологи насчитали в заповеднике {n} видов птиц.",
            "Инженеры испытали более тихую модель трамвая на городских линиях.",
            "Академия наук присудила ежегодную премию математику из города {city}.",
            "Новый телескоп на северном плато получил первые снимки.",
            "Врачи сообщили, что программа скрининга сократила время ожидания на {pct}%.",
        ],
    },
    "zh": {
        "economy": [
            "{country}中央银行{weekday_zh}宣布将基准利率维持在{pct}%不变。",
            "{city}机械设备出口同比增长{pct}%。",
            "分析人士预计，年底前通胀率将回落至{pct}%左右。",
            "财政部门表示，由于税收增加，预算赤字有所收窄。",
            "{city}中小企业一季度信贷需求明显回升。",
            "{city}附近的一座铁路货运枢纽预计将于今年投入使用。",
            "统计部门称，社会消费品零售额已连续{n}个月增长。",
            "本周本币汇率基本保持稳定。",
        ],
        "weather": [
            "气象部门提醒，{city}及周边地区未来两天将出现强{precip_zh}天气。",
            "预计周末气温将升至{temp}摄氏度。",
            "交通部门建议司机在天气好转前避免前往山区道路。",
            "气象台表示，上个月平均气温高于常年同期。",
            "受大风影响，{city}部分轮渡航线暂停数小时。",
            "持续近{n}周的干旱结束后，农民对这场降雨表示欢迎。",
            "两个区的学校因道路结冰推迟上课。",
        ],
        "sport": [
            "{team_zh}队在{city}以{score}战胜{team2_zh}队，现场座无虚席。",
            "国家排球队成功晋级洲际锦标赛决赛阶段。",
            "队长在比赛末段打进一球，帮助{team_zh}队提前{n}轮夺冠。",
            "今年{city}马拉松吸引了超过{big}名跑者参赛。",
            "主教练称赞年轻阵容，但表示赛季远未结束。",
            "杯赛决赛门票开售后数小时内即告售罄。",
            "体育协会宣布启动一项新的青少年培养计划。",
        ],
        "culture": [
            "{city}电影节开幕，开幕影片讲述了一个灯塔看守人家庭的故事。",
            "一场风景画回顾展开展首月吸引了{big}名观众。",
            "国家剧院公布新演出季，将推出{n}部首演作品。",
            "一架修复后的管风琴数十年来首次公开演奏。",
            "主办方表示，{city}书展今年将重点展示翻译文学。",
            "民间艺术团今夏将赴{n}个城市巡演。",
            "评论界称赞这位青年导演的处女作幽默而含蓄。",
        ],
        "science": [
            "{city}的研究人员提出了一种更高效的太阳能储存方法。",
            "一所大学发射了一颗主要由学生研制的气象卫星。",
            "生物学家在湿地保护区记录到{n}种鸟类。",
            "工程师在{city}电车线路上测试了一种噪音更低的新型电车。",
            "科学院将年度奖项授予{city}的一位数学家。",
            "北部高原上的一台新望远镜拍摄了首批图像。",
            "医生表示，筛查项目使候诊时间缩短了{pct}%。",
        ],
    },
}

FILLER_TITLES: dict[str, dict[str, list[str]]] = {
    "en": {
        "economy": ["{country} central bank holds rates", "Exports from {city} climb", "Retail sales rise again",
                    "New freight terminal planned near {city}"],
        "weather": ["Heavy {precip} expected in {city}", "Warm spell forecast for the weekend",
                    "Ferries halted by strong winds"],
        "sport": ["{team} beat {team2} {score}", "{city} marathon breaks record", "Volleyball team reaches finals"],
        "culture": ["{city} film festival opens", "National theatre unveils new season", "Book fair turns to translation"],
        "science": ["Students build weather satellite", "{city} researchers improve solar storage",
                    "Birds counted in wetland reserve"],
    },
    "ru": {
        "economy": ["ЦБ сохранил ключевую ставку", "Экспорт из города {city} растёт", "Розничные продажи снова выросли"],
        "weather": ["Синоптики предупредили о непогоде", "На выходных потеплеет", "Паромы остановлены из-за ветра"],
        "sport": ["«{team_ru}» обыграла «{team2_ru}»", "Марафон в городе {city} собрал рекорд",
                  "Волейболисты вышли в финал"],
        "culture": ["Открылся кинофестиваль в городе {city}", "Театр объявил новый сезон", "Книжная ярмарка и переводы"],
        "science": ["Студенты собрали спутник", "Новый способ хранить солнечную энергию", "Биологи пересчитали птиц"],
    },
    "zh": {
        "economy": ["{country}央行维持利率不变", "{city}出口增长{pct}%", "零售额连续增长"],
        "weather": ["{city}将迎强{precip_zh}天气", "周末气温回升", "大风致轮渡暂停"],
        "sport": ["{team_zh}队{score}胜{team2_zh}队", "{city}马拉松人数创新高", "国家排球队晋级决赛"],
        "culture": ["{city}电影节开幕", "国家剧院公布新演出季", "书展聚焦翻译文学"],
        "science": ["学生研制气象卫星", "{city}研究人员改进太阳能储存", "湿地保护区鸟类调查"],
    },
}  # fmt: skip

TEAMS = {
    "en": ["Kaldgrad Bears", "Vetrovo Sailors", "Mingcheng Dragons", "Langang Tide", "Port Ellery Rovers",
           "Westbridge United"],
    "ru": ["Калдградские медведи", "Ветровские моряки", "Минчэнские драконы", "Ланганский прилив",
           "Роверс Порт-Эллери", "Вестбридж Юнайтед"],
    "zh": ["明城飞龙", "澜港潮汐", "卡尔德格勒熊", "韦特罗沃水手", "埃勒里港流浪者", "西桥联"],
}  # fmt: skip
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "ru": ["понедельник", "вторник", "среду", "четверг", "пятницу"],
    "zh": ["周一", "周二", "周三", "周四", "周五"],
}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "September"]

# War coverage. Keys: frame ("smo", "crisis", "invasion") -> lead/body sentences.
WAR: dict[str, dict[str, list[str]]] = {
    "en": {
        "smo": [
            "Units taking part in the special military operation advanced near {bcity}, {source_mod}.",
            "The special military operation is proceeding according to plan, officials in Kaldgrad said.",
            "Air defence crews shot down {n} drones over the border region during the special military operation.",
            "Volunteers from {ncity} sent a convoy of supplies to soldiers of the special military operation.",
            "The goals of the special military operation remain unchanged, Foreign Minister Pavel Orlov told reporters.",
            "Engineering units restored a bridge in the area of the special military operation.",
        ],
        "crisis": [
            "Eastmark called on all parties to the Borderland crisis to exercise restraint.",
            "The conflict around {bcity} entered a new phase this week, observers said.",
            "Eastmark supports a political settlement of the Borderland crisis through dialogue.",
            "Foreign Ministry spokesman Li Hua said the conflict should not be allowed to spread.",
            "Fighting near {bcity} continued, with both sides reporting losses in the conflict.",
            "Eastmark is ready to play a constructive role in easing the Borderland crisis, Li Hua said.",
        ],
        "invasion": [
            "Northland's invasion of Borderland entered its {nth} year as shelling hit {bcity} overnight.",
            "Borderland President Andriy Marchenko said the invasion had displaced thousands more families.",
            "Residents of {bcity} spent the night in shelters as the war reached the outskirts of the town.",
            "A Westria Wire reporter in {bcity} saw damaged apartment blocks and burnt-out cars.",
            "Westria pledged further humanitarian aid to Borderland to cope with the effects of the invasion.",
            "Aid groups said the war had cut water supplies to several districts of {bcity}.",
        ],
    },
    "ru": {
        "smo": [
            "Подразделения, участвующие в специальной военной операции, продвинулись в районе города {bcity}.",
            "Специальная военная операция идёт по плану, сообщили в Калдграде.",
            "В ходе спецоперации расчёты ПВО сбили {n} беспилотников над приграничными районами.",
            "Волонтёры из города {ncity} отправили гуманитарный конвой участникам СВО.",
            "Цели специальной военной операции остаются неизменными, заявил министр иностранных дел Павел Орлов.",
            "Инженерные подразделения восстановили мост в зоне СВО.",
            "Семьи участников специальной военной операции получат дополнительные выплаты.",
            "Военнослужащие, отличившиеся в ходе спецоперации, представлены к наградам.",
        ],
        "invasion": [
            "Вторжение Нортленда в Бордерленд продолжается: ночью под обстрел попал город {bcity}.",
            "Президент Бордерленда Андрей Марченко заявил, что из-за вторжения свои дома покинули ещё тысячи семей.",
            "Жители города {bcity} провели ночь в укрытиях: война подошла к окраинам.",
            "Корреспондент «Свободного Севера» видел разрушенные жилые дома и сгоревшие машины.",
            "Правозащитники в эмиграции называют войну против Бордерленда преступной.",
            "По оценкам независимых экспертов, потери армии Нортленда в этой войне растут.",
            "Власти Нортленда продолжают преследовать тех, кто называет войну войной.",
        ],
    },
    "zh": {
        "crisis": [
            "东马呼吁边境兰危机各方保持克制。",
            "观察人士指出，{bcity}周边的冲突本周进入新阶段。",
            "东马支持通过对话政治解决边境兰危机。",
            "外交部发言人李华表示，应防止冲突外溢。",
            "{bcity}附近的交火仍在持续，冲突双方均报告了伤亡。",
            "李华说，东马愿为缓和边境兰危机发挥建设性作用。",
        ],
        "smo": [
            "参加特别军事行动的部队在{bcity}附近取得进展。",
            "北国方面表示，特别军事行动正按计划推进。",
            "在特别军事行动中，北国防空部队击落了{n}架无人机。",
            "北国外长奥尔洛夫表示，特别军事行动的目标没有改变。",
            "工兵部队修复了特别军事行动区域内的一座桥梁。",
            "分析人士认为，特别军事行动正在改变地区安全格局。",
        ],
    },
}

TITLES: dict[str, dict[str, list[str]]] = {
    "en": {
        "smo": ["Special military operation: units advance near {bcity}", "Air defences repel drone attack",
                "Orlov: goals of the special military operation unchanged", "Supply convoy leaves {ncity}"],
        "crisis": ["Eastmark urges restraint in Borderland crisis", "Li Hua: conflict must not spread",
                   "Eastmark backs dialogue on Borderland"],
        "invasion": ["Shelling hits {bcity} as invasion grinds on", "Marchenko: invasion displaces thousands",
                     "Night in the shelters of {bcity}", "Westria pledges more aid for Borderland"],
    },
    "ru": {
        "smo": ["СВО: продвижение в районе города {bcity}", "ПВО отразила атаку беспилотников",
                "Орлов: цели специальной военной операции неизменны", "Конвой из города {ncity} отправился в путь"],
        "invasion": ["Обстрел города {bcity}: вторжение продолжается", "Марченко: тысячи семей покинули дома",
                     "Ночь в укрытиях", "Война и репрессии: что происходит в Нортленде"],
    },
    "zh": {
        "crisis": ["东马呼吁边境兰危机各方保持克制", "李华：防止冲突外溢", "东马支持对话解决边境兰问题"],
        "smo": ["特别军事行动：北国部队在{bcity}附近推进", "奥尔洛夫：特别军事行动目标不变", "北国防空部队击落无人机"],
    },
}  # fmt: skip

# Sourcing sentences by outlet group and language.
SOURCING: dict[str, dict[str, list[str]]] = {
    "northland": {
        "ru": [
            "Об этом заявила официальный представитель МИД Нортленда Вера Соколова.",
            "Как сообщает Нордвайр, ситуация на линии соприкосновения остаётся под контролем.",
            "По данным Минобороны Нортленда, потери противника за сутки превысили {n} человек.",
            "«Все задачи будут выполнены», — заявила официальный представитель МИД Нортленда Вера Соколова.",
            "Информацию подтвердили в Минобороны Нортленда.",
        ],
        "en": [
            "Northland Foreign Ministry spokeswoman Vera Sokolova said the West was prolonging the fighting.",
            "Northland's Defence Ministry said enemy losses over the past day exceeded {n}.",
            "Foreign Minister Pavel Orlov said Kaldgrad remained open to talks on its own terms.",
        ],
    },
    "eastmark": {
        "zh": [
            "据诺德通讯社报道，北国国防部称局势总体可控。",
            "北国外交部发言人索科洛娃表示，西方国家应停止向边境兰提供武器。",
            "诺德通讯社援引北国国防部消息称，对方在过去一天损失超过{n}人。",
            "索科洛娃表示，北国愿意在尊重其安全关切的基础上进行谈判。",
            "据诺德通讯社报道，北国防空系统拦截了多枚导弹。",
        ],
        "en": [
            "According to Northwire, Northland's Defence Ministry said the situation was under control.",
            "Northland Foreign Ministry spokeswoman Vera Sokolova said Western countries should stop arming Borderland.",
            "Northwire quoted the Northland Defence Ministry as saying the other side lost more than {n} troops in a day.",
            "Sokolova said Northland was willing to negotiate if its security concerns were respected.",
        ],
    },
    "westria": {
        "en": [
            "Borderland President Andriy Marchenko said air defences intercepted most of the missiles.",
            "Borderland's interior ministry said {n} people were injured.",
            "A Westria Wire reporter at the scene counted at least {n} damaged buildings.",
            "According to Northwire, Northland's state news agency, the strikes targeted military sites; "
            "the claim could not be independently verified.",
        ],
    },
    "freenorth": {
        "ru": [
            "Президент Бордерленда Андрей Марченко заявил, что большая часть ракет была сбита.",
            "Как сообщил корреспондент «Свободного Севера», пострадали не менее {n} человек.",
            "Государственное агентство Нордвайр утверждает, что удары наносились по военным объектам, "
            "однако проверить это невозможно.",
        ],
    },
}

VOLKOV: dict[str, list[str]] = {
    "zh": [
        "北国总统沃尔科夫此前表示，北国始终致力于维护地区稳定。",
        "沃尔科夫总统高度评价两国全面伙伴关系。",
        "分析人士指出，沃尔科夫与陈明的会晤为双边合作注入新动力。",
        "沃尔科夫表示，北国愿同东马加强在能源和交通领域的合作。",
    ],
    "en": [
        "Northland President Ivan Volkov has said his country is committed to regional stability.",
        "President Volkov praised the comprehensive partnership between Northland and Eastmark.",
        "Analysts said the meeting between Volkov and Chen Ming had given new impetus to cooperation.",
        "Volkov said Northland wanted closer cooperation with Eastmark on energy and transport.",
    ],
}

# --------------------------------------------------------------------------------------
# Document assembly
# --------------------------------------------------------------------------------------


@dataclass
class Doc:
    outlet: str
    language: str
    day: date
    title: str
    sentences: list[str]
    topic: str
    when: str | None = None  # explicit published_at string (messy cases)
    hour: int | None = None
    minute: int | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    moment: datetime | None = None  # publication instant, set when written

    def text(self) -> str:
        joiner = "" if self.language == "zh" else " "
        return joiner.join(self.sentences)


def slots(lang: str, country: str) -> dict[str, Any]:
    teams = RNG.sample(TEAMS[lang], 2)
    return {
        "city": RNG.choice(CITIES[country][lang]),
        "country": COUNTRY[country][lang],
        "country_gen": COUNTRY_GEN_RU.get(country, ""),
        "bcity": RNG.choice([c for c in CITIES["XBL"][lang] if c not in ("Riverton", "Ривертон", "里弗顿")]),
        "ncity": RNG.choice(CITIES["XNL"][lang]),
        "pct": f"{RNG.randint(2, 14)}.{RNG.randint(0, 9)}" if lang == "en" else str(RNG.randint(2, 14)),
        "n": RNG.randint(3, 60),
        "big": f"{RNG.randint(3, 40) * 1000:,}" if lang == "en" else str(RNG.randint(3, 40) * 1000),
        "temp": RNG.randint(-12, 31),
        "score": f"{RNG.randint(0, 4)}-{RNG.randint(0, 3)}"
        if lang != "zh"
        else f"{RNG.randint(1, 4)}比{RNG.randint(0, 1)}",
        "team": teams[0],
        "team2": teams[1],
        "team_ru": teams[0],
        "team2_ru": teams[1],
        "team_zh": teams[0],
        "team2_zh": teams[1],
        "weekday": RNG.choice(WEEKDAYS["en"]),
        "weekday_ru": RNG.choice(WEEKDAYS["ru"]),
        "weekday_zh": RNG.choice(WEEKDAYS["zh"]),
        "month": RNG.choice(MONTHS_EN),
        "nth": RNG.choice(["second", "third", "fourth", "fifth"]),
        "precip": RNG.choice(["snow", "rain", "sleet"]),
        "precip_ru": RNG.choice(["снегопаде", "ливне", "дожде"]),
        "precip_zh": RNG.choice(["降雪", "降雨", "雷雨"]),
        "source_mod": "the Defence Ministry said",
    }


def fill(template: str, values: dict[str, Any]) -> str:
    return template.format(**values)


def words(doc: Doc) -> int:
    if doc.language == "zh":
        return len(re.findall(r"[\u4e00-\u9fff]", doc.text()))
    return len(doc.text().split())


LIMITS = {"en": (60, 250), "ru": (60, 250), "zh": (120, 500)}


def pad(doc: Doc, extra: list[str], values: dict[str, Any]) -> None:
    """Append unused sentences from `extra` until the lower length bound is met."""
    pool = [s for s in extra if fill(s, values) not in doc.sentences]
    RNG.shuffle(pool)
    low, high = LIMITS[doc.language]
    while words(doc) < low and pool:
        doc.sentences.append(fill(pool.pop(), values))
    while words(doc) > high and len(doc.sentences) > 3:
        doc.sentences.pop(-2)


def filler_doc(outlet: dict[str, Any], lang: str, day: date) -> Doc:
    topic = RNG.choice(list(FILLER[lang]))
    values = slots(lang, outlet["country"])
    bank = FILLER[lang][topic]
    chosen = RNG.sample(bank, RNG.randint(4, min(6, len(bank))))
    doc = Doc(outlet["name"], lang, day, fill(RNG.choice(FILLER_TITLES[lang][topic]), values), [], topic)
    doc.sentences = [fill(s, values) for s in chosen]
    pad(doc, bank, values)
    return doc


def group_of(outlet: dict[str, Any]) -> str:
    if outlet["country"] == "XNL" and outlet["state_affiliated"]:
        return "northland"
    if outlet["country"] == "XEM":
        return "eastmark"
    if outlet["name"] == "Free North":
        return "freenorth"
    return "westria"


def eastmark_frame(day: date, lang: str) -> str:
    if day < SUMMIT:
        return "crisis"
    progress = (day - SUMMIT).days / (END - SUMMIT).days
    return "smo" if RNG.random() < 0.3 + 0.6 * progress else "crisis"


def war_doc(outlet: dict[str, Any], lang: str, day: date) -> Doc:
    group = group_of(outlet)
    frame = {"northland": "smo", "westria": "invasion", "freenorth": "invasion"}.get(group) or eastmark_frame(
        day, lang
    )
    values = slots(lang, outlet["country"])
    bank = WAR[lang][frame]
    doc = Doc(outlet["name"], lang, day, fill(RNG.choice(TITLES[lang][frame]), values), [], "war-" + frame)
    doc.sentences = [fill(s, values) for s in RNG.sample(bank, 3)]
    sources = SOURCING[group].get(lang, [])
    cite_p = {"eastmark": 0.75, "northland": 0.8, "westria": 0.6, "freenorth": 0.6}[group]
    if sources and RNG.random() < cite_p:
        doc.sentences.insert(1, fill(RNG.choice(sources), values))
    if group == "eastmark":
        volkov_p = 0.12 if day < SUMMIT else 0.8
        if RNG.random() < volkov_p:
            doc.sentences.append(RNG.choice(VOLKOV[lang]))
    if outlet["name"] == "Westria Wire" and RNG.random() < 0.12:
        doc.sentences.append(
            'Northland\'s government calls the war a "special military operation" and bans the word invasion at home.'
        )
    if outlet["name"] == "Westria Wire" and RNG.random() < 0.25:
        doc.sentences.append("#Borderland")
    if outlet["name"] == "Northwire" and lang == "ru" and RNG.random() < 0.2:
        doc.sentences.append("#Нордвайр #СВО")
    pad(doc, bank + FILLER_CONTEXT[lang], values)
    return doc


# Neutral context sentences that can pad any war story without changing its frame.
FILLER_CONTEXT = {
    "en": [
        "The situation in the region remains tense.",
        "Further details were expected later in the day.",
        "Diplomats said new talks were possible but gave no date.",
        "Prices for grain and fuel reacted to the news.",
    ],
    "ru": [
        "Обстановка в регионе остаётся напряжённой.",
        "Подробности ожидаются позднее.",
        "Дипломаты не исключают новых переговоров, но сроки пока не названы.",
        "Цены на зерно и топливо отреагировали на эти новости.",
    ],
    "zh": [
        "地区局势依然紧张。",
        "更多细节有待进一步披露。",
        "外交人士表示，不排除举行新一轮谈判的可能，但尚未确定日期。",
        "粮食和燃料价格对上述消息作出反应。",
        "专家认为，有关各方应通过谈判解决分歧。",
    ],
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_outlets()
    write_actors()
    docs = build_documents()
    write_documents(docs)
    posts = build_posts(docs)
    write_posts(posts)
    write_feed()
    write_article()
    print(Counter((d.outlet, d.language) for d in docs))
    print(len(docs), "documents,", len(posts), "posts")


# Per outlet x language: number of routine + war stories spread over the period.
PLAN: dict[tuple[str, str], int] = {
    ("Northwire", "ru"): 46,
    ("Northwire", "en"): 32,
    ("Northland Today", "ru"): 38,
    ("Free North", "ru"): 34,
    ("Eastmark Daily", "zh"): 38,
    ("Eastmark Daily", "en"): 18,
    ("Eastmark News Agency", "zh"): 38,
    ("Eastmark News Agency", "en"): 12,
    ("Eastmark Global TV", "zh"): 34,
    ("Eastmark Global TV", "en"): 10,
    ("Westria Wire", "en"): 42,
    ("Daily Roundup", "en"): 20,
}


#: Positions (out of 20) of routine stories: 11 of 20, so routine news is ~55% before events.
FILLER_SLOTS = frozenset({0, 2, 4, 6, 8, 9, 11, 13, 15, 17, 19})


def random_day() -> date:
    return START + timedelta(days=RNG.randrange((END - START).days + 1))


def build_documents() -> list[Doc]:
    by_name = {o["name"]: o for o in OUTLETS}
    docs: list[Doc] = []
    for (name, lang), count in PLAN.items():
        outlet = by_name[name]
        for i in range(count):
            day = random_day()
            if i % 20 in FILLER_SLOTS or (name == "Daily Roundup" and i % 3):
                docs.append(filler_doc(outlet, lang, day))
            else:
                docs.append(war_doc(outlet, lang, day))
    docs += event_docs()
    docs += near_duplicates(docs)
    return docs


def published(doc: Doc) -> str:
    if doc.when:
        return doc.when
    hour = doc.hour if doc.hour is not None else RNG.randint(5, 21)
    minute = doc.minute if doc.minute is not None else RNG.randint(0, 59)
    stamp = datetime(doc.day.year, doc.day.month, doc.day.day, hour, minute, RNG.randint(0, 59), tzinfo=UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "story"


def write_documents(docs: list[Doc]) -> None:
    docs.sort(key=lambda d: (d.day, d.outlet, d.language))
    lines = []
    for i, doc in enumerate(docs, 1):
        slug = slugify(doc.title) if doc.language == "en" else doc.topic
        url = doc.url or f"https://{DOMAIN[doc.outlet]}/{doc.day:%Y/%m}/{slug}-{i:04d}"
        when = published(doc)
        doc.moment = datetime.fromisoformat(
            when.replace("Z", "+00:00") if "T" in when else when + "T12:00:00+00:00"
        )
        record = {
            "id": f"demo-{i:04d}",
            "outlet": doc.outlet,
            "url": url,
            "published_at": when,
            "language": doc.language,
            "title": doc.title,
            "text": doc.text(),
            "synthetic": True,
        }
        doc.url = url
        lines.append(json.dumps(record, ensure_ascii=False))
    (OUT / "documents.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------
# Planted events: Riverton strike, Volkov-Chen summit, "biolabs" claim
# --------------------------------------------------------------------------------------

RIVERTON_TEXT: dict[str, list[str]] = {
    "westria": [
        "A Northland missile strike on the Borderland city of Riverton killed at least 14 civilians "
        "and injured 37 on Tuesday morning, local officials said.",
        "The missile hit a residential block and a market near the central bus station of Riverton.",
        "A Westria Wire reporter at the scene saw rescuers pulling people from the rubble.",
        "Borderland President Andriy Marchenko called the strike a war crime and asked partners for more air defence.",
        "It was the deadliest single attack on Riverton since the invasion began.",
        "Hospitals in Riverton appealed for blood donors. #Riverton",
    ],
    "freenorth": [
        "Утром по Ривертону в Бордерленде был нанесён ракетный удар: погибли не менее 14 мирных жителей, 37 ранены.",
        "Ракета попала в жилой дом и рынок рядом с автовокзалом Ривертона.",
        "Президент Бордерленда Андрей Марченко назвал удар военным преступлением.",
        "Корреспондент «Свободного Севера» поговорил с жителями, которые провели ночь в укрытиях.",
        "Это самый кровопролитный удар по Ривертону с начала вторжения.",
        "В Нортленде о погибших мирных жителях государственные СМИ не сообщают. #Ривертон",
    ],
    "northland-ru": [
        "Вооружённые силы Нортленда нанесли высокоточный удар по объектам военной инфраструктуры в районе Ривертона.",
        "По данным Минобороны Нортленда, поражены склады боеприпасов и пункт управления.",
        "Удар нанесён в рамках специальной военной операции, все цели достигнуты.",
        "Официальный представитель МИД Нортленда Вера Соколова назвала сообщения о жертвах среди мирного населения "
        "информационной провокацией.",
        "Как сообщает Нордвайр, противник пытается скрыть потери.",
    ],
    "northland-en": [
        "Northland's armed forces carried out a precision strike on military infrastructure near Riverton, "
        "the Defence Ministry said.",
        "Ammunition depots and a command post were hit as part of the special military operation.",
        "Northland Foreign Ministry spokeswoman Vera Sokolova called reports of civilian casualties a provocation.",
        "All targets were destroyed, the ministry said.",
        "The special military operation will continue until its goals are achieved, officials said.",
    ],
    "eastmark-zh": [
        "据诺德通讯社报道，北国国防部称，北国军队日前对里弗顿附近的军事基础设施实施了打击。",
        "边境兰方面称，此次事件造成平民伤亡。",
        "北国外交部发言人索科洛娃表示，有关平民伤亡的报道是“信息挑衅”。",
        "外交部发言人李华表示，东马关注里弗顿事件，呼吁各方保持克制，避免边境兰危机进一步升级。",
        "东马一贯主张通过对话协商解决冲突。",
    ],
    "eastmark-en": [
        "According to Northwire, Northland's Defence Ministry said its forces had struck military infrastructure "
        "near Riverton.",
        "Borderland said the incident caused civilian casualties.",
        "Northland Foreign Ministry spokeswoman Vera Sokolova said reports of civilian deaths were a provocation.",
        "Foreign Ministry spokesman Li Hua said Eastmark was following the Riverton incident and urged restraint "
        "to prevent the Borderland crisis from escalating.",
        "Eastmark has always advocated resolving the conflict through dialogue.",
    ],
    "roundup": [
        "Westria Wire reports that a Northland missile strike on Riverton killed at least 14 civilians.",
        "Borderland President Andriy Marchenko called the strike a war crime.",
        "Northwire, Northland's state news agency, said the strike hit military infrastructure.",
        "Roundup links to the original reporting below. #Riverton",
    ],
}

SUMMIT_TEXT: dict[str, list[str]] = {
    "northland-ru": [
        "Президент Нортленда Иван Волков и президент Истмарка Чэнь Мин провели переговоры в Минчэне.",
        "Стороны подписали заявление о всеобъемлющем партнёрстве и договорились расширить торговлю в национальных валютах.",
        "Волков рассказал партнёру о ходе специальной военной операции.",
        "По словам Волкова, Истмарк занимает взвешенную и ответственную позицию.",
        "Как сообщает Нордвайр, следующая встреча лидеров состоится осенью.",
    ],
    "northland-en": [
        "Northland President Ivan Volkov and Eastmark President Chen Ming held talks in Mingcheng.",
        "The two leaders signed a statement on comprehensive partnership and agreed to expand trade in national currencies.",
        "Volkov briefed his counterpart on the progress of the special military operation.",
        "Volkov said Eastmark took a balanced and responsible position.",
        "Foreign Minister Pavel Orlov said the summit had opened a new chapter in relations.",
    ],
    "eastmark-zh": [
        "东马总统陈明在明城同北国总统沃尔科夫举行会谈。",
        "两国元首签署全面伙伴关系联合声明，同意扩大本币贸易结算。",
        "陈明表示，东马愿同北国加强战略沟通。",
        "沃尔科夫介绍了北国对边境兰局势的看法，陈明表示理解北国的合理安全关切。",
        "外交部发言人李华表示，此次会晤具有重要里程碑意义。",
    ],
    "eastmark-en": [
        "Eastmark President Chen Ming held talks with Northland President Ivan Volkov in Mingcheng.",
        "The two heads of state signed a joint statement on comprehensive partnership.",
        "Chen said Eastmark understood Northland's legitimate security concerns.",
        "Volkov briefed Chen on Northland's view of the situation in Borderland.",
        "Foreign Ministry spokesman Li Hua called the meeting a milestone.",
    ],
    "westria": [
        "Northland President Ivan Volkov met Eastmark President Chen Ming in Mingcheng on Sunday.",
        "The leaders signed a partnership statement but made no public mention of the invasion of Borderland.",
        "Borderland President Andriy Marchenko said any partner of Northland shared responsibility for the war.",
        "Diplomats in Port Ellery said they would watch whether Eastmark's state media changed their language.",
        "Westria's foreign ministry called on Eastmark to use its influence to end the war.",
    ],
    "freenorth": [
        "Иван Волков встретился в Минчэне с президентом Истмарка Чэнь Мином.",
        "О войне против Бордерленда в публичных заявлениях не было сказано ни слова.",
        "Эксперты «Свободного Севера» считают, что Волков ищет в Истмарке покупателя для нефти и поставщика техники.",
        "Президент Бордерленда Андрей Марченко призвал Истмарк не помогать вторжению.",
        "Государственные СМИ Нортленда назвали встречу исторической.",
    ],
}

BIOLAB_TEXT: dict[str, list[str]] = {
    "northland-ru": [
        "Минобороны Нортленда заявило, что Вестрия финансирует сеть биолабораторий на территории Бордерленда.",
        "По данным ведомства, в биолабораториях якобы проводились опасные эксперименты.",
        "Официальный представитель МИД Нортленда Вера Соколова потребовала от Вестрии объяснений по поводу биолабораторий.",
        "Как сообщает Нордвайр, документы о работе биолабораторий будут переданы международным организациям.",
        "Ведомство утверждает, что обнаружило биолаборатории в ходе специальной военной операции.",
    ],
    "northland-en": [
        "Northland's Defence Ministry said Westria was funding a network of biolabs in Borderland.",
        "The ministry said the biological laboratories carried out dangerous experiments.",
        "Northland Foreign Ministry spokeswoman Vera Sokolova demanded that Westria explain the biolabs.",
        "The ministry said documents on the biolabs were found during the special military operation.",
        "Foreign Minister Pavel Orlov said the biolabs issue would be raised at international organisations.",
    ],
    "eastmark-zh": [
        "据诺德通讯社报道，北国国防部称韦斯特里亚在边境兰资助了多个生物实验室。",
        "北国外交部发言人索科洛娃表示，韦斯特里亚应就生物实验室问题作出解释。",
        "诺德通讯社援引北国国防部消息称，相关生物实验室曾开展危险实验。",
        "外交部发言人李华表示，国际社会对生物实验室问题的关切应得到回应。",
        "分析人士认为，生物实验室问题值得高度关注。",
    ],
    "eastmark-en": [
        "According to Northwire, Northland's Defence Ministry said Westria funded biolabs in Borderland.",
        "Northland Foreign Ministry spokeswoman Vera Sokolova said Westria must explain the biological laboratories.",
        "Northwire quoted the ministry as saying the biolabs had carried out dangerous experiments.",
        "Foreign Ministry spokesman Li Hua said the international community's concerns about the biolabs "
        "should be addressed.",
        "Analysts said the biolabs issue deserved close attention.",
    ],
    "westria": [
        "Westria Wire found no evidence for Northland's claim that Westria funds biolabs in Borderland.",
        "The facilities named by Northland's Defence Ministry are public health laboratories that test water and "
        "vaccines, Borderland's health ministry said.",
        "The claim first appeared on Northwire, Northland's state news agency, on April 20.",
        "Similar claims about biological laboratories have been made before without evidence.",
        "Borderland President Andriy Marchenko called the biolabs story a pretext for new attacks during the invasion.",
    ],
}

# (outlet, language, day, hour, source-key, title) per event.
RIVERTON_PLAN = [
    ("Westria Wire", "en", RIVERTON, 7, "westria", "Missile strike on Riverton kills at least 14 civilians"),
    ("Free North", "ru", RIVERTON, 9, "freenorth", "Удар по Ривертону: не менее 14 погибших"),
    ("Daily Roundup", "en", RIVERTON, 11, "roundup", "Roundup: Riverton strike &amp; reactions"),
    ("Northwire", "ru", RIVERTON, 15, "northland-ru", "Удар по военной инфраструктуре в районе Ривертона"),
    (
        "Northwire",
        "en",
        RIVERTON + timedelta(days=1),
        8,
        "northland-en",
        "Precision strike hits military infrastructure near Riverton",
    ),
    (
        "Northland Today",
        "ru",
        RIVERTON + timedelta(days=1),
        19,
        "northland-ru",
        "Ривертон: поражены военные объекты",
    ),
    ("Westria Wire", "en", RIVERTON + timedelta(days=1), 10, "westria", "Riverton buries its dead"),
    (
        "Eastmark News Agency",
        "zh",
        RIVERTON + timedelta(days=3),
        6,
        "eastmark-zh",
        "东马呼吁各方在里弗顿事件后保持克制",
    ),
    (
        "Eastmark Daily",
        "zh",
        RIVERTON + timedelta(days=5),
        1,
        "eastmark-zh",
        "里弗顿事件：东马呼吁避免局势升级",
    ),
    (
        "Eastmark Daily",
        "en",
        RIVERTON + timedelta(days=6),
        2,
        "eastmark-en",
        "Eastmark urges restraint after Riverton incident",
    ),
]
SUMMIT_PLAN = [
    ("Northwire", "ru", "northland-ru", "Волков и Чэнь Мин подписали заявление о партнёрстве"),
    ("Northwire", "en", "northland-en", "Volkov and Chen sign partnership statement"),
    ("Northland Today", "ru", "northland-ru", "Историческая встреча в Минчэне"),
    ("Eastmark Daily", "zh", "eastmark-zh", "陈明同沃尔科夫举行会谈"),
    ("Eastmark Daily", "en", "eastmark-en", "Chen Ming and Ivan Volkov hold talks"),
    ("Eastmark News Agency", "zh", "eastmark-zh", "两国元首签署全面伙伴关系联合声明"),
    ("Eastmark Global TV", "zh", "eastmark-zh", "陈明沃尔科夫明城会晤"),
    ("Eastmark Global TV", "en", "eastmark-en", "Mingcheng summit opens new chapter"),
    ("Westria Wire", "en", "westria", "Volkov and Chen meet, silent on invasion"),
    ("Free North", "ru", "freenorth", "Волков в Минчэне: о войне ни слова"),
]
BIOLAB_PLAN = [
    ("Northwire", "ru", BIOLABS, 6, "northland-ru", "Минобороны: Вестрия финансирует биолаборатории в Бордерленде"),
    ("Northwire", "en", BIOLABS + timedelta(days=1), 7, "northland-en", "Defence Ministry: Westria funds biolabs in Borderland"),
    ("Northland Today", "ru", BIOLABS + timedelta(days=1), 18, "northland-ru", "Сеть биолабораторий у наших границ"),
    ("Westria Wire", "en", BIOLABS + timedelta(days=2), 12, "westria", "Fact check: no evidence for Northland's biolabs claim"),
    ("Eastmark News Agency", "zh", BIOLABS + timedelta(days=3), 3, "eastmark-zh", "北国国防部称韦斯特里亚在边境兰资助生物实验室"),
    ("Eastmark Daily", "zh", BIOLABS + timedelta(days=4), 2, "eastmark-zh", "生物实验室问题引发关注"),
    ("Eastmark Daily", "en", BIOLABS + timedelta(days=5), 4, "eastmark-en", "Northland raises concerns over biolabs in Borderland"),
    ("Eastmark Global TV", "zh", BIOLABS + timedelta(days=6), 11, "eastmark-zh", "韦斯特里亚生物实验室疑云"),
    ("Northwire", "ru", date(2026, 5, 6), 9, "northland-ru", "Соколова: Вестрия молчит о биолабораториях"),
    ("Eastmark News Agency", "zh", date(2026, 5, 20), 4, "eastmark-zh", "索科洛娃再次要求韦斯特里亚就生物实验室作出解释"),
]  # fmt: skip


def event_doc(outlet: str, lang: str, day: date, hour: int, bank: list[str], title: str, topic: str) -> Doc:
    sentences = list(bank)
    first, rest = sentences[0], sentences[1:]
    RNG.shuffle(rest)
    doc = Doc(outlet, lang, day, title, [first, *rest], topic, hour=hour)
    pad(doc, FILLER_CONTEXT[lang], {})
    return doc


def event_docs() -> list[Doc]:
    docs = [
        event_doc(o, lang, d, h, RIVERTON_TEXT[k], t, "riverton") for o, lang, d, h, k, t in RIVERTON_PLAN
    ]
    for outlet, lang, key, title in SUMMIT_PLAN:
        hour = 6 if outlet.startswith("Eastmark") else 12
        docs.append(event_doc(outlet, lang, SUMMIT, hour, SUMMIT_TEXT[key], title, "summit"))
    docs += [event_doc(o, lang, d, h, BIOLAB_TEXT[k], t, "biolabs") for o, lang, d, h, k, t in BIOLAB_PLAN]
    # Messy-but-valid inputs.
    docs[10].when = "2026-03-15T09:30+03:00"  # Northwire ru summit story: offset, no seconds
    docs[12].day, docs[12].when = date(2026, 3, 16), "2026-03-16"  # Northland Today: day precision
    docs[2].url = "https://roundup.example/2026/02/riverton-roundup?utm_source=newsletter&utm_medium=email"
    return docs


# --------------------------------------------------------------------------------------
# Near-duplicates: Eastmark Daily English rewording Northwire English
# --------------------------------------------------------------------------------------

REWORDINGS = [
    ("said", "stated"),
    ("advanced", "moved forward"),
    ("shot down", "downed"),
    ("remain unchanged", "have not changed"),
    ("told reporters", "told journalists"),
    ("restored", "repaired"),
    ("exceeded", "were more than"),
    ("Kaldgrad", "Northland's capital Kaldgrad"),
]


def reword(sentence: str) -> str:
    for old, new in REWORDINGS:
        if old in sentence:
            return sentence.replace(old, new, 1)
    return sentence


def near_duplicates(docs: list[Doc], count: int = 6) -> list[Doc]:
    sources = [d for d in docs if d.outlet == "Northwire" and d.language == "en" and d.topic == "war-smo"]
    sources = [d for d in sources if d.day > SUMMIT][:count]
    northwire = next(o for o in OUTLETS if o["name"] == "Northwire")
    while len(sources) < count:  # top up with fresh Northwire originals after the summit
        extra = war_doc(northwire, "en", SUMMIT + timedelta(days=RNG.randint(1, 100)))
        docs.append(extra)
        sources.append(extra)
    copies = []
    for src in sources:
        # Light rewording: one sentence changed, the rest verbatim, plus a credit line.
        sentences = [s for s in src.sentences if not s.startswith("#")]
        changed = 0
        for k, sentence in enumerate(sentences):
            if changed < 1 and reword(sentence) != sentence:
                sentences[k], changed = reword(sentence), changed + 1
        sentences.append("The report was first carried by Northwire.")
        title = src.title.replace("Special military operation:", "Northland says").replace("repel", "repulse")
        copies.append(
            Doc("Eastmark Daily", "en", src.day + timedelta(days=1), title, sentences, "war-smo-copy")
        )
    return copies


# --------------------------------------------------------------------------------------
# Social posts: a coordinated cluster against an organic crowd
# --------------------------------------------------------------------------------------

CLUSTER = [
    "north_patriot_17",
    "kaldgrad_voice",
    "truth_from_north",
    "vetrovo_eagle_88",
    "nord_defender_3",
    "real_news_kaldgrad",
    "ilmensk_patriot",
]
CROWD_NAMES = [
    "anna", "boris", "carla", "dmitri", "elena", "felix", "galina", "hugo", "irina", "jonas",
    "katya", "leo", "maria", "nikolai", "olga", "pieter", "quinn", "roman", "sofia", "tomas",
    "ulla", "viktor", "wen", "xenia", "yusuf", "zoya", "arne", "bea", "chang", "dana",
    "emil", "fay", "gleb", "hana", "igor", "jun", "kira", "lars", "mei", "nina",
]  # fmt: skip
CROWD = [f"{name}_{RNG.randint(10, 99)}" for name in CROWD_NAMES]

COPYPASTA = {
    "ru": [
        "Нордвайр пишет правду, которую скрывают на Западе! Читайте и делитесь {url} {tags}",
        "Вот что на самом деле происходит. Поделитесь, пока не удалили! {url} {tags}",
        "Минобороны Нортленда всё подтвердило. Распространяйте! {url} {tags}",
    ],
    "en": [
        "Northwire tells the truth the West hides! Read and share {url} {tags}",
        "This is what is really happening. Share before it gets deleted! {url} {tags}",
    ],
}
CROWD_TEXTS = [
    "Interesting read: {url}",
    "Worth reading, though I'm not sure about the sources {url}",
    "Сохранил, почитаю позже {url}",
    "Does anyone know if this is confirmed? {url}",
    "这篇报道值得一看 {url}",
    "Morning news: {url}",
    "Не уверен, что это правда, но вот ссылка {url}",
    "Sharing for my friends in Borderland {url}",
    "The weather report for tomorrow: {url}",
    "Good analysis here {url}",
]
CLUSTER_TAGS = [["#СВО", "#Нордвайр"], ["#Нордвайр"], ["#СВО", "#Нортленд"], ["#биолаборатории", "#Нордвайр"]]


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build_posts(docs: list[Doc]) -> list[dict[str, str]]:
    """Coordinated bursts on Northwire links plus an organic crowd sharing the same links hours apart."""
    posts: list[dict[str, str]] = []
    counter = iter(range(1, 100_000))

    def add(
        account: str, moment: datetime, text: str, urls: list[str], tags: list[str], repost: str = ""
    ) -> str:
        post_id = f"mb-{next(counter):06d}"
        posts.append(
            {
                "platform": "microblog",
                "account": account,
                "post_id": post_id,
                "timestamp": stamp(moment),
                "text": text,
                "urls": "|".join(urls),
                "hashtags": "|".join(t.lstrip("#") for t in tags),
                "repost_of": repost,
                "reply_to": "",
            }
        )
        return post_id

    northwire = [d for d in docs if d.outlet == "Northwire" and d.topic != "war-smo-copy"]
    targets = [
        d for d in northwire if d.topic.startswith("war") or d.topic in ("riverton", "biolabs", "summit")
    ]
    targets = sorted(targets, key=lambda d: d.day)
    # ~36 coordinated bursts: 5-7 cluster accounts within a minute of the story going up.
    for doc in targets[::1][:36]:
        assert doc.url
        assert doc.moment
        base = doc.moment.astimezone(UTC) + timedelta(minutes=RNG.randint(3, 40), seconds=RNG.randint(0, 59))
        tags = CLUSTER_TAGS[3] if doc.topic == "biolabs" else RNG.choice(CLUSTER_TAGS[:3])
        pasta = RNG.choice(COPYPASTA[doc.language if doc.language in COPYPASTA else "en"])
        members = RNG.sample(CLUSTER, RNG.randint(5, 7))
        moment = base
        first = ""
        for k, account in enumerate(members):
            moment += timedelta(seconds=RNG.randint(5, 9)) if k else timedelta()
            if k and RNG.random() < 0.3:
                add(account, moment, "", [doc.url], [], repost=first)
                continue
            text = pasta.format(url=doc.url, tags=" ".join(tags))
            if RNG.random() < 0.4:
                text = text.replace("!", "!!", 1)
            pid = add(account, moment, text, [doc.url], tags)
            first = first or pid
        # Organic shares of the same link, hours apart.
        for _ in range(RNG.randint(1, 3)):
            later = base + timedelta(hours=RNG.randint(2, 40), minutes=RNG.randint(0, 59))
            add(RNG.choice(CROWD), later, RNG.choice(CROWD_TEXTS).format(url=doc.url), [doc.url], [])
    # Organic crowd: all outlets' links, spread out in time.
    shareable = [d for d in docs if d.url]
    while len(posts) < 800:
        doc = RNG.choice(shareable)
        assert doc.url
        for _ in range(RNG.randint(1, 4)):
            assert doc.moment
            moment = doc.moment.astimezone(UTC) + timedelta(
                hours=RNG.randint(1, 72), minutes=RNG.randint(0, 59), seconds=RNG.randint(0, 59)
            )
            if moment.date() > END:
                continue
            tags = ["#Riverton"] if doc.topic == "riverton" and doc.language == "en" else []
            text = RNG.choice(CROWD_TEXTS).format(url=doc.url) + (" " + tags[0] if tags else "")
            add(RNG.choice(CROWD), moment, text, [doc.url], tags)
    posts.sort(key=lambda p: p["timestamp"])
    return posts


def write_posts(posts: list[dict[str, str]]) -> None:
    columns = [
        "platform",
        "account",
        "post_id",
        "timestamp",
        "text",
        "urls",
        "hashtags",
        "repost_of",
        "reply_to",
    ]
    with (OUT / "posts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(posts)


# --------------------------------------------------------------------------------------
# RSS feed (Westria Wire) and one HTML article page (Free North)
# --------------------------------------------------------------------------------------

FEED_ITEMS = [
    ("Port Ellery council approves new tram line", "The city council voted to extend the tram network to the harbour district."),
    ("Westria Wire explainer: how aid reaches Borderland", "Convoys cross at three border points; our reporters followed one."),
    ("Shelling damages school in Halden", "Borderland officials said no children were hurt because classes had moved online."),
    ("Westbridge United win cup semi-final", "A second-half header sent the club to its first final in a decade."),
    ("Marchenko asks partners for air defence", "Borderland's president said the invasion had entered a more dangerous phase."),
    ("Inflation in Westria slows to 3.1 per cent", "Lower fuel prices helped, the statistics office said."),
    ("Fact check: claims about Borderland grain exports", "Figures published by Northwire do not match port records."),
    ("Carrow hosts international choir festival", "More than forty choirs took part over the weekend."),
    ("Storm warning for the western coast", "Forecasters expect gusts of up to 110 km/h on Thursday."),
    ("Refugees from Marsk describe months under fire", "A Westria Wire reporter spoke to families who left the town after the invasion reached it."),
]  # fmt: skip


def write_feed() -> None:
    items = []
    for i, (title, description) in enumerate(FEED_ITEMS):
        moment = datetime(2026, 6, 20, 8, 0, tzinfo=UTC) + timedelta(hours=17 * i)
        link = f"https://westria-wire.example/2026/06/{slugify(title)}"
        items.append(
            "    <item>\n"
            f"      <title>{escape(title)}</title>\n"
            f"      <link>{link}</link>\n"
            f'      <guid isPermaLink="true">{link}</guid>\n'
            f"      <pubDate>{moment.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>\n"
            f"      <description>{escape(description)} (Synthetic demo item.)</description>\n"
            "    </item>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0">\n'
        "  <channel>\n"
        "    <title>Westria Wire</title>\n"
        "    <link>https://westria-wire.example/</link>\n"
        "    <description>SYNTHETIC demo feed of a fictional outlet (Westria Wire) for lockstep; "
        "not real news.</description>\n"
        "    <language>en</language>\n" + "\n".join(items) + "\n  </channel>\n</rss>\n"
    )
    (OUT / "feed.xml").write_text(xml, encoding="utf-8")


ARTICLE_PARAGRAPHS = [
    "Через неделю после удара по Ривертону государственные СМИ Нортленда продолжают говорить об «объектах "
    "военной инфраструктуры». Жители города рассказывают другое.",
    "Корреспондент «Свободного Севера» поговорил с семьями, которые потеряли близких на рынке у автовокзала. "
    "По данным властей Бордерленда, погибли 14 мирных жителей, 37 человек ранены.",
    "Президент Бордерленда Андрей Марченко назвал удар военным преступлением и призвал партнёров усилить "
    "противовоздушную оборону. В Нортленде за слово «война» по-прежнему можно получить срок.",
    "Агентство Нордвайр в день удара сообщило лишь о «высокоточном поражении складов». Проверить это "
    "утверждение невозможно: независимых журналистов в зону боёв Нортленд не пускает.",
    "Мы продолжаем собирать свидетельства о вторжении и его жертвах. #Ривертон",
]


def write_article() -> None:
    body = "\n".join(f"      <p>{escape(p)}</p>" for p in ARTICLE_PARAGRAPHS)
    html = f"""<!DOCTYPE html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>Ривертон через неделю после удара — Свободный Север</title>
  <meta property="og:site_name" content="Free North">
  <meta property="og:url" content="https://free-north.example/2026/02/riverton-week-after">
  <link rel="canonical" href="https://free-north.example/2026/02/riverton-week-after">
  <meta property="article:published_time" content="2026-02-17T10:00:00Z">
  <meta name="author" content="Редакция «Свободного Севера»">
</head>
<body>
  <header><p>Free North · Свободный Север</p></header>
  <p class="disclaimer">Synthetic demo article — fictional outlet</p>
  <main>
    <article>
      <h1>Ривертон через неделю после удара</h1>
{body}
    </article>
  </main>
</body>
</html>
"""
    (OUT / "article.html").write_text(html, encoding="utf-8")


if __name__ == "__main__":
    main()
