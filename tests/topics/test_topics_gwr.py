"""Topic stage at scale on ../shared/external/bilingual-gwr (13 bilingual releases, about 2,300 chunks):
the sweep with a reduced grid, Chinese lexicon terms kept whole, chunk offsets, prevalence and seeded
shares. Skipped when the corpus or its experiment config is absent."""

from __future__ import annotations

import pytest
import yaml
from conftest import GWR, ROOT, copy_project, run_snakemake

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.core.text import raw_text

EXPERIMENT = ROOT / "config" / "experiments" / "gwr.yaml"
pytestmark = pytest.mark.skipif(
    not GWR.is_dir() or not EXPERIMENT.is_file(), reason="bilingual-gwr or its experiment is absent"
)
SWEEP = {"k": [4], "seeds": [1, 2], "passes": 2, "iterations": 50, "bootstrap_resamples": 200}


@pytest.fixture(scope="module")
def gwr(tmp_path_factory):
    """The gwr experiment's topic stage (reduced sweep) in a temporary copy; ../shared is linked."""
    tmp = tmp_path_factory.mktemp("gwr")
    (tmp / "shared").symlink_to(GWR.parents[1])
    work = copy_project(tmp / "project")
    (work / "config" / "test_topics.yaml").write_text(
        yaml.safe_dump({"topics": SWEEP}), encoding="utf-8"
    )
    run_snakemake(
        work,
        "plot_topic_selection",
        "plot_topic_prevalence",
        "fit_seeded_topics",
        "--configfile",
        "config/experiments/gwr.yaml",
        "config/test_topics.yaml",
    )
    return work


def test_gwr_sweep_has_every_run(gwr):
    table = read_tsv(gwr / "results/gwr/topics/selection.tsv")
    assert len(table) == 2 * len(SWEEP["k"]) * (len(SWEEP["seeds"]) + 1)
    assert (table["chosen"] == "yes").sum() == 2
    stability = table["stability"].astype(float)
    assert stability.between(0, 1).all()


def test_gwr_chunks_keep_chinese_lexicon_terms_and_point_at_the_text(gwr):
    corpus = read_tsv(gwr / "results/gwr/topics/corpus.tsv")
    assert len(corpus) > 1000
    documents = read_tsv(gwr / "results/gwr/corpus/documents.tsv").set_index("doc_id")
    texts = {d: raw_text(gwr / documents.loc[d, "path"]) for d in documents.index}
    terms = {t for row in corpus["terms"] for t in row.split(" ")}
    # jieba alone splits these; the topic segmenter knows the lexicon
    assert {"自立自强", "关键核心技术", "攻坚战"} <= terms
    zh = corpus[corpus["lang"] == "zh"]
    assert len(zh) > 500 and len(corpus[corpus["lang"] == "en"]) > 500
    for row in zh.itertuples():
        chunk = texts[row.doc_id][int(row.start_char) : int(row.end_char)]
        assert all(term in chunk for term in row.terms.split(" "))


def test_gwr_prevalence_and_seeded_share_cover_every_genre(gwr):
    genres = set(read_tsv(gwr / "results/gwr/corpus/documents.tsv")["genre"])
    prevalence = read_tsv(gwr / "results/gwr/topics/prevalence.tsv")
    assert set(prevalence[prevalence["level"] == "genre"]["group"]) == genres
    low, est, high = (prevalence[c].astype(float) for c in ("ci_low", "proportion", "ci_high"))
    assert ((low <= est + 1e-9) & (est <= high + 1e-9)).all()
    share = read_tsv(gwr / "results/gwr/topics/seeded_share.tsv")
    by_genre = share[share["level"] == "genre"]
    assert set(by_genre["group"]) == genres
    assert set(by_genre["topic"]) == {"militarized", "self_reliance"}
