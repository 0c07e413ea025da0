"""Config strings reaching the report are escaped (issue 10): every caption of workflow/report is rendered
as Snakemake's report renders it (Jinja, then docutils RST -> HTML) with hostile strings in the config."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest
from conftest import ROOT
from docutils.core import publish_parts
from jinja2 import Environment

from policy_rhetoric.core.config import load_config

pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")

HOSTILE = (
    "x``\n\n.. raw:: html\n\n   <script>alert(1)</script>\n\n.. include:: /etc/passwd\n\n"
    "\u2028.. raw:: html\u2028\u2028   <script>alert(2)</script>\u2028\x85``"
)
CAPTIONS = sorted((ROOT / "workflow/report").glob("*.rst"))


def render(caption: str, config: dict) -> str:
    """As snakemake.report does: Environment(trim_blocks, lstrip_blocks), then publish_parts."""
    env = Environment(trim_blocks=True, lstrip_blocks=True)
    text = env.from_string(caption).render(
        snakemake=SimpleNamespace(config=config, wildcards=SimpleNamespace(lang="en"))
    )
    return publish_parts(text, writer_name="html")["html_body"]


@pytest.mark.parametrize("caption", CAPTIONS, ids=lambda p: p.stem)
def test_hostile_config_strings_stay_text(caption):
    config = copy.deepcopy(load_config(ROOT / "config/config.yaml"))
    config["corpus"]["manifest"] = HOSTILE
    config["experiment"] = HOSTILE
    config["paper"]["keyness_extra_stopwords"] = [HOSTILE, "</script>"]
    html = render(caption.read_text(encoding="utf-8"), config)
    assert "<script" not in html and "</script>" not in html.replace("&lt;/script&gt;", "")
    assert "root:" not in html and "System Message" not in html
    if "manifest" in caption.read_text(encoding="utf-8") or "keyness_extra" in caption.read_text(
        encoding="utf-8"
    ):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
