"""Dictionary expansion (rule expand_lexicon) on crafted text: phrases, coverage, unit affinity, the
discrimination z-score, the filters, the note when no embedding is trained, KWIC offsets into the raw
text, and identical reruns."""

from __future__ import annotations

import pandas as pd

from policy_rhetoric.corpus.tokens import load_pipeline, stop_words
from policy_rhetoric.rhetoric.expansion import (
    EXPANSION_COLUMNS,
    corpus_sentences,
    merge_phrases,
    occurrence_coverage,
    phrase_pairs,
    propose_candidates,
    seed_words,
    stable_hash,
    unit_affinity,
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
MATCH_COLUMNS = [
    "doc_id",
    "start_char",
    "end_char",
    "category",
    "subcategory",
    "term",
    "matched_text",
    "lang",
]


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
    return text, [doc], pd.DataFrame(rows, columns=MATCH_COLUMNS)


class Lexicon:
    category = "militarized"
    entries = [Entry("militarized", "battle", "win_the_battle", en=("win|fight ... battle",))]


def table(**kwargs):
    text, docs, matches = crafted_corpus()
    settings = dict(seed=1, vector_size=8, min_count=3, epochs=3, top_n=50, kwic_window=20,
                    max_sentence_share=1.0, min_embedding_tokens=10**6)  # fmt: skip
    settings.update(kwargs)
    rows = propose_candidates(
        corpus_sentences(docs, "en"),
        [Lexicon()],
        matches,
        {"d1": text},
        "en",
        str.split,
        **settings,
    )
    return text, pd.DataFrame(rows, columns=EXPANSION_COLUMNS)


def test_seeds_of_the_patterns():
    seeds = seed_words([Lexicon()], "en", str.split)
    assert (
        seeds[("militarized", "battle")]
        == seeds[("militarized", "all")]
        == {
            "win",
            "fight",
            "battle",
        }
    )


def test_adjacent_words_that_go_together_become_one_phrase_with_joined_offsets():
    text, docs, _ = crafted_corpus()
    sentences = corpus_sentences(docs, "en")
    stop = stop_words(["en"])
    # "stands firm" (3 of 3 times together, NPMI 1) and "battle line" (3 of 12 "battle"s) pass 0.5;
    # no pair holds a stop word (the, every); "rampart" and "industry" are not adjacent ("of")
    pairs = phrase_pairs(sentences, stop, min_count=3, threshold=0.5)
    assert ("stands", "firm") in pairs and ("battle", "line") in pairs
    assert not any("the" in p or "every" in p for p in pairs)
    assert ("rampart", "industry") not in pairs and ("battle", "chips") not in pairs
    merged = merge_phrases(sentences, {("stands", "firm")}, "en")
    second = merged[1]
    assert "stands firm" in second["words"]
    start, end = second["spans"][second["words"].index("stands firm")]
    assert text[start:end] == "stands firm"


def test_occurrence_coverage_counts_occurrences_inside_matches():
    _, docs, matches = crafted_corpus()
    covered = occurrence_coverage(corpus_sentences(docs, "en"), matches)
    assert covered[("militarized", "battle")]["battle"] == 12
    assert covered[("militarized", "all")]["battle"] == 12
    assert covered[("militarized", "all")]["rampart"] == 0


def test_unit_affinity_is_the_best_unit_share_of_seeds():
    seeds = ["军队", "军人"]
    vocabulary = ["军队", "军人", "军民", "我军", "我们"]
    # 军: 2 seeds / (4 vocabulary words + 1) = 0.4; 我: 0 / (2 + 1); 们: none
    assert unit_affinity(["我军", "我们"], seeds, vocabulary, "zh").tolist() == [0.4, 0.0]
    # English units are the words of a phrase
    assert unit_affinity(["trade war"], ["war"], ["war", "trade war"], "en").tolist() == [1 / 3]


def test_candidates_carry_counts_z_shares_and_kwic_without_an_embedding():
    text, out = table()
    assert set(out["subcategory"]) == {"all", "battle"}
    # 102 kept words (34 a copy) less 15 merges (battle line, rampart protects, rampart grows, industry
    # stands, then industry stands + firm; 3 copies each) train on 87 tokens
    assert set(out["embedding"]) == {"not trained: 87 tokens < min_embedding_tokens 1000000"}
    assert out["similarity"].isna().all() and (out["nearest_seed"] == "").all()
    # never a word already matched (battle), a phrase over a match (battle line), a stop word
    assert not set(out["candidate"]) & {"battle", "battle line", "the", "our", "and", "one"}
    # rampart is in 6 of the 12 reference sentences and in all 6 search sentences: more typical of
    # the search set (z < 0), so not proposed; "protects" (3 sentences, all with a match) is
    assert "rampart" not in set(out["candidate"])
    protects = out[(out["subcategory"] == "all") & (out["candidate"] == "protects")].iloc[0]
    assert (protects["frequency"], protects["documents"], protects["sentences"]) == (3, 1, 3)
    assert (protects["reference_sentences"], protects["new_sentences"]) == (3, 0)
    assert protects["matched_share"] == 1.0
    # the phrase "rampart protects" is a candidate too, and the word inside it still counts
    assert "rampart protects" in set(out["candidate"])
    # KWIC: offsets into the raw text, the candidate in brackets
    where, context = protects["kwic_1"].split(" ", 1)
    start, end = map(int, where.split(":")[1].split("-"))
    assert text[start:end] == "protects" and "[protects]" in context
    for _, part in out.groupby("subcategory"):
        assert part["rank"].tolist() == list(range(1, len(part) + 1))
        assert part["score"].is_monotonic_decreasing
    # only words more typical of the reference sentences than of the search sentences
    assert (out["log_odds_z"] > 0).all()


def test_words_in_too_many_sentences_are_too_general():
    _, wide = table(max_sentence_share=1.0)
    _, narrow = table(max_sentence_share=0.2)  # 0.2 x 18 sentences: at most 3.6
    assert "rampart protects" in set(wide["candidate"]) and "rampart protects" in set(
        narrow["candidate"]
    )  # 3 sentences
    assert "fight" in set(wide["candidate"]) and len(narrow) <= len(wide)
    assert (narrow["sentences"] <= 3.6).all()


def test_with_an_embedding_similarity_is_filled_and_reruns_are_identical():
    assert stable_hash("rampart1") == stable_hash("rampart1") == 625762830  # zlib.crc32
    _, first = table(min_embedding_tokens=0)
    _, second = table(min_embedding_tokens=0)
    pd.testing.assert_frame_equal(first, second)
    assert set(first["embedding"]) == {"trained"}
    with_vector = first[first["similarity"].notna()]
    assert len(with_vector) and set(with_vector["nearest_seed"]) <= {"battle", "battle line"}
