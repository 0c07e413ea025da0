"""core.logs: a job's log, and a job process that ends without Python's teardown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def _run_job(tmp_path: Path, body: list[str]) -> subprocess.CompletedProcess:
    """Run, in a process of its own, an adapter-like script whose job_log block holds `body`."""
    lines = [
        "import atexit, logging, sys",
        f"sys.path.insert(0, {str(SRC)!r})",
        "from policy_rhetoric.core.logs import job_log",
        f"atexit.register(lambda: open({str(tmp_path / 'atexit')!r}, 'w').write('ran'))",
        f"with job_log({str(tmp_path / 'job.log')!r}):",
        *(f"    {line}" for line in body),
        f"open({str(tmp_path / 'after')!r}, 'w').write('reached')",
    ]
    script = tmp_path / "job.py"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True)


def test_a_job_that_succeeds_ends_at_the_end_of_its_log_block(tmp_path):
    done = _run_job(
        tmp_path,
        [
            f"open({str(tmp_path / 'out.tsv')!r}, 'w').write('a\\tb\\n')",
            "logging.getLogger('step').warning('kept in the log')",
            "print('to stdout', end='')",
        ],
    )
    assert done.returncode == 0
    assert done.stdout == "to stdout"  # flushed before the process ended
    assert (tmp_path / "out.tsv").read_text() == "a\tb\n"
    assert "kept in the log" in (tmp_path / "job.log").read_text()
    assert (tmp_path / "atexit").read_text() == "ran"  # exit handlers still run
    assert not (tmp_path / "after").exists()  # nothing after the block: the process ended there


def test_a_job_that_fails_raises_with_its_message_and_a_non_zero_exit(tmp_path):
    done = _run_job(tmp_path, ["raise ValueError('segments.tsv, row 3: no text')"])
    assert done.returncode == 1
    assert "ValueError: segments.tsv, row 3: no text" in done.stderr
    assert "ValueError: segments.tsv, row 3: no text" in (tmp_path / "job.log").read_text()
    assert (tmp_path / "atexit").read_text() == "ran"
    assert not (tmp_path / "after").exists()
