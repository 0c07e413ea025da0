"""Matching on crafted text: inflections, multiword entries, exclusions, Chinese inside words, offsets."""

from __future__ import annotations

import pandas as pd
import pytest

from policy_rhetoric.core.text import simplified
from policy_rhetoric.corpus.tokens import SENTENCE_COLUMNS, load_pipeline, tokenize_segments
from policy_rhetoric.rhetoric.lexicon import Entry, Lexicon, load_lexicons
from policy_rhetoric.rhetoric.matching import RhetoricMatcher, score_document
from policy_rhetoric.rhetoric.rates import rate_table

LEXICONS = ["config/lexicons/militarized.yaml", "config/lexicons/self_reliance.yaml"]


@pytest.fixture(scope="module")
def matcher(root):
    return RhetoricMatcher(load_lexicons([root / p for p in LEXICONS]), load_pipeline("en"))


def score_text(text: str, matcher, lang: str = "en", voice: str = "primary"):
    segments = [
        {"doc_id": "t", "seg_id": 0, "start_char": 0, "voice": voice, "lang": lang, "text": text}
    ]
    docs, sentences = tokenize_segments(segments, {})
    table = pd.DataFrame(
        sentences,
        columns=list(SENTENCE_COLUMNS),
    )
    return score_document(docs, table, matcher, text), table


def test_inflected_multiword_entry_matches_with_exact_offsets(matcher):
    text = "China resolutely won the battles of key and core technologies."
    rows, _ = score_text(text, matcher)
    found = {(r[6], r[2], r[3], r[7]) for r in rows}
    assert ("win_the_battle", 17, 32, "won the battles") in found
    assert ("core_technologies", 36, 61, "key and core technologies") in found


def test_overlapping_entries_count_one_span_once(matcher):
    rows, _ = score_text("They must win the battle.", matcher)
    militarized = [r for r in rows if r[4] == "militarized"]
    assert [(r[6], r[7]) for r in militarized] == [("win_the_battle", "win the battle")]


def test_exclusion_vetoes_non_combat_sense(matcher):
    rows, _ = score_text(
        "We strike a balance between growth and the needs of the labor force.", matcher
    )
    assert rows == []


def test_poverty_battles_count_as_their_own_term(matcher):
    # the codebook does not exempt domestic campaigns; they are one term, visible in term influence
    rows, _ = score_text("We strike a balance and win the battle against poverty.", matcher)
    assert [(r[6], r[7]) for r in rows] == [("campaign_battle", "battle against poverty")]


def test_capitalised_and_curly_apostrophe_forms_match(matcher):
    rows, _ = score_text("Develop unique “Assassin’s maces” now.", matcher)
    assert [(r[6], r[7]) for r in rows] == [("assassins_mace", "Assassin’s maces")]


def test_chinese_terms_match_inside_longer_words(matcher):
    text = "努力实现关键核心技术自主可控,解决卡脖子问题。"
    rows, _ = score_text(text, matcher, lang="zh")
    found = [(r[6], r[2], r[3], r[7]) for r in rows]
    assert ("core_technologies", 4, 10, "关键核心技术") in found
    assert ("autonomy_control", 10, 14, "自主可控") in found
    assert ("chokepoint", 17, 20, "卡脖子") in found
    assert not any(r[7] == "核心技术" for r in rows)


def test_matches_never_cross_sentences(root):
    lexicon = Lexicon(
        "militarized",
        "t",
        "t",
        "0",
        {"x": "x"},
        [Entry("militarized", "x", "gap", en=("win ... battle",))],
    )
    matcher = RhetoricMatcher([lexicon], load_pipeline("en"))
    rows, _ = score_text("We win. The battle is over.", matcher)
    assert rows == []
    rows, _ = score_text("We win this hard battle.", matcher)
    assert [r[7] for r in rows] == ["win this hard battle"]


def test_boilerplate_sentence_is_not_counted_in_primary_rate(matcher):
    sentences = pd.DataFrame(
        [("d", 0, 0, 10, "primary", "en", 10, "x"), ("d", 1, 11, 20, "boilerplate", "en", 5, "y")],
        columns=list(SENTENCE_COLUMNS),
    )
    matches = pd.DataFrame(
        [("d", 1, "boilerplate", "en", "militarized")],
        columns=["doc_id", "sent_id", "voice", "lang", "category"],
    )
    docs = pd.DataFrame({"doc_id": ["d"], "genre": ["speech"]})
    table = rate_table(sentences, matches, docs, ["militarized"]).set_index("voice")
    assert int(table.loc["primary", "hits"]) == 0 and int(table.loc["primary", "tokens"]) == 10
    assert (
        int(table.loc["boilerplate", "hits"]) == 1
        and float(table.loc["boilerplate", "rate_per_1k"]) == 200.0
    )


def found(rows):
    return [(r[4], r[6], r[7]) for r in rows]


def test_chinese_matches_across_jieba_token_boundaries(matcher):
    # jieba segments 供应链|安全 and 关键|核心技术; character matching is blind to that
    text = "维护产业链供应链安全稳定，打赢关键核心技术攻坚战。"
    rows, _ = score_text(text, matcher, lang="zh")
    assert found(rows) == [
        ("self_reliance", "supply_chain_security", "链安全"),
        ("militarized", "win_the_battle", "打赢"),
        ("self_reliance", "core_technologies", "关键核心技术"),
        ("militarized", "campaign_battle", "攻坚战"),
    ]
    for r in rows:
        assert text[r[2] : r[3]] == r[7]


def test_offsets_are_exact_with_a_byte_order_mark_and_a_later_segment(matcher):
    text = "\ufeff卡脖子问题。"
    rows, _ = score_text(text, matcher, lang="zh")
    assert [(r[2], r[3], r[7]) for r in rows] == [(1, 4, "卡脖子")]
    segments = [
        {"doc_id": "t", "seg_id": 0, "start_char": 0, "voice": "commentary", "lang": "en",
         "text": "Intro line.\n"},
        {"doc_id": "t", "seg_id": 1, "start_char": 12, "voice": "primary", "lang": "en",
         "text": "They fought a war."},
    ]  # fmt: skip
    docs, sentences = tokenize_segments(segments, {})
    table = pd.DataFrame(
        sentences,
        columns=list(SENTENCE_COLUMNS),
    )
    raw = "Intro line.\nThey fought a war."
    rows = score_document(docs, table, matcher, raw)
    assert [(r[1], r[2], r[3], r[7], r[8]) for r in rows] == [
        (1, 17, 29, "fought a war", "primary"),
    ]


def test_no_span_is_counted_twice_within_a_category_but_categories_may_share(matcher):
    rows, _ = score_text("面对技术封锁，我们坚持关键核心技术自主可控。", matcher, lang="zh")
    assert found(rows) == [
        ("self_reliance", "export_controls", "技术封锁"),
        ("militarized", "blockade", "封锁"),
        ("self_reliance", "core_technologies", "关键核心技术"),
        ("self_reliance", "autonomy_control", "自主可控"),
    ]
    rows, _ = score_text("We need key and core technologies in our own hands.", matcher)
    assert found(rows) == [
        ("self_reliance", "core_technologies", "key and core technologies"),
        ("self_reliance", "own_hands", "in our own hands"),
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The U.S. is containing China.", [("containment", "containing China")]),
        ("They struck at dawn, fought on, and won battles.", [("attack", "struck"), ("combat", "fought"),
                                                               ("win_the_battle", "won battles")]),
        ("Bottlenecks are common in core technologies.", [("chokepoint", "Bottlenecks are common in core technologies")]),
        ("Improve the deployment of scientific and technological innovation forces.",
         [("strategic_forces", "deployment of scientific and technological innovation forces")]),
        ("It is a crucial front; on all fronts we advance.", [("front_line", "crucial front"), ("front_line", "on all fronts")]),
        ("Self reliance in technology. Then self-reliance in science.",
         [("self_reliance", "Self reliance in technology"), ("self_reliance", "self-reliance in science")]),
        # 2.1.0: technological self-reliance, not a spirit in a list; the pairing of 自立自强 counts
        ("A spirit of self-confidence, self-reliance, and innovation.", []),
        ("Achieve self-reliance and self-improvement.",
         [("self_reliance", "self-reliance and self-improvement")]),
        ("Taiwan is relying on foreign powers.", []),
        ("The West imposed technology sanctions against Russia.", []),
        ("The West imposed technology sanctions against China.",
         [("export_controls", "technology sanctions")]),
    ],
)  # fmt: skip
def test_inflections_gaps_and_forms(matcher, text, expected):
    rows, _ = score_text(text, matcher)
    assert [(r[6], r[7]) for r in rows] == expected


@pytest.mark.parametrize(
    "text,lang",
    [
        ("The global economy is struggling to recover.", "en"),
        ("Put the issue front and center, in front of the public.", "en"),
        ("Local outbreaks were suppressed in an effective manner.", "en"),
        ("We adopted containment measures against covid-19 promptly.", "en"),
        ("The report contains five chapters on development.", "en"),
        ("Each plan contained the growth targets.", "en"),
        ("坚决遏制重特大事故，上涨势头得到遏制。", "zh"),
        ("在面临挑战时，我们坚持独立自主的和平外交政策。", "zh"),
        ("把14亿人的饭碗牢牢端在自己手中。", "zh"),
    ],
)
def test_exclusions_and_left_out_senses_give_no_match(matcher, text, lang):
    rows, _ = score_text(text, matcher, lang=lang)
    assert rows == []


def test_real_sentences_of_the_seed_corpus(matcher, root):
    from policy_rhetoric.core.text import raw_text

    text = raw_text(root / "resources/corpus/003_d6f9097df6b254f5.txt")
    start = text.index("Develop unique")
    sentence = text[start : text.index("enemies.", start) + len("enemies.")]
    rows, _ = score_text(sentence, matcher)
    assert found(rows) == [
        ("militarized", "assassins_mace", "assassin’s maces"),
        ("militarized", "attack", "surprise attacks"),
        ("militarized", "enemy", "enemies"),
    ]


def _zh_terms(matcher, text: str) -> list[tuple[str, str]]:
    doc = load_pipeline("zh")(text)
    return [(key.split("/")[1], text[s:e]) for key, s, e in matcher.match_doc(doc, "zh")]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("努力培养一流科技领军人才和创新团队。", "军人"),  # 领军|人才
        ("要加强思维和能力的培养。", "维和"),  # 思维|和
        ("必须大力加强军队建设。", "强军"),  # 加强|军队
        ("发展壮大战略性新兴产业。", "大战"),  # 壮大|战略性
    ],
)
def test_chinese_match_straddling_a_word_boundary_is_dropped(matcher, text, absent):
    assert absent not in {m for _, m in _zh_terms(matcher, text)}


@pytest.mark.parametrize(
    ("text", "term", "matched"),
    [
        ("突破关键核心技术。", "core_technologies", "关键核心技术"),  # whole words 关键|核心技术
        ("坚持维和行动。", "military", "维和"),  # one word
        ("这是经济主战场。", "battlefield", "战场"),  # inside one word 主战场
        ("提高自主创新能力。", "independent_innovation", "自主创新"),  # head of 创新能力
        ("确保供应链稳定。", "supply_chain_security", "链稳定"),  # tail of 供应链
    ],
)
def test_chinese_terms_that_are_words_or_parts_of_one_word_stay(matcher, text, term, matched):
    assert (term, matched) in _zh_terms(matcher, text)


def test_straddles_on_word_spans():
    from policy_rhetoric.rhetoric.matching import straddles, word_cuts

    words = word_cuts([(0, 2), (2, 4)])  # 领军|人才
    assert straddles(words, 1, 3)  # 军人
    assert not straddles(words, 0, 4) and not straddles(words, 0, 2) and not straddles(words, 1, 2)
    words = word_cuts([(0, 2), (2, 3), (3, 5)])  # 思维|和|能力
    assert straddles(words, 1, 3)  # 维和
    assert not straddles(words, 2, 5)  # 和能力: whole words


def test_traditional_characters_are_matched_with_their_original_characters_and_offsets(matcher):
    # the 1954 work report (cn-political-zh) is in traditional characters: the simplified lexicon
    # found almost nothing in it; a same-length mapping keeps every offset on the source's characters
    text = "加強國防建設,實現關鍵核心技術自主可控。"
    rows, _ = score_text(text, matcher, lang="zh")
    found = [(r[6], r[2], r[3], r[7]) for r in rows]
    assert ("military", 2, 4, "國防") in found
    assert ("core_technologies", 9, 15, "關鍵核心技術") in found
    assert ("autonomy_control", 15, 19, "自主可控") in found
    assert all(text[s:e] == m for _, s, e, m in found)


def test_simplified_keeps_length_and_simplified_text():
    assert simplified("戰場與國防") == "战场与国防"
    assert simplified("努力实现关键核心技术自主可控") == "努力实现关键核心技术自主可控"
    assert len(simplified("們國發來這個說時會對經學與為實現")) == 16
