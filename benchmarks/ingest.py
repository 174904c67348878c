"""Ingest throughput: 100k generated documents (en/ru/zh, about 1.5 KB each) as JSONL.

Measures the whole `lockstep ingest` process (language id, tokens and lemmas, dates,
SHA-256, MinHash, term index, outlet resolution, transactions) against a baseline measured
in the same run: a process that only does `json.loads` per line and inserts the rows into
DuckDB through Arrow. Prints documents/s, peak RSS of each process and the ratio.

    .venv/bin/python benchmarks/ingest.py [--docs 100000] [--keep DIR]

Target (issue 2): at least 3,000 documents/s on 2 cores with RSS under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

EN = [
    "the",
    "minister",
    "said",
    "talks",
    "would",
    "continue",
    "after",
    "the",
    "summit",
    "while",
    "officials",
    "in",
    "the",
    "capital",
    "denied",
    "reports",
    "of",
    "new",
    "strikes",
    "on",
    "the",
    "border",
    "region",
    "and",
    "analysts",
    "warned",
    "that",
    "sanctions",
    "could",
    "widen",
    "as",
    "the",
    "government",
    "announced",
    "measures",
    "to",
    "support",
    "exporters",
    "according",
    "to",
    "the",
    "agency",
    "citing",
    "sources",
    "familiar",
    "with",
    "the",
    "matter",
]
RU = [
    "министр",
    "заявил",
    "что",
    "переговоры",
    "продолжатся",
    "после",
    "саммита",
    "официальные",
    "лица",
    "опровергли",
    "сообщения",
    "о",
    "новых",
    "ударах",
    "по",
    "приграничному",
    "району",
    "аналитики",
    "предупредили",
    "что",
    "санкции",
    "могут",
    "расшириться",
    "правительство",
    "объявило",
    "меры",
    "поддержки",
    "экспортеров",
    "как",
    "сообщает",
    "агентство",
    "со",
    "ссылкой",
    "на",
    "источники",
    "специальной",
    "военной",
    "операции",
    "биолаборатории",
    "украины",
    "москвы",
    "пекина",
]
ZH = [
    "外交部",
    "发言人",
    "表示",
    "会谈",
    "将",
    "在",
    "峰会",
    "之后",
    "继续",
    "官员",
    "否认",
    "有关",
    "边境",
    "地区",
    "遭到",
    "新",
    "打击",
    "的",
    "报道",
    "分析人士",
    "警告",
    "制裁",
    "可能",
    "扩大",
    "政府",
    "宣布",
    "支持",
    "出口商",
    "的",
    "措施",
    "据",
    "新华社",
    "报道",
    "援引",
    "知情人士",
    "特别军事行动",
    "乌克兰",
    "危机",
    "生物实验室",
]
OUTLETS = ("Northwire", "Eastmark Daily", "Westria Wire", "TASS", "Xinhua", "Reuters", "Meduza")


def generate(path: Path, count: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            language = ("en", "ru", "zh")[i % 3]
            words, join, length = {"en": (EN, " ", 230), "ru": (RU, " ", 95), "zh": (ZH, "", 260)}[language]
            text = join.join(rng.choice(words) for _ in range(length))
            record = {
                "id": f"bench-{i}",
                "outlet": OUTLETS[i % len(OUTLETS)],
                "url": f"https://bench.example/{language}/{i}",
                "published_at": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
                "title": join.join(rng.choice(words) for _ in range(8)),
                "text": text,
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            fh.write(line)
    return size


BASELINE = """
import json, sys, duckdb, pyarrow as pa
con = duckdb.connect(sys.argv[2])
con.execute("CREATE TABLE documents (id VARCHAR, outlet VARCHAR, url VARCHAR, published_at VARCHAR, title VARCHAR, text VARCHAR)")
batch = []
def flush():
    if batch:
        table = pa.Table.from_pylist(batch)
        con.register("b", table); con.execute("INSERT INTO documents SELECT id, outlet, url, published_at, title, text FROM b").fetchall(); con.unregister("b")
        batch.clear()
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        batch.append(json.loads(line))
        if len(batch) >= 2000: flush()
flush()
print(con.execute("SELECT count(*) FROM documents").fetchall()[0][0])
"""


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the whole process tree (sampled every 0.1 s, summed over
    the process and its workers), and stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_mb(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{command[:3]} failed with {proc.returncode}")
    return elapsed, peak, out


def _tree_rss_mb(pid: int) -> float:
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        pending.extend(int(c) for c in children)
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated input and stores in")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="lockstep-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "docs.jsonl"
    size = generate(source, args.docs)
    print(f"generated {args.docs:,} documents, {size / 1e6:.0f} MB ({size / args.docs / 1000:.2f} KB each)")
    for stale in folder.glob("*.duckdb*"):
        stale.unlink()
    base_s, base_rss, base_out = timed(
        [sys.executable, "-c", BASELINE, str(source), str(folder / "baseline.duckdb")]
    )
    lock_s, lock_rss, _ = timed(
        [
            sys.executable,
            "-m",
            "lockstep.cli",
            "--db",
            str(folder / "lockstep.duckdb"),
            "ingest",
            str(source),
            "--json",
        ]
    )
    print(
        f"baseline json.loads + DuckDB insert: {base_s:6.1f} s {args.docs / base_s:8,.0f} docs/s  peak RSS {base_rss:6,.0f} MB"
    )
    print(
        f"lockstep ingest, all processing:     {lock_s:6.1f} s {args.docs / lock_s:8,.0f} docs/s  peak RSS {lock_rss:6,.0f} MB"
    )
    print(
        f"ratio lockstep/baseline wall time: {lock_s / base_s:.1f}x  (baseline stored {base_out.strip()} rows)"
    )


if __name__ == "__main__":
    main()
