"""Logging of pipeline steps: warnings go to the rule's log file, errors also to the console."""

from __future__ import annotations

import logging
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def step_log(path: str):
    """Send the step's warnings and messages to `path`; an error is written there and to the console."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    console = sys.stderr
    with open(path, "w", encoding="utf-8") as log:
        sys.stderr = log
        logging.basicConfig(stream=log, level=logging.WARNING, force=True)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("default")
                yield
        except Exception as exc:
            message = f"{type(exc).__name__}: {exc}"
            print(message, file=log)
            print(message, file=console)
            raise
        finally:
            sys.stderr = console
