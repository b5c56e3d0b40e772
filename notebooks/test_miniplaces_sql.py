"""Tests of miniplaces_sql without Spark: a stand-in for bin/miniplaces (MINIPLACES_BIN) answers the queries.

Run: /usr/bin/python3 -m unittest discover -s notebooks
"""
import json
import os
import stat
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import miniplaces_sql as mp

FAKE = r"""#!/usr/bin/env python3
import json, os, sys
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\n")
query = sys.argv[2]
if "broken" in query:
    sys.stderr.write("miniplaces sql: error: [TABLE_OR_VIEW_NOT_FOUND] broken\n")
    sys.exit(1)
print("12:00:00 INFO a log line on stdout")
if "UNION ALL" in query or "query_row" in query:
    rows = [("a", {"x": 1, "png": "iVBORw0KGgo="}), ("a", {"x": 2}), ("b", {"y": "z"})]
    for name, row in rows:
        print(json.dumps({"query_name": name, "query_row": json.dumps(row)}))
else:
    print(json.dumps({"one": 1}))
"""


class MiniplacesSqlTest(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        fake = self.dir / "miniplaces"
        fake.write_text(FAKE)
        fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
        (self.dir / "wh").mkdir()
        (self.dir / "wh" / "catalog.db").write_bytes(b"")
        self.log = self.dir / "log"
        env = {"MINIPLACES_BIN": str(fake), "MINIPLACES_WAREHOUSE": str(self.dir / "wh"), "FAKE_LOG": str(self.log),
               "MINIPLACES_NOTEBOOK_OUT": str(self.dir / "out")}
        patcher = mock.patch.dict(os.environ, env)
        patcher.start()
        self.addCleanup(patcher.stop)

    def calls(self):
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def test_sql_asks_for_all_rows_as_json_of_the_warehouse(self):
        frame = mp.sql("SELECT 1 AS one")
        self.assertEqual(frame.to_dict("records"), [{"one": 1}])
        (argv,) = self.calls()
        self.assertEqual(argv, ["sql", "SELECT 1 AS one", "--format", "json", "--limit", "0", "--warehouse",
                                str((self.dir / "wh").resolve())])

    def test_a_cluster_catalog_is_passed_on_with_its_warehouse_uri(self):
        cluster = {"MINIPLACES_WAREHOUSE": "hdfs://nn:8020/wh", "MINIPLACES_CATALOG_URI": "jdbc:postgresql://db/mp"}
        with mock.patch.dict(os.environ, cluster):
            mp.sql("SELECT 1 AS one")
        (argv,) = self.calls()
        self.assertEqual(argv[-4:], ["--warehouse", "hdfs://nn:8020/wh", "--catalog-uri", "jdbc:postgresql://db/mp"])

    def test_queries_take_one_call_and_split_the_rows_by_name(self):
        frames = mp.queries({"a": "SELECT x FROM t ORDER BY x;", "b": "SELECT y FROM u", "c": "SELECT 1 WHERE false"})
        self.assertEqual(len(self.calls()), 1)
        self.assertEqual(frames["a"]["x"].tolist(), [1, 2])
        self.assertEqual(frames["b"]["y"].tolist(), ["z"])
        self.assertTrue(frames["c"].empty)
        query = self.calls()[0][1]
        self.assertIn("FROM (SELECT x FROM t ORDER BY x)", query)
        self.assertEqual(query.count("UNION ALL"), 2)

    def test_a_failed_query_names_the_command_and_its_stderr(self):
        with self.assertRaises(mp.QueryError) as failure:
            mp.sql("SELECT * FROM broken")
        message = str(failure.exception)
        self.assertIn("exit status 1", message)
        self.assertIn("TABLE_OR_VIEW_NOT_FOUND", message)
        self.assertIn("'SELECT * FROM broken'", message)

    def test_a_missing_warehouse_is_reported_before_any_query(self):
        (self.dir / "empty").mkdir()
        for folder in ("nowhere", "empty"):
            with mock.patch.dict(os.environ, {"MINIPLACES_WAREHOUSE": str(self.dir / folder)}):
                with self.assertRaisesRegex(mp.QueryError, f"no results catalog at .*{folder}"):
                    mp.sql("SELECT 1")
        self.assertFalse(self.log.exists())

    def test_helpers(self):
        self.assertEqual(mp.local_path("file:/tmp/run"), Path("/tmp/run"))
        self.assertEqual(mp.local_path("file:///tmp/run"), Path("/tmp/run"))
        self.assertIsNone(mp.local_path("hdfs://nn/run"))
        self.assertEqual(mp.run_labels(["file:/a/x/run", "file:/a/y/run", "file:/b/z"], {"file:/b/z": "vgg-small"}),
                         {"file:/a/x/run": "x/run", "file:/a/y/run": "y/run", "file:/b/z": "z (vgg-small)"})
        self.assertIn("max_by(job_id, written_at)", mp.latest_job("confusion", "c"))
        self.assertEqual(mp.out_dir(), (self.dir / "out").resolve())
        self.assertTrue(mp.out_dir().is_dir())


if __name__ == "__main__":
    unittest.main()
