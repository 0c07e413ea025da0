"""Dictionary expansion (rule expand_lexicon) on a crafted corpus: seeds, the share of a candidate's
sentences that already hold a match, KWIC offsets into the raw text, and identical reruns."""

from __future__ import annotations

import pandas as pd

from policy_rhetoric.corpus.tokens import load_pipeline
from policy_rhetoric.rhetoric.expansion import (
    EXPANSION_COLUMNS,
    corpus_sentences,
    propose_candidates,
    seed_words,
    stable_hash,
)
from policy_rhetoric.rhetoric.lexicon import Entry

SENTENCES = [
    "We must win the battle for chips.",
    "The rampart of industry stands firm.",
    "They fight the battle every day.",
    "A rampart protects the battle line.",
    "The rampart grows in the west.",
    "Our rampart and our battle are one.",
] * 3


def crafted_corpus():
    text = " ".join(SENTENCES)
    nlp = load_pipeline("en", "blank")
    doc = nlp(text)
    doc.user_data.update(doc_id="d1", offset=0, lang="en", seg_id=0, voice="primary")
    # matches of "battle" (category militarized) at every occurrence
    rows, start = [], 0
    while (i := text.find("battle", start)) >= 0:
        rows.append(("d1", i, i + 6, "militarized", "battle", "win_the_battle", "battle", "en"))
        start = i + 1
    columns = [
        "doc_id",
        "start_char",
        "end_char",
        "category",
        "subcategory",
        "term",
        "matched_text",
        "lang",
    ]
    return text, [doc], pd.DataFrame(rows, columns=columns)


class Lexicon:
    category = "militarized"
    entries = [Entry("militarized", "battle", "win_the_battle", en=("win|fight ... battle",))]


def test_seeds_come_from_matches_or_else_from_the_patterns():
    from_patterns = seed_words([Lexicon()], "en", str.split)
    assert from_patterns[("militarized", "battle")] == {"win", "fight", "battle"}
    assert from_patterns[("militarized", "all")] == {"win", "fight", "battle"}
    _, _, matches = crafted_corpus()
    assert seed_words([Lexicon()], "en", str.split, matches)[("militarized", "battle")] == {
        "battle"
    }


def test_candidates_carry_matched_share_counts_and_kwic_offsets():
    text, docs, matches = crafted_corpus()
    sentences = corpus_sentences(docs, "en")
    assert len(sentences) == len(SENTENCES)
    seeds = seed_words([Lexicon()], "en", str.split, matches)
    rows = propose_candidates(
        sentences, seeds, matches, {"d1": text}, "en", seed=1, vector_size=8, min_count=3, epochs=5,
        top_n=50,
    )  # fmt: skip
    table = pd.DataFrame(rows, columns=EXPANSION_COLUMNS)
    assert set(table["subcategory"]) == {"all", "battle"}
    assert "battle" not in set(table["candidate"])  # a seed is never a candidate
    assert not set(table["candidate"]) & {"the", "our", "are", "and"}  # nor a stop word
    rampart = table[(table["subcategory"] == "all") & (table["candidate"] == "rampart")].iloc[0]
    # 4 sentences x 3 copies; 2 of the 4 (a rampart protects the battle line; our rampart and our
    # battle) hold a match of "battle"
    assert (rampart["frequency"], rampart["documents"], rampart["sentences"]) == (12, 1, 12)
    assert rampart["matched_share"] == 0.5
    assert rampart["nearest_seed"] == "battle"
    where, context = rampart["kwic_1"].split(" ", 1)
    start, end = map(int, where.split(":")[1].split("-"))
    assert text[start:end] == "rampart" and "[rampart]" in context
    assert table.groupby("subcategory")["rank"].apply(list).tolist() == [
        list(range(1, n + 1)) for n in table.groupby("subcategory").size()
    ]


def test_reruns_are_identical_and_the_hash_is_not_salted():
    assert stable_hash("rampart1") == stable_hash("rampart1") == 625762830  # zlib.crc32
    text, docs, matches = crafted_corpus()
    sentences = corpus_sentences(docs, "en")
    seeds = seed_words([Lexicon()], "en", str.split, matches)
    runs = [
        propose_candidates(
            sentences, seeds, matches, {"d1": text}, "en", seed=7, vector_size=8, epochs=3
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
