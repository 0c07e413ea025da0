"""Topic stage on the real pipeline run (embedded corpus): contracts, the sweep and the chosen run,
offsets of chunks and examples, prevalence intervals, seeded topics, byte-identical reruns."""

from __future__ import annotations

import hashlib
import shutil

import numpy as np
import pytest
import yaml
from conftest import ROOT, run_snakemake

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.core.text import raw_text

CONFIG = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))["topics"]
COLUMNS = {
    "topics/selection.tsv": [
        "family",
        "k",
        "seed",
        "coherence_cv",
        "coherence_npmi",
        "exclusivity",
        "perplexity",
        "stability",
    ],
    "topics/terms.tsv": ["topic", "rank", "term", "weight", "frex"],
    "topics/labels.tsv": ["topic", "label"],
    "topics/chunks.tsv": [
        "doc_id",
        "chunk_id",
        "start_char",
        "end_char",
        "lang",
        "n_terms",
        "topic",
        "proportion",
    ],
    "topics/documents.tsv": ["doc_id", "genre", "topic", "proportion"],
    "topics/prevalence.tsv": ["level", "group", "topic", "proportion", "ci_low", "ci_high"],
    "topics/examples.tsv": [
        "topic",
        "rank",
        "doc_id",
        "start_char",
        "end_char",
        "proportion",
        "text",
    ],
    "topics/seeded_share.tsv": ["level", "group", "topic", "proportion", "ci_low", "ci_high"],
}
TOPIC_TABLES = sorted(
    [*COLUMNS, "topics/corpus.tsv", "topics/vocabulary.tsv", "topics/seeded_terms.tsv"]
    + ["topics/seed_words.tsv", "topics/stability_pairs.tsv"]
)


def floats(frame, *columns):
    return frame.assign(**{c: frame[c].replace("NA", "nan").astype(float) for c in columns})


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_topic_tables_start_with_the_contract_columns(results, name):
    columns = list(read_tsv(results / name).columns)
    assert columns[: len(COLUMNS[name])] == COLUMNS[name]


def test_selection_has_every_run_and_a_summary_per_family_and_k(results):
    table = floats(
        read_tsv(results / "topics/selection.tsv"),
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
    table = floats(read_tsv(results / "topics/selection.tsv"), "stability")
    chosen = table[table["chosen"] == "yes"]
    assert sorted(chosen["seed"].tolist()) == sorted([chosen["seed"].iloc[0], "mean"])
    run = chosen[chosen["seed"] != "mean"].iloc[0]
    assert run["family"] == "lda"
    same_k = table[
        (table["family"] == "lda") & (table["k"] == run["k"]) & (table["seed"] != "mean")
    ]
    assert run["stability"] == same_k["stability"].max()
    terms = read_tsv(results / "topics/terms.tsv")
    assert terms["topic"].astype(int).nunique() == int(run["k"])
    labels = read_tsv(results / "topics/labels.tsv")
    assert labels["topic"].astype(int).tolist() == list(range(int(run["k"])))


def test_chunks_and_examples_point_at_the_source_text(results, pipeline_run):
    docs = read_tsv(results / "corpus/documents.tsv").set_index("doc_id")
    texts = {d: raw_text(pipeline_run / docs.loc[d, "path"]) for d in docs.index}
    chunks = read_tsv(results / "topics/chunks.tsv")
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
    examples = read_tsv(results / "topics/examples.tsv")
    assert len(examples) == CONFIG["examples_per_topic"] * chunks["topic"].nunique()
    for row in examples.itertuples():
        raw = texts[row.doc_id][int(row.start_char) : int(row.end_char)]
        assert row.text == raw.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def test_prevalence_intervals_contain_the_estimate_and_shares_sum_to_one(results):
    table = floats(read_tsv(results / "topics/prevalence.tsv"), "proportion", "ci_low", "ci_high")
    assert set(table["level"]) == {"genre", "document"}
    assert (table["ci_low"] <= table["proportion"] + 1e-9).all()
    assert (table["proportion"] <= table["ci_high"] + 1e-9).all()
    sums = table.groupby(["level", "group"])["proportion"].sum()
    assert sums.between(0.999, 1.001).all()
    genres = set(read_tsv(results / "corpus/documents.tsv")["genre"])
    assert set(table[table["level"] == "genre"]["group"]) == genres
    documents = floats(read_tsv(results / "topics/documents.tsv"), "proportion")
    by_doc = table[table["level"] == "document"].set_index(["group", "topic"])["proportion"]
    for row in documents.itertuples():
        assert by_doc[(row.doc_id, row.topic)] == pytest.approx(row.proportion, rel=1e-5)


def test_seeded_topics_favour_the_lexicon_words(results):
    share = floats(read_tsv(results / "topics/seeded_share.tsv"), "proportion", "ci_low", "ci_high")
    genres = set(read_tsv(results / "corpus/documents.tsv")["genre"])
    genre_rows = share[share["level"] == "genre"]
    assert set(zip(genre_rows["group"], genre_rows["topic"], strict=True)) == {
        (g, t) for g in genres for t in ("militarized", "self_reliance")
    }
    assert share["proportion"].between(0, 1).all()
    seeds = floats(share, "seed_min", "seed_max")
    assert (seeds["seed_min"] <= share["proportion"] + 1e-9).all()
    assert (share["proportion"] <= seeds["seed_max"] + 1e-9).all()
    terms = read_tsv(results / "topics/seeded_terms.tsv")
    for topic in ("militarized", "self_reliance"):
        top = terms[(terms["label"] == topic) & (terms["rank"].astype(int) <= 10)]
        assert (top["seed_word"] == "yes").sum() >= 3, top
    words = read_tsv(results / "topics/seed_words.tsv")
    used = words[words["in_vocabulary"] == "yes"]
    assert {"battlefield", "self-reliance", "核心技术"} <= set(used["term"])


def test_topic_figures_exist(results):
    for name in ("topic_selection", "topic_prevalence_by_genre"):
        for ext in ("pdf", "png"):
            assert (results / "paper" / "figures" / f"{name}.{ext}").stat().st_size > 5000


def test_rerun_gives_byte_identical_topic_tables(pipeline_run, tmp_path):
    """Rerunning every topic job from the same inputs reproduces every topic table and figure."""
    work = tmp_path / "again"
    shutil.copytree(pipeline_run, work, ignore=shutil.ignore_patterns(".snakemake"))
    outputs = [f"results/default/{name}" for name in TOPIC_TABLES] + [
        f"results/default/paper/figures/{n}.{e}"
        for n in ("topic_selection", "topic_prevalence_by_genre")
        for e in ("pdf", "png")
    ]

    def digest(root):
        return {o: hashlib.sha256((root / o).read_bytes()).hexdigest() for o in outputs}

    before = digest(work)
    for output in outputs:
        (work / output).unlink()
    for run in (work / "results/default/topics/sweep").rglob("*.npy"):
        run.unlink()
    run_snakemake(work, *outputs)
    assert digest(work) == before
    first = f"lda/k{CONFIG['k'][0]}/seed{CONFIG['seeds'][0]}"
    beta = np.load(work / f"results/default/topics/sweep/{first}/beta.npy")
    assert np.allclose(beta.sum(axis=1), 1.0)


def test_ldavis_page_is_self_contained_and_reproducible(results, tmp_path):
    pytest.importorskip("pyLDAvis")
    from policy_rhetoric.topics.model import run_visualize_topic_model

    sweep = results / "topics" / "sweep"
    betas = [str(p) for p in sorted(sweep.rglob("beta.npy"))]
    thetas = [str(p) for p in sorted(sweep.rglob("theta.npy"))]
    pages = []
    for name in ("a.html", "b.html"):
        run_visualize_topic_model(
            str(results / "topics/selection.tsv"),
            str(results / "topics/corpus.tsv"),
            str(results / "topics/vocabulary.tsv"),
            betas,
            thetas,
            str(tmp_path / name),
        )
        pages.append((tmp_path / name).read_bytes())
    assert pages[0] == pages[1]
    html = pages[0].decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "new LDAvis(" in html
    assert "<script src=" not in html and 'src="d3.js"' not in html
