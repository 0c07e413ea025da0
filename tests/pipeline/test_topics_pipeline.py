"""Topic stage on the real pipeline run (embedded corpus): declared columns, the sweep and the chosen
run, offsets of chunks and examples, prevalence intervals, seeded topics, byte-identical reruns, what a
new label reruns; and the topic stage on the gwr experiment at scale."""

from __future__ import annotations

import pytest
import yaml
from conftest import GWR, ROOT, copy_project, run_snakemake

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.topics.corpus import CORPUS_COLUMNS, VOCAB_COLUMNS
from policy_rhetoric.topics.ldavis import run_visualize_topic_model
from policy_rhetoric.topics.model import (
    CHUNK_COLUMNS,
    DOC_TOPIC_COLUMNS,
    EXAMPLE_COLUMNS,
    LABEL_COLUMNS,
    PREVALENCE_COLUMNS,
    TERM_COLUMNS,
)
from policy_rhetoric.topics.seeded import (
    SEED_WORD_COLUMNS,
    SEEDED_SHARE_COLUMNS,
    SEEDED_TERM_COLUMNS,
)
from policy_rhetoric.topics.selection import PAIR_COLUMNS, SELECTION_COLUMNS

CONFIG = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))["topics"]
COLUMNS = {
    "topics/en/corpus.tsv": CORPUS_COLUMNS,
    "topics/en/vocabulary.tsv": VOCAB_COLUMNS,
    "topics/en/selection.tsv": SELECTION_COLUMNS,
    "topics/en/stability_pairs.tsv": PAIR_COLUMNS,
    "topics/en/terms.tsv": TERM_COLUMNS,
    "topics/en/labels.tsv": LABEL_COLUMNS,
    "topics/en/chunks.tsv": CHUNK_COLUMNS,
    "topics/en/documents.tsv": DOC_TOPIC_COLUMNS,
    "topics/en/prevalence.tsv": PREVALENCE_COLUMNS,
    "topics/en/examples.tsv": EXAMPLE_COLUMNS,
    "topics/en/seeded_share.tsv": SEEDED_SHARE_COLUMNS,
    "topics/en/seeded_terms.tsv": SEEDED_TERM_COLUMNS,
    "topics/en/seed_words.tsv": SEED_WORD_COLUMNS,
}
TOPIC_TABLES = sorted(COLUMNS)
TOPIC_FIGURES = ("topic_selection_en", "topic_prevalence_by_genre_en")
pytestmark = pytest.mark.pipeline


def floats(frame, *columns):
    return frame.assign(**{c: frame[c].replace("NA", "nan").astype(float) for c in columns})


@pytest.mark.parametrize("name", TOPIC_TABLES)
def test_topic_tables_have_the_declared_columns(results, name):
    assert tuple(read_tsv(results / name).columns) == COLUMNS[name]


def test_selection_has_every_run_and_a_summary_per_family_and_k(results):
    table = floats(
        read_tsv(results / "topics/en/selection.tsv"),
        "coherence_cv",
        "coherence_npmi",
        "exclusivity",
        "perplexity",
        "stability",
    )
    expected = {
        (f, str(k), str(s))
        for f in CONFIG["families"]
        for k in CONFIG["k"]
        for s in [*CONFIG["seeds"], "mean"]
    }
    assert set(zip(table["family"], table["k"], table["seed"], strict=True)) == expected
    assert len(table) == len(expected)
    lda, nmf = table[table["family"] == "lda"], table[table["family"] == "nmf"]
    assert lda["perplexity"].gt(1).all() and nmf["perplexity"].isna().all()
    assert table["stability"].between(0, 1).all()
    assert table["coherence_npmi"].between(-1, 1).all()
    # exclusivity is a sum over the top coherence_top_n terms of values in (0, 1]
    assert table["exclusivity"].between(0, CONFIG["coherence_top_n"]).all()
    # the summary row is the mean of the seeds' rows
    for _, group in table.groupby(["family", "k"]):
        runs = group[group["seed"] != "mean"]
        mean = group[group["seed"] == "mean"].iloc[0]
        assert mean["exclusivity"] == pytest.approx(runs["exclusivity"].mean(), rel=1e-5)


def test_chosen_run_is_the_central_seed_of_the_chosen_k(results):
    table = floats(read_tsv(results / "topics/en/selection.tsv"), "stability")
    chosen = table[table["chosen"] == "yes"]
    assert sorted(chosen["seed"].tolist()) == sorted([chosen["seed"].iloc[0], "mean"])
    run = chosen[chosen["seed"] != "mean"].iloc[0]
    assert run["family"] == "lda"
    same_k = table[
        (table["family"] == "lda") & (table["k"] == run["k"]) & (table["seed"] != "mean")
    ]
    assert run["stability"] == same_k["stability"].max()
    terms = read_tsv(results / "topics/en/terms.tsv")
    assert terms["topic"].astype(int).nunique() == int(run["k"])
    labels = read_tsv(results / "topics/en/labels.tsv")
    assert labels["topic"].astype(int).tolist() == list(range(int(run["k"])))


def test_chunks_and_examples_point_at_the_source_text(results, pipeline_run):
    docs = read_tsv(results / "corpus/documents.tsv").set_index("doc_id")
    texts = {d: raw_text(pipeline_run / docs.loc[d, "path"]) for d in docs.index}
    chunks = read_tsv(results / "topics/en/chunks.tsv")
    segments = read_tsv(results / "corpus/segments.tsv")
    primary = segments[segments["voice"] == "primary"]
    spans = {
        d: [(int(a), int(b)) for a, b in zip(g["start_char"], g["end_char"], strict=True)]
        for d, g in primary.groupby("doc_id")
    }
    for row in chunks.drop_duplicates("chunk_id").itertuples():
        start, end = int(row.start_char), int(row.end_char)
        text = texts[row.doc_id][start:end]
        assert text == text.strip() and text
        if CONFIG["unit"] == "paragraph":  # a paragraph chunk lies inside one primary segment
            assert any(a <= start and end <= b for a, b in spans[row.doc_id])
    sums = floats(chunks, "proportion").groupby("chunk_id")["proportion"].sum()
    assert sums.between(0.999, 1.001).all()
    examples = read_tsv(results / "topics/en/examples.tsv")
    assert len(examples) == CONFIG["examples_per_topic"] * chunks["topic"].nunique()
    for row in examples.itertuples():
        raw = texts[row.doc_id][int(row.start_char) : int(row.end_char)]
        assert row.text == raw.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def test_prevalence_intervals_contain_the_estimate_and_shares_sum_to_one(results):
    table = floats(
        read_tsv(results / "topics/en/prevalence.tsv"), "proportion", "ci_low", "ci_high"
    )
    assert set(table["level"]) == {"genre", "document"}
    assert (table["ci_low"] <= table["proportion"] + 1e-9).all()
    assert (table["proportion"] <= table["ci_high"] + 1e-9).all()
    sums = table.groupby(["level", "group"])["proportion"].sum()
    assert sums.between(0.999, 1.001).all()
    genres = set(read_tsv(results / "corpus/documents.tsv")["genre"])
    assert set(table[table["level"] == "genre"]["group"]) == genres
    documents = floats(read_tsv(results / "topics/en/documents.tsv"), "proportion")
    by_doc = table[table["level"] == "document"].set_index(["group", "topic"])["proportion"]
    for row in documents.itertuples():
        assert by_doc[(row.doc_id, row.topic)] == pytest.approx(row.proportion, rel=1e-5)


def test_seeded_topics_favour_the_lexicon_words(results):
    share = floats(read_tsv(results / "topics/en/seeded_share.tsv"), "median")
    genres = set(read_tsv(results / "corpus/documents.tsv")["genre"])
    genre_rows = share[share["level"] == "genre"]
    assert set(zip(genre_rows["group"], genre_rows["topic"], strict=True)) == {
        (g, t) for g in genres for t in ("militarized", "self_reliance")
    }
    assert share["median"].between(0, 1).all()
    assert (share["n_seeds"].astype(int) == len(set(CONFIG["seeds"]))).all()
    seeds = floats(share, "seed_min", "seed_max")
    assert (seeds["seed_min"] <= share["median"] + 1e-9).all()
    assert (share["median"] <= seeds["seed_max"] + 1e-9).all()
    terms = read_tsv(results / "topics/en/seeded_terms.tsv")
    # on the five embedded documents: 4 seed words in the militarized top ten, 9 in the self-reliance one
    # (the words of conditioned patterns seed too: self-reliance, self-improvement, self-sufficiency)
    for topic in ("militarized", "self_reliance"):
        top = terms[(terms["label"] == topic) & (terms["rank"].astype(int) <= 10)]
        assert (top["seed_word"] == "yes").sum() >= 3, top
    words = read_tsv(results / "topics/en/seed_words.tsv")
    used = words[words["in_vocabulary"] == "yes"]
    # English model: no Chinese terms; the self-reliance words of conditioned patterns are seed words
    # (topics.chunks.own_segments), 9 of them in the vocabulary of the embedded corpus
    assert {"battlefield", "self-reliance", "self-sufficiency", "self-improvement"} <= set(
        used["term"]
    )
    assert (used["category"] == "self_reliance").sum() >= 9


def test_topic_figures_exist(results):
    for name in TOPIC_FIGURES:
        for ext in ("pdf", "png", "svg"):
            assert (results / "paper" / "figures" / f"{name}.{ext}").stat().st_size > 5000


def test_ldavis_page_is_self_contained_and_reproducible(results, tmp_path):
    pytest.importorskip("pyLDAvis")
    pages = []
    for name in ("a.html", "b.html"):
        run_visualize_topic_model(
            str(results / "topics/en/corpus.tsv"),
            str(results / "topics/en/vocabulary.tsv"),
            str(results / "topics/en/final/beta.npy"),
            str(results / "topics/en/final/theta.npy"),
            str(tmp_path / name),
        )
        pages.append((tmp_path / name).read_bytes())
    assert pages[0] == pages[1]
    html = pages[0].decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "new LDAvis(" in html
    assert "<script src=" not in html and 'src="d3.js"' not in html


def scheduled_rules(workdir, *args) -> set[str]:
    """The rules `snakemake --dry-run` would run (the job-count table of --quiet rules)."""
    result = run_snakemake(workdir, "--dry-run", "--quiet", "rules", *args)
    rows = [line.split() for line in (result.stdout + result.stderr).splitlines()]
    return {r[0] for r in rows if len(r) == 2 and r[1].isdigit() and r[0] != "total"}


def test_a_new_label_reruns_only_what_shows_labels(pipeline_run, tmp_path):
    """topics.labels reaches only label_topics and the figure and table that show labels (and the
    provenance record, which holds the whole config); the sweep and the model tables stay."""
    extra = tmp_path / "labels.yaml"
    extra.write_text(
        yaml.safe_dump({"topics": {"labels": [{"topic": 0, "label": "Innovation"}]}}),
        encoding="utf-8",
    )
    rules = scheduled_rules(pipeline_run, "--configfile", "config/config.yaml", str(extra))
    assert rules - {"all", "write_provenance"} == {
        "label_topics",
        "plot_topic_figures",
        "table_topic_terms",
    }


# --- the gwr experiment at scale: ../shared/external/bilingual-gwr (13 bilingual releases, about 2,300
# chunks), with a reduced sweep grid. Skipped when the corpus or its experiment config is absent.

GWR_EXPERIMENT = ROOT / "config" / "experiments" / "gwr.yaml"
GWR_SWEEP = {
    "languages": ["en", "zh"],
    "k": [4],
    "seeds": [1, 2],
    "passes": 2,
    "iterations": 50,
    "bootstrap_resamples": 200,
}
needs_gwr = pytest.mark.skipif(
    not GWR.is_dir() or not GWR_EXPERIMENT.is_file(),
    reason="bilingual-gwr or its experiment is absent",
)


@pytest.fixture(scope="module")
def gwr(tmp_path_factory):
    """The gwr experiment's topic stage (reduced sweep) in a temporary copy; ../shared is linked."""
    tmp = tmp_path_factory.mktemp("gwr")
    (tmp / "shared").symlink_to(GWR.parents[1])
    work = copy_project(tmp / "project")
    (work / "config" / "test_topics.yaml").write_text(
        yaml.safe_dump({"topics": GWR_SWEEP}), encoding="utf-8"
    )
    run_snakemake(
        work,
        *[
            f"results/gwr/{path}"
            for lang in GWR_SWEEP["languages"]
            for path in (
                f"paper/figures/topic_selection_{lang}.png",
                f"paper/figures/topic_prevalence_by_genre_{lang}.png",
                f"topics/{lang}/seeded_share.tsv",
            )
        ],
        "--configfile",
        "config/experiments/gwr.yaml",
        "config/test_topics.yaml",
    )
    return work


@needs_gwr
def test_gwr_sweep_has_every_run(gwr):
    table = read_tsv(gwr / "results/gwr/topics/zh/selection.tsv")
    assert len(table) == 2 * len(GWR_SWEEP["k"]) * (len(GWR_SWEEP["seeds"]) + 1)
    assert (table["chosen"] == "yes").sum() == 2
    stability = table["stability"].astype(float)
    assert stability.between(0, 1).all()


@needs_gwr
def test_gwr_chunks_keep_chinese_lexicon_terms_and_point_at_the_text(gwr):
    corpus = read_tsv(gwr / "results/gwr/topics/zh/corpus.tsv")
    assert len(corpus) > 500 and set(corpus["lang"]) == {"zh"}  # one model per language
    documents = read_tsv(gwr / "results/gwr/corpus/documents.tsv").set_index("doc_id")
    texts = {d: raw_text(gwr / documents.loc[d, "path"]) for d in documents.index}
    terms = {t for row in corpus["terms"] for t in row.split(" ")}
    # jieba alone splits these; the topic segmenter knows the lexicon
    assert {"自立自强", "关键核心技术", "攻坚战"} <= terms
    zh = corpus
    assert set(read_tsv(gwr / "results/gwr/topics/en/corpus.tsv")["lang"]) == {"en"}
    for row in zh.itertuples():
        chunk = texts[row.doc_id][int(row.start_char) : int(row.end_char)]
        assert all(term in chunk for term in row.terms.split(" "))


@needs_gwr
def test_gwr_prevalence_and_seeded_share_cover_every_genre(gwr):
    genres = set(read_tsv(gwr / "results/gwr/corpus/documents.tsv")["genre"])
    prevalence = read_tsv(gwr / "results/gwr/topics/zh/prevalence.tsv")
    assert set(prevalence[prevalence["level"] == "genre"]["group"]) == genres
    low, est, high = (prevalence[c].astype(float) for c in ("ci_low", "proportion", "ci_high"))
    assert ((low <= est + 1e-9) & (est <= high + 1e-9)).all()
    share = read_tsv(gwr / "results/gwr/topics/zh/seeded_share.tsv")
    by_genre = share[share["level"] == "genre"]
    assert set(by_genre["group"]) == genres
    assert set(by_genre["topic"]) == {"militarized", "self_reliance"}
