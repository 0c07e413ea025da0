"""topics/chunks.py: chunk terms (English hyphen compounds, Chinese lexicon terms kept whole), the
lexicons' seed terms, paragraph and window chunks with exact offsets."""

from __future__ import annotations

import pytest
from conftest import ROOT

from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.tokens import load_pipeline, stop_words, tokenize_segments
from policy_rhetoric.topics.chunks import (
    TOPIC_LANGUAGES,
    chinese_segmenter,
    chinese_terms,
    english_terms,
    lexicon_terms,
    make_chunks,
    own_segments,
    write_lexicon_terms,
)
from policy_rhetoric.topics.corpus import read_lexicon_terms

LEXICONS = [ROOT / "config/lexicons/militarized.yaml", ROOT / "config/lexicons/self_reliance.yaml"]
STOP_WORDS = stop_words(TOPIC_LANGUAGES)


def test_english_terms_keep_hyphen_compounds_and_drop_noise():
    nlp = load_pipeline("en", "blank")
    doc = nlp(
        "We must win the battles for self-reliance in 2035, and 10 core technologies (核心技术)."
    )
    assert english_terms(doc, STOP_WORDS) == [
        "win",
        "battle",
        "self-reliance",
        "core",
        "technology",
    ]


def test_chinese_terms_keep_lexicon_terms_that_jieba_splits():
    import jieba

    text = "坚决打赢关键核心技术攻坚战，实现自主可控。"
    assert "关键核心技术" not in jieba.lcut(text)  # jieba alone: 关键|核心技术, 自主|可控
    zh = tuple(sorted({t for cat in lexicon_terms(LEXICONS).values() for t in cat["zh"]}))
    terms = chinese_terms(text, chinese_segmenter(zh), STOP_WORDS)
    assert terms == ["打赢", "关键核心技术", "攻坚战", "自主可控"]  # 坚决, 实现: spaCy stop words
    # the process-global jieba dictionary is untouched
    assert "关键核心技术" not in jieba.lcut(text)


def test_lexicon_terms_from_the_project_lexicons():
    terms = lexicon_terms(LEXICONS)
    assert sorted(terms) == ["militarized", "self_reliance"]
    assert {"battlefield", "weapon", "containment"} <= set(terms["militarized"]["en"])
    assert {"domestic_substitution", "chokepoint", "core_technology"} <= set(
        terms["self_reliance"]["en"]
    )
    # conditioned patterns give the words they are about, not the technology words they stand near
    assert {"self-reliance", "self-sufficiency", "dependence", "bottleneck"} <= set(
        terms["self_reliance"]["en"]
    )
    assert not {"technology", "science", "industry", "foreign"} & set(terms["self_reliance"]["en"])
    assert {"关键核心技术", "卡脖子", "自立自强"} <= set(terms["self_reliance"]["zh"])
    assert not any("..." in t for cat in terms.values() for t in cat["zh"])


def test_own_segments_keep_the_pattern_words_not_their_condition():
    patterns = [
        "self-reliance|self-sufficiency ... ... science|technology|industry",
        "innovation|technology ... self-reliance|self-sufficiency",
        "reduce|lessen ... dependence|reliance|dependency",
        "autonomy ... control",
        "supply chain",
    ]
    assert own_segments(patterns) == [
        ["self-reliance|self-sufficiency"],  # recurs in two patterns; the technology lists vary
        ["self-reliance|self-sufficiency"],
        ["reduce|lessen"],  # both once: the narrower (2 alternatives against 3)
        ["autonomy"],  # 1 against 1: a tie keeps both
        ["control"],
        ["supply", "chain"],
    ]
    # one condition list repeated beside several phrases recurs most, but the phrase is kept
    assert own_segments(
        [
            "dependence|reliance on ... foreign|import|overseas",
            "rely on ... foreign|import|overseas",
            "through|by our own efforts ... grain|technology|supply",
            "grain|technology|supply ... through|by our own efforts",
        ]
    ) == [
        ["dependence|reliance", "on"],
        ["rely", "on"],
        ["through|by", "our", "own", "efforts"],
        ["through|by", "our", "own", "efforts"],
    ]


def test_lexicon_terms_take_the_words_of_conditioned_patterns(tmp_path):
    lexicon = tmp_path / "sr.yaml"
    lexicon.write_text(
        "category: sr\nversion: '1'\nsubcategories:\n  s:\n    entries:\n"
        "      - id: a\n"
        '        en: ["self-reliance|self-sufficiency ... ... ... science|technologies",'
        ' "innovation ... self-reliance|self-sufficiency", "dependence on ... foreign|imported|west",'
        ' "core technology", "key * area"]\n'
        '        zh: ["自立自强", "减少...依赖"]\n',
        encoding="utf-8",
    )
    assert lexicon_terms([lexicon]) == {
        "sr": {
            "en": ["core_technology", "self-reliance", "self-sufficiency"],
            "zh": ["自立自强"],
        }
    }  # no science, technology, innovation, foreign, imported, west (conditions); "dependence on"
    # is two words of one lemma term ("on" is no term), so neither a word nor a phrase


def test_chunks_are_paragraphs_or_windows_with_exact_offsets():
    path = ROOT / "resources/corpus/003_d6f9097df6b254f5.txt"
    raw = raw_text(path)
    en_start = raw.index('"Techno-scientific innovation has become')  # first quoted passage
    en_end = raw.index("\n", en_start)
    zh_start = raw.index("科技创新成为国际战略博弈的主要战场")  # its Chinese original
    zh_end = raw.index("\n", zh_start)
    segments = [
        {"doc_id": "d", "seg_id": 0, "start_char": en_start, "voice": "primary", "lang": "en",
         "text": raw[en_start:en_end]},
        {"doc_id": "d", "seg_id": 1, "start_char": en_end, "voice": "commentary", "lang": "en",
         "text": raw[en_end:zh_start]},
        {"doc_id": "d", "seg_id": 2, "start_char": zh_start, "voice": "primary", "lang": "zh",
         "text": raw[zh_start:zh_end]},
    ]  # fmt: skip
    docs, _ = tokenize_segments(segments, {"en": "blank", "zh": "blank"})
    common = dict(stopwords=STOP_WORDS, segmenter=chinese_segmenter(()))
    paragraphs = make_chunks(docs, unit="paragraph", window_sentences=5, **common)
    assert [(c.lang, raw[c.start : c.end]) for c in paragraphs] == [
        ("en", raw[en_start:en_end].strip()),
        ("zh", raw[zh_start:zh_end].strip()),
    ]
    windows = make_chunks(docs, unit="window", window_sentences=1, **common)
    assert len(windows) > 2 and all(c.doc_id == "d" for c in windows)
    assert all(raw[c.start : c.end] == raw[c.start : c.end].strip() for c in windows)
    assert (
        make_chunks(docs, unit="paragraph", window_sentences=5, languages=("en",), **common)[0]
        == (paragraphs[0])
    )


def test_lexicon_terms_file_reads_back_per_language(tmp_path):
    # prepare_topic_corpus writes each category's seed terms in the model's language; fit_seeded_topics
    # reads them back instead of lemmatizing the lexicons again: the same lists, and a category with no
    # term in the language (here "sr" in zh) stays, with no terms (it still gets its seeded topic).
    seeds = lexicon_terms(LEXICONS)
    seeds["sr"] = {"en": ["self-reliance"], "zh": []}
    for lang in TOPIC_LANGUAGES:
        path = tmp_path / f"{lang}.tsv"
        write_lexicon_terms(seeds, lang, str(path))
        assert read_lexicon_terms(str(path)) == {cat: t[lang] for cat, t in seeds.items()}
    assert read_lexicon_terms(str(tmp_path / "zh.tsv"))["sr"] == []
    assert (tmp_path / "zh.tsv").read_text(encoding="utf-8").endswith("\nsr\t\n")
    bad = tmp_path / "bad.tsv"
    bad.write_text("category\twords\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no column 'term'"):
        read_lexicon_terms(str(bad))
