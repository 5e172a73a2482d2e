#!/usr/bin/env python3
"""Random URLs of each page type for the uncached mix of pages.sh (--mix).

Reads what exists from the database (published slugs, countries, the tag values
practices carry) and writes one file of paths per page type into OUT_DIR, in
random order, for scripts/bench/random-urls.lua:

    mix_urls.py DATABASE_URL OUT_DIR [--max 200000] [--seed 1]
    mix_urls.py --synthetic-count DATABASE_URL

DATABASE_URL is sqlite://path or postgres://... (read with psql). Prints the
page types written, one per line: "name count"; or how many synthetic practices
the database holds.
"""

import argparse
import csv
import io
import json
import pathlib
import random
import sqlite3
import subprocess
import urllib.parse

LANGS = ["en", "fr", "de", "ru", "es"]


def rows(url, sql):
    if url.startswith("sqlite:"):
        path = url.split("://", 1)[1].split("?", 1)[0]
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return [tuple(str(v) for v in r) for r in db.execute(sql)]
    out = subprocess.run(
        ["psql", url, "-X", "-q", "--csv", "-t", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [tuple(r) for r in csv.reader(io.StringIO(out)) if r]


def sample(values, n, rng):
    values = list(values)
    return rng.sample(values, n) if len(values) > n else rng.sample(values, len(values))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("database_url")
    ap.add_argument("out_dir", nargs="?")
    ap.add_argument("--synthetic-count", action="store_true")
    ap.add_argument("--max", type=int, default=200_000, help="URLs per page type at most")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--queries",
        default=str(pathlib.Path(__file__).with_name("search_queries.json")),
    )
    args = ap.parse_args()
    rng = random.Random(args.seed)
    url = args.database_url
    if args.synthetic_count:
        count = rows(url, "SELECT value FROM meta WHERE key = 'synthetic_count'")
        print(count[0][0] if count else 0)
        return
    if not args.out_dir:
        ap.error("OUT_DIR is needed")

    slugs = [r[0] for r in rows(url, "SELECT slug FROM practice WHERE status = 'published'")]
    countries = [r[0] for r in rows(url, "SELECT iso2 FROM country ORDER BY seq")]
    tags = rows(
        url,
        "SELECT DISTINCT vocabulary, code FROM practice_tag "
        "WHERE vocabulary IN ('ncd_focus', 'channel')",
    )
    ncds = sorted(c for v, c in tags if v == "ncd_focus")
    channels = sorted(c for v, c in tags if v == "channel")
    stages = sorted(r[0] for r in rows(url, "SELECT DISTINCT stage FROM practice WHERE stage IS NOT NULL"))
    evidence = sorted(
        r[0] for r in rows(url, "SELECT DISTINCT evidence_level FROM practice WHERE evidence_level IS NOT NULL")
    )
    queries = json.loads(pathlib.Path(args.queries).read_text())

    def lang():
        return rng.choice(LANGS)

    def filters():
        """One or two random facet selections, as a visitor clicks them."""
        choices = [
            ("country", countries),
            ("ncd", ncds),
            ("channel", channels),
            ("stage", stages),
            ("evidence", evidence),
        ]
        picked = rng.sample([c for c in choices if c[1]], rng.choice([1, 1, 2]))
        return [(name, rng.choice(values)) for name, values in picked]

    def page():
        # Most visitors stay on the first pages.
        return rng.choice([1, 1, 1, 2, 2, 3, 4, 5])

    def search_params(query):
        params = [("q", query["q"])] if query.get("q") else []
        for name, values in query.get("filters", {}).items():
            params.extend((name, v) for v in values)
        return params

    def qs(params):
        return urllib.parse.urlencode(params, quote_via=urllib.parse.quote)

    n = args.max
    types = {
        "home": [f"/{l}/" for l in LANGS],
        "practice": [f"/{lang()}/practices/{s}" for s in sample(slugs, n, rng)],
        "country": [f"/{l}/countries/{c}" for l in LANGS for c in countries],
        "search": [
            f"/{l}/practices?{qs(search_params(q))}" for l in LANGS for q in queries
        ],
        "list": [f"/{lang()}/practices?{qs(filters() + [('page', page())])}" for _ in range(min(n, 5000))],
        "api_list": [
            f"/api/v1/practices?{qs(filters() + [('page', page())])}" for _ in range(min(n, 5000))
        ],
        "api_detail": [f"/api/v1/practices/{s}" for s in sample(slugs, n, rng)],
        "api_search": [f"/api/v1/practices?{qs(search_params(q))}" for q in queries],
    }
    out = pathlib.Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, paths in types.items():
        rng.shuffle(paths)
        (out / f"{name}.txt").write_text("\n".join(paths) + "\n")
        print(name, len(paths))


if __name__ == "__main__":
    main()
