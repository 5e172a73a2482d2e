#!/usr/bin/env python3
"""Search latency: the query mix of search_queries.json, timed one request at a time.

  search_latency.py http URL [--repeat N] [--clients C]
      GET URL/api/v1/practices?q=...&facets=true&lang=en&<filters> over HTTP/1.1
      keep-alive (one connection per client); every answer must be 200 with a
      JSON body, else the run fails.
  search_latency.py pg DSN [--repeat N] [--build]
      PostgreSQL full-text search on the same data (a Hub schema seeded by
      `mhub seed --synthetic`): --build adds a tsvector column to
      practice_translation, each row analysed with its own language's text search
      configuration (english/french/german/russian/spanish, `simple` otherwise),
      and a GIN index on it, timed. Each query is websearch_to_tsquery in the five
      configurations OR-ed, ts_rank ordering, LIMIT 20, plus COUNT and GROUP BY
      counts for country/ncd/channel/stage/evidence, in one round trip.

Prints a Markdown table (query kind, requests, p50 ms, p99 ms). Percentiles are
nearest-rank over every timed request; one untimed warm-up round comes first.
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["plain", "faceted", "typo", "phrase", "prefix"]


def load_mix():
    with open(os.path.join(HERE, "search_queries.json"), encoding="utf-8") as f:
        return json.load(f)


def pct(sorted_ms, p):
    if not sorted_ms:
        return float("nan")
    i = max(0, min(len(sorted_ms) - 1, -(-len(sorted_ms) * p // 100) - 1))
    return sorted_ms[int(i)]


def table(samples, timeout_ms=None):
    """samples: list of (kind, ms); a timed-out query counts as timeout_ms
    (so its percentiles read as a lower bound, marked with ">=")."""
    out = ["| query kind | requests | p50 ms | p99 ms | timed out |", "| --- | ---: | ---: | ---: | ---: |"]
    for kind in KINDS + ["all"]:
        ms = sorted(m for k, m in samples if kind in ("all", k))
        if not ms:
            continue
        label = "**all**" if kind == "all" else kind
        late = sum(1 for m in ms if timeout_ms is not None and m >= timeout_ms)

        def cell(v):
            return f">={v:.0f}" if timeout_ms is not None and v >= timeout_ms else f"{v:.1f}"

        out.append(f"| {label} | {len(ms)} | {cell(pct(ms, 50))} | {cell(pct(ms, 99))} | {late} |")
    return "\n".join(out)


# ---------------------------------------------------------------- HTTP


def http_path(item):
    params = [("facets", "true"), ("lang", "en")]
    if item.get("q"):
        params.append(("q", item["q"]))
    for name, values in item.get("filters", {}).items():
        params.append((name, ",".join(values)))
    return "/api/v1/practices?" + urllib.parse.urlencode(params)


def http_client(url, mix, repeat, samples, errors):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=30)
    paths = [(item["kind"], http_path(item)) for item in mix]
    for rnd in range(repeat + 1):
        for kind, path in paths:
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Accept": "application/json"})
            resp = conn.getresponse()
            body = resp.read()
            ms = (time.perf_counter() - t0) * 1000
            if resp.status != 200:
                errors.append(f"{resp.status} {path}: {body[:200]!r}")
                continue
            doc = json.loads(body)
            if "facets" not in doc or "total" not in doc:
                errors.append(f"no facets/total in answer to {path}")
                continue
            if rnd > 0:  # round 0 warms caches
                samples.append((kind, ms))


def run_http(args, mix):
    samples, errors = [], []
    threads = [
        threading.Thread(target=http_client, args=(args.target, mix, args.repeat, samples, errors))
        for _ in range(args.clients)
    ]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if errors:
        print(f"{len(errors)} failed requests, e.g. {errors[0]}", file=sys.stderr)
        sys.exit(1)
    print(table(samples))
    print(f"\n{len(samples)} timed requests, all 200; {args.clients} client(s), "
          f"{len(samples) / wall:.0f} requests/s overall (incl. warm-up)")


# ---------------------------------------------------------------- PostgreSQL

CONFIGS = {"en": "english", "fr": "french", "de": "german", "ru": "russian", "es": "spanish"}
FACET_SQL = {
    "country": "SELECT country AS v, count(*) AS n FROM f GROUP BY 1",
    "stage": "SELECT stage AS v, count(*) AS n FROM f WHERE stage IS NOT NULL GROUP BY 1",
    "evidence": "SELECT evidence_level AS v, count(*) AS n FROM f WHERE evidence_level IS NOT NULL GROUP BY 1",
    "ncd": "SELECT g.code AS v, count(*) AS n FROM f JOIN practice_tag g ON g.practice_id = f.id AND g.vocabulary = 'ncd_focus' GROUP BY 1",
    "channel": "SELECT g.code AS v, count(*) AS n FROM f JOIN practice_tag g ON g.practice_id = f.id AND g.vocabulary = 'channel' GROUP BY 1",
}


def pg_build(conn):
    case = " ".join(f"WHEN '{l}' THEN '{c}'" for l, c in CONFIGS.items())
    steps = [
        ("drop", "DROP INDEX IF EXISTS practice_translation_tsv; "
                 "ALTER TABLE practice_translation DROP COLUMN IF EXISTS tsv"),
        ("column", "ALTER TABLE practice_translation ADD COLUMN tsv tsvector"),
        ("tsvector", f"UPDATE practice_translation SET tsv = to_tsvector((CASE lang {case} ELSE 'simple' END)::regconfig, "
                     "title || ' ' || summary || ' ' || description || ' ' || lessons_learned || ' ' || transferability)"),
        ("gin", "CREATE INDEX practice_translation_tsv ON practice_translation USING GIN (tsv)"),
        ("analyze", "VACUUM ANALYZE practice_translation"),
    ]
    times = {}
    conn.autocommit = True
    for name, sql in steps:
        t0 = time.perf_counter()
        conn.execute(sql)
        times[name] = time.perf_counter() - t0
    gin = conn.execute("SELECT pg_relation_size('practice_translation_tsv')").fetchone()[0]
    tsv = conn.execute("SELECT sum(pg_column_size(tsv)) FROM practice_translation").fetchone()[0]
    rows = conn.execute("SELECT count(*) FROM practice_translation").fetchone()[0]
    build = times["tsvector"] + times["gin"]
    print(f"| translations | tsvector UPDATE (s) | GIN build (s) | build total (s) | GIN size (MB) | tsvector data (MB) |")
    print(f"| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {rows:,} | {times['tsvector']:.1f} | {times['gin']:.1f} | {build:.1f} | "
          f"{gin / 1e6:.0f} | {tsv / 1e6:.0f} |\n")


def pg_query(item):
    q = item.get("q", "")
    params = {}
    where = ["p.status = 'published'"]
    filters = item.get("filters", {})
    for name, values in filters.items():
        params[name] = values
        if name == "country":
            where.append("p.country = ANY(%(country)s)")
        elif name == "stage":
            where.append("p.stage = ANY(%(stage)s)")
        elif name == "evidence":
            where.append("p.evidence_level = ANY(%(evidence)s)")
        elif name == "year":
            params[name] = [int(v) for v in values]
            where.append("p.start_year = ANY(%(year)s)")
        elif name in ("ncd", "channel"):
            vocab = "ncd_focus" if name == "ncd" else "channel"
            where.append(f"EXISTS (SELECT 1 FROM practice_tag g WHERE g.practice_id = p.id "
                         f"AND g.vocabulary = '{vocab}' AND g.code = ANY(%({name})s))")
        else:
            raise SystemExit(f"no SQL for filter {name}")
    if q:
        params["q"] = q
        tsq = " || ".join(f"websearch_to_tsquery('{c}', %(q)s)" for c in CONFIGS.values())
        matched = (f"WITH q AS (SELECT {tsq} AS q), "
                   "m AS (SELECT t.practice_id AS id, max(ts_rank(t.tsv, q.q)) AS r "
                   "FROM practice_translation t, q WHERE t.tsv @@ q.q GROUP BY t.practice_id), "
                   "f AS MATERIALIZED (SELECT p.id, p.slug, p.country, p.stage, p.evidence_level, m.r, p.updated_at "
                   f"FROM m JOIN practice p ON p.id = m.id WHERE {' AND '.join(where)}) ")
        order = "r DESC, id"
    else:
        matched = ("WITH f AS MATERIALIZED (SELECT p.id, p.slug, p.country, p.stage, p.evidence_level, p.updated_at "
                   f"FROM practice p WHERE {' AND '.join(where)}) ")
        order = "updated_at DESC, id"
    facets = ", ".join(
        f"(SELECT json_object_agg(v, n) FROM ({sql}) x) AS {name}" for name, sql in FACET_SQL.items()
    )
    sql = (matched + f"SELECT (SELECT json_agg(slug) FROM (SELECT slug FROM f ORDER BY {order} LIMIT 20) x) AS hits, "
           f"(SELECT count(*) FROM f) AS total, {facets}")
    return sql, params


def run_pg(args, mix):
    import psycopg

    conn = psycopg.connect(args.target, autocommit=True)
    if args.build:
        pg_build(conn)
    # A query PostgreSQL plans badly must not stall the run: it is cancelled
    # and reported as timed out (its time counts as the timeout).
    conn.execute(f"SET statement_timeout = {int(args.timeout_ms)}")
    samples, totals, late = [], {}, set()
    queries = [(item["kind"], item.get("q", ""), *pg_query(item)) for item in mix]
    for rnd in range(args.repeat + 1):
        for kind, q, sql, params in queries:
            t0 = time.perf_counter()
            try:
                row = conn.execute(sql, params).fetchone()
                ms = (time.perf_counter() - t0) * 1000
                totals[(kind, q)] = row[1]
            except psycopg.errors.QueryCanceled:
                ms = float(args.timeout_ms)
                late.add(f"{kind}: {q or json.dumps(item_filters(mix, kind, q))}")
            if rnd > 0:
                samples.append((kind, ms))
    print(table(samples, args.timeout_ms))
    zero = [q for (k, q), n in totals.items() if n == 0]
    print(f"\n{len(samples)} timed queries (timeout {args.timeout_ms} ms); "
          f"no match for: {', '.join(zero) or 'none'}; timed out: {'; '.join(sorted(late)) or 'none'}")


def item_filters(mix, kind, q):
    return next((i.get("filters", {}) for i in mix if i["kind"] == kind and i.get("q", "") == q), {})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["http", "pg"])
    ap.add_argument("target", help="base URL of mhub serve, or a PostgreSQL DSN")
    ap.add_argument("--repeat", type=int, default=10, help="timed rounds of the mix")
    ap.add_argument("--clients", type=int, default=1, help="concurrent HTTP clients")
    ap.add_argument("--build", action="store_true", help="(pg) build the tsvector column and GIN index first")
    ap.add_argument("--timeout-ms", type=float, default=10000, help="(pg) statement_timeout per query")
    args = ap.parse_args()
    mix = load_mix()
    if args.mode == "http":
        run_http(args, mix)
    else:
        run_pg(args, mix)


if __name__ == "__main__":
    main()
