"""Stage 4, topics: the optional pyLDAvis page of the final model (rule visualize_topic_model).

A self-contained page: the d3/LDAvis scripts and style that pyLDAvis ships are inlined, so it works
offline. pyLDAvis is an optional extra (`pip install -e '.[viz]'`) and imported only here, lazily.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import atomic_write_text
from policy_rhetoric.topics.corpus import read_topic_corpus


def run_visualize_topic_model(
    corpus_tsv: str,
    vocab_tsv: str,
    beta_npy: str,
    theta_npy: str,
    html_out: str,
) -> None:
    """Rule visualize_topic_model: a self-contained pyLDAvis page of the final model (JS inlined)."""
    try:
        import pyLDAvis
    except ImportError as exc:
        raise InputError(
            "config",
            "topics.ldavis is true but pyLDAvis is not installed",
            "install the optional extra (pip install -e '.[viz]') or set topics.ldavis: false",
            field="topics.ldavis",
        ) from exc
    corpus = read_topic_corpus(corpus_tsv, vocab_tsv)
    beta = np.load(beta_npy, allow_pickle=False)
    theta = np.load(theta_npy, allow_pickle=False)
    counts = np.asarray(corpus.counts().sum(axis=0)).ravel()
    data = pyLDAvis.prepare(
        topic_term_dists=beta,
        doc_topic_dists=theta,
        doc_lengths=corpus.weights().astype(int),
        vocab=corpus.vocab,
        term_frequency=counts,
        R=30,
        mds="pcoa",
        n_jobs=1,
        sort_topics=False,
        start_index=0,
    )
    html = pyLDAvis.prepared_data_to_html(
        data,
        d3_url="d3.js",
        ldavis_url="ldavis.js",
        ldavis_css_url="ldavis.css",
        template_type="simple",
        visid="ldavis_topics",
    )
    atomic_write_text(html_out, inline_ldavis_assets(html))


def inline_ldavis_assets(html: str, title: str = "Topic model (pyLDAvis)") -> str:
    """A complete HTML page with the d3/LDAvis scripts and style that pyLDAvis ships inlined, so the
    page works offline and does not depend on a CDN."""
    import pyLDAvis

    js = Path(pyLDAvis.__file__).parent / "js"
    assets = {
        "d3.js": (js / "d3.v5.min.js").read_text(encoding="utf-8"),
        "ldavis.js": (js / "ldavis.v3.0.0.js").read_text(encoding="utf-8"),
    }
    css = (js / "ldavis.v1.0.0.css").read_text(encoding="utf-8")
    for name, code in assets.items():
        pattern = re.compile(rf'<script[^>]*src="{re.escape(name)}"[^>]*></script>')
        if not pattern.search(html):
            raise ValueError(
                f"pyLDAvis page has no script tag for {name}: unsupported pyLDAvis version"
            )
        html = pattern.sub(lambda _, code=code: f"<script>{code}</script>", html)
    html = re.sub(r'<link[^>]*href="ldavis.css"[^>]*>', lambda _: f"<style>{css}</style>", html)
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n{html}\n</body>\n</html>\n"
    )
