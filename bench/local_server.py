"""A chDB-backed ClickHouse server for the benchmark scripts: start, query, stop.

bench/validate.py and bench/apply_overhead.py both need a real engine behind ClickHouse's
HTTP interface; scripts/chdb_server.py provides it (run by the repository's .venv python,
which scripts/bootstrap-python.sh makes). This module only starts that server on a free
port, sends it SQL over HTTP with the standard library, and stops it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Server:
    def __init__(self, data_dir: str):
        self.data_dir = data_dir
        ready = os.path.join(tempfile.mkdtemp(prefix="bench-ready-"), "port")
        python = os.path.join(ROOT, ".venv", "bin", "python")
        if not os.path.exists(python):
            subprocess.run([os.path.join(ROOT, "scripts", "bootstrap-python.sh")], check=True,
                           stdout=sys.stderr)
        self.process = subprocess.Popen(
            [python, os.path.join(ROOT, "scripts", "chdb_server.py"), "--port", "0",
             "--data-dir", data_dir, "--ready-file", ready],
            stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not os.path.exists(ready):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the chDB server did not start")
            time.sleep(0.05)
        with open(ready, encoding="utf-8") as f:
            self.url = f"http://127.0.0.1:{f.read().strip()}"

    def query(self, sql: str, **settings: str) -> str:
        """Runs one statement (POST), returns the answer's text (TabSeparated by default)."""
        params = urllib.parse.urlencode(settings)
        request = urllib.request.Request(f"{self.url}/?{params}", data=sql.encode(), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=600) as answer:
                return answer.read().decode()
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{error.code}: {error.read().decode()[:500]}\nin: {sql[:300]}") from None

    def run_file(self, path: str) -> int:
        """Runs a file of statements, one per line (what bench/gen.py writes as setup.sql)."""
        count = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    self.query(line)
                    count += 1
        return count

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
