"""Query the miniplaces results catalog from Python: `bin/miniplaces sql --format json` into pandas.

Every call of `bin/miniplaces sql` starts a JVM and an embedded Spark (several seconds), so the notebooks ask for
all the tables they need in one call: `queries({"name": "SELECT ...", ...})` runs them as one UNION ALL and hands
back one DataFrame per name.

Environment (all optional):
  MINIPLACES_HOME         the repository (default: this folder's parent)
  MINIPLACES_BIN          the command (default: $MINIPLACES_HOME/bin/miniplaces)
  MINIPLACES_WAREHOUSE    the results catalog's folder (default: ./miniplaces-warehouse in the working directory
                          if there is one, else in $MINIPLACES_HOME: where `bin/miniplaces demo` puts it when
                          started from there); with MINIPLACES_CATALOG_URI, any Hadoop URI (hdfs://...)
  MINIPLACES_CATALOG_URI  the database that lists a cluster's results tables, as the jobs' --catalog-uri
                          (jdbc:postgresql://HOST:PORT/DB); unset for the embedded catalog in the warehouse
  MINIPLACES_NOTEBOOK_OUT where figures go (default: ./figures, next to the notebook)
  MINIPLACES_SQL_TIMEOUT  seconds one query may take (default 600)
  MINIPLACES_NO_BUILD=1   passed on: bin/miniplaces then never builds (CI, where the build is done)
"""

import base64
import io
import json
import os
import shlex
import subprocess
import time
from pathlib import Path

import pandas as pd

__all__ = ["home", "command", "warehouse", "catalog_uri", "out_dir", "sql", "queries", "latest_job", "save_figure", "png",
           "short_run", "run_labels",
           "run_colours", "local_path", "RUN_MODELS", "QueryError"]


class QueryError(RuntimeError):
    """`bin/miniplaces sql` failed; the message holds the command, its exit status and its stderr."""


def home():
    """The repository root: $MINIPLACES_HOME, else the folder above this module's."""
    return Path(os.environ.get("MINIPLACES_HOME") or Path(__file__).resolve().parent.parent).resolve()


def command():
    """The miniplaces command: $MINIPLACES_BIN, else bin/miniplaces of home()."""
    return Path(os.environ.get("MINIPLACES_BIN") or home() / "bin" / "miniplaces")


def catalog_uri():
    """The catalog's database ($MINIPLACES_CATALOG_URI), or None for the embedded catalog."""
    return os.environ.get("MINIPLACES_CATALOG_URI") or None


def warehouse():
    """The results catalog's folder: $MINIPLACES_WAREHOUSE (a URI stays one), else ./miniplaces-warehouse here or
    in home()."""
    given = os.environ.get("MINIPLACES_WAREHOUSE")
    if given and "://" in given:
        return given
    if given:
        return Path(given).expanduser().resolve()
    for candidate in (Path.cwd() / "miniplaces-warehouse", home() / "miniplaces-warehouse"):
        if candidate.is_dir():
            return candidate.resolve()
    return (home() / "miniplaces-warehouse").resolve()


def out_dir():
    """Where figures go: $MINIPLACES_NOTEBOOK_OUT, else ./figures; created if missing."""
    out = Path(os.environ.get("MINIPLACES_NOTEBOOK_OUT") or Path.cwd() / "figures").expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    return out


def _check():
    cli, wh = command(), warehouse()
    if not os.access(cli, os.X_OK):
        raise QueryError(f"{cli} is not an executable file: set MINIPLACES_HOME to the miniplaces repository "
                         f"(or MINIPLACES_BIN to the command)")
    if catalog_uri() is None and not (Path(wh) / "catalog.db").is_file():
        raise QueryError(f"no results catalog at {wh} (no catalog.db there): run `bin/miniplaces demo` (or any "
                         f"job) first, or set MINIPLACES_WAREHOUSE to the folder given to their --warehouse")
    return cli, wh


def _run(query, timeout=None):
    """Runs one query and returns its JSON Lines as a list of dicts."""
    cli, wh = _check()
    argv = [str(cli), "sql", query, "--format", "json", "--limit", "0", "--warehouse", str(wh)]
    if catalog_uri():
        argv += ["--catalog-uri", catalog_uri()]
    timeout = timeout or float(os.environ.get("MINIPLACES_SQL_TIMEOUT", "600"))
    started = time.monotonic()
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=home())
    except subprocess.TimeoutExpired as e:
        raise QueryError(f"timed out after {timeout:.0f} s: {shlex.join(argv)}\n--- stderr ---\n"
                         f"{_text(e.stderr)[-4000:]}") from None
    if done.returncode != 0:
        raise QueryError(f"exit status {done.returncode} from: {shlex.join(argv)}\n--- stderr ---\n"
                         f"{done.stderr.strip()[-4000:]}")
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    print(f"miniplaces sql: {len(rows)} rows in {time.monotonic() - started:.1f} s")
    return rows


def _text(b):
    return b.decode(errors="replace") if isinstance(b, bytes) else (b or "")


def sql(query):
    """One query's rows as a DataFrame (empty, without columns, when there are none). Binary columns are base64."""
    return pd.DataFrame(_run(query))


def queries(named):
    """Several queries in one `miniplaces sql` call: {name: query} -> {name: DataFrame}.

    Each query becomes `SELECT name, to_json(struct(*)) FROM (query)`, all joined by UNION ALL, so the JVM starts
    once. A query's ORDER BY may not survive the union: sort the DataFrames in pandas. A name without rows gets an
    empty DataFrame without columns; null values come back as NaN.
    """
    if not named:
        return {}
    parts = []
    for name, query in named.items():
        literal = "'" + name.replace("'", "''") + "'"
        parts.append(f"SELECT {literal} AS query_name, to_json(struct(*)) AS query_row FROM ({query.strip().rstrip(';')})")
    rows = _run("\nUNION ALL\n".join(parts))
    grouped = {name: [] for name in named}
    for row in rows:
        grouped[row["query_name"]].append(json.loads(row["query_row"]))
    return {name: pd.DataFrame(found) for name, found in grouped.items()}


def latest_job(table, alias=None):
    """SQL condition: the rows of each run's latest job in `table` (a re-run appends; older jobs' rows stay)."""
    column = f"{alias}.job_id" if alias else "job_id"
    return f"{column} IN (SELECT max_by(job_id, written_at) FROM {table} GROUP BY run_id)"


def save_figure(fig, name):
    """Saves `fig` as out_dir()/name.png and returns the path."""
    path = out_dir() / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    print(f"saved {path}")
    return path


def png(value):
    """A PNG column value (base64 text from JSON, or bytes) decoded to an image array for imshow."""
    import matplotlib.image as mpimg
    data = base64.b64decode(value) if isinstance(value, str) else bytes(value)
    return mpimg.imread(io.BytesIO(data), format="png")


RUN_MODELS = "SELECT run_id, max_by(model, written_at) AS model FROM runs GROUP BY run_id"
"""SQL: each run's model name (from its latest train job)."""


def run_labels(run_ids, models=None):
    """{run_id: label}: the run folder's shortest distinguishing tail, and its model where `models` knows it."""
    ids = sorted({str(r) for r in run_ids})
    models = models or {}
    return {r: short_run(r, ids) + (f" ({models[r]})" if models.get(r) else "") for r in ids}


def run_colours(run_ids):
    """{run_id: colour}: one matplotlib tab10 colour per run, the same in every figure of a notebook."""
    ids = sorted({str(r) for r in run_ids})
    return {r: f"C{i % 10}" for i, r in enumerate(ids)}


def local_path(uri):
    """A catalog path (run_id, model, ...) as a local Path, or None when it is on another file system."""
    text = str(uri)
    if text.startswith("file://"):
        text = text[len("file://"):]
    elif text.startswith("file:"):
        text = text[len("file:"):]
    elif "://" in text:
        return None
    return Path(text)


def short_run(run_id, all_runs=()):
    """A run directory's shortest distinguishing tail (its last path component where unique)."""
    parts = Path(str(run_id)).parts
    others = [Path(str(r)).parts for r in all_runs if r != run_id]
    for n in range(1, len(parts) + 1):
        tail = parts[-n:]
        if all(o[-n:] != tail for o in others):
            return "/".join(tail)
    return str(run_id)
