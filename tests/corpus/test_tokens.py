"""Tokenization: lemmas, Chinese segmentation, sentence offsets into the source."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from conftest import tokenize_embedded_shard

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.corpus.tokens import load_pipeline, tokenize_segments

ROOT = Path(__file__).resolve().parents[2]


def test_english_lemmas_are_lowercase_lookups():
    doc = load_pipeline("en")("Winning Battles, they WON.")
    assert [t.lemma_ for t in doc] == ["win", "battle", ",", "they", "win", "."]


def test_chinese_uses_jieba_words():
    doc = load_pipeline("zh")("科技创新成为国际战略博弈的主要战场")
    assert [t.text for t in doc] == [
        "科技",
        "创新",
        "成为",
        "国际",
        "战略",
        "博弈",
        "的",
        "主要",
        "战场",
    ]


def test_jieba_dictionary_read_whole_is_the_one_jieba_loads(tmp_path):
    import jieba

    from policy_rhetoric.corpus.tokens import _initialize_jieba

    own = jieba.Tokenizer()
    own.tmp_dir = str(tmp_path)
    own.initialize()  # no cache file yet: jieba builds the dictionary and writes its cache
    assert (tmp_path / "jieba.cache").is_file()
    ours = jieba.Tokenizer()
    ours.tmp_dir = str(tmp_path)
    _initialize_jieba(ours)
    assert ours.initialized
    assert (ours.total, len(ours.FREQ)) == (own.total, len(own.FREQ))
    assert ours.FREQ == own.FREQ
    assert ours.lcut("科技自立自强是国家发展的战略支撑") == own.lcut(
        "科技自立自强是国家发展的战略支撑"
    )


def test_jieba_without_a_cache_file_is_left_to_jieba(tmp_path):
    import jieba

    from policy_rhetoric.corpus.tokens import _initialize_jieba

    segmenter = jieba.Tokenizer()
    segmenter.tmp_dir = str(tmp_path / "empty")
    _initialize_jieba(segmenter)
    assert not segmenter.initialized
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "jieba.cache").write_bytes(b"not marshal")
    segmenter.tmp_dir = str(tmp_path / "bad")
    _initialize_jieba(segmenter)
    assert not segmenter.initialized


def test_sentences_carry_offsets_of_the_source():
    text = "Header line\n  First sentence here. Second one!\n\n"
    segments = [
        {
            "doc_id": "d",
            "seg_id": 0,
            "start_char": 0,
            "voice": "boilerplate",
            "lang": "en",
            "text": text[:12],
        },
        {
            "doc_id": "d",
            "seg_id": 1,
            "start_char": 12,
            "voice": "primary",
            "lang": "en",
            "text": text[12:],
        },
    ]
    _, sentences = tokenize_segments(segments, {})
    assert [(s[1], s[2], s[3], s[4], s[6], s[7]) for s in sentences] == [
        (0, 0, 11, "boilerplate", 2, "Header line"),
        (1, 14, 34, "primary", 3, "First sentence here."),
        (2, 35, 46, "primary", 2, "Second one!"),
    ]
    assert all(text[s[2] : s[3]] == s[7] for s in sentences)


def test_a_named_pipeline_that_is_not_installed_is_a_clear_error():
    with pytest.raises(InputError, match="not installed"):
        load_pipeline("en", "en_core_web_nonexistent")


def test_a_line_longer_than_spacys_max_length_is_tokenized():
    """Issue 10: a line of 1,200,001 characters failed with spaCy E088 although the README promises
    that very long lines are fine; the blank pipelines raise max_length to the longest segment."""
    text = ("Independent innovation is the battle. " * 31_600)[:1_200_001]
    segment = {
        "doc_id": "d",
        "seg_id": 0,
        "start_char": 0,
        "end_char": len(text),
        "voice": "primary",
        "lang": "en",
        "text": text,
    }
    docs, sentences = tokenize_segments([segment], {"en": "blank", "zh": "blank"})
    assert (
        len(docs[0].text) == 1_200_001 and len(sentences) == 31_579
    )  # 38 characters each, the last without its space


def test_docbin_bytes_and_docs_from_bytes_are_spacys_docbin():
    """Issue 14: the fast DocBin writer and reader give spaCy's bytes and Docs, also for annotations
    the blank pipelines never set (tags, morphology, dependencies, entities, spans, categories) and
    for English and Chinese Docs (two vocabularies) in one bin."""
    from spacy.tokens import DocBin, Span

    from policy_rhetoric.corpus.tokens import DOCBIN_ATTRS, docbin_bytes, docs_from_bytes

    en = load_pipeline("en")("We won the battle. Then we rested.")
    for token, (tag, dep, morph) in zip(
        en, [("PRP", "nsubj", "Case=Nom"), ("VBD", "ROOT", "Tense=Past")], strict=False
    ):
        token.tag_, token.dep_ = tag, dep
        token.set_morph(morph)
    en.ents = [Span(en, 3, 4, label="EVENT")]
    en.spans["found"] = [Span(en, 1, 4, label="BATTLE", kb_id="Q1")]
    en.cats = {"militarized": 1.0}
    en.user_data.update(doc_id="d", seg_id=0, offset=3)
    zh = load_pipeline("zh")("科技创新成为主要战场。")
    zh.user_data.update(doc_id="d", seg_id=1, offset=40)
    empty = load_pipeline("en")("")
    docs = [en, zh, empty]
    expected = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True, docs=docs).to_bytes()
    assert docbin_bytes(docs) == expected
    spacy_docs = list(DocBin().from_bytes(expected).get_docs(en.vocab))
    ours = docs_from_bytes(expected, en.vocab)
    assert [d.to_json() for d in ours] == [d.to_json() for d in spacy_docs]
    assert [d.user_data for d in ours] == [d.user_data for d in spacy_docs]
    assert [d.spans["found"][0].label_ for d in ours[:1]] == ["BATTLE"]


def test_sentence_starts_and_lemmas_are_the_sentencizers_and_the_lookup_lemmatizers(tmp_path):
    """The blank pipelines set sentence starts and lemmas from token arrays (one Doc: a loop; nlp.pipe:
    batches): the same SENT_START as spaCy's Sentencizer and the same lemmas as the lookup table of
    the lowercase word, on crafted edge cases (a text that begins with a full stop, runs of marks,
    quotes after a full stop, white space, empty text) and on the embedded corpus, English and Chinese."""
    import spacy
    from spacy.attrs import LEMMA, SENT_START
    from spacy.lookups import load_lookups

    from policy_rhetoric.core.text import raw_text
    from policy_rhetoric.corpus.tokens import load_pipeline

    crafted = [
        "",
        ".",
        ". Then",
        'Stop!! "Quoted." Next one?) (Maybe) yes... no',
        "A\n\nB.  C",
        "?!",
        "It's the U.S. Army’s view.",
    ]
    corpus = ROOT / "resources/corpus"
    lines = [line for p in sorted(corpus.glob("*.txt")) for line in raw_text(p).split("\n")]
    table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    for lang in ("en", "zh"):
        nlp = load_pipeline(lang)
        config = {"nlp": {"tokenizer": {"segmenter": "jieba"}}} if lang == "zh" else {}
        bare = spacy.blank(lang, config=config)
        bare.add_pipe("sentencizer")
        texts = crafted + lines
        for one, batched, expected in zip(
            (nlp(t) for t in texts), nlp.pipe(texts, batch_size=7), bare.pipe(texts), strict=True
        ):
            want = expected.to_array(SENT_START).tolist()
            assert one.to_array(SENT_START).tolist() == want, expected.text
            assert batched.to_array(SENT_START).tolist() == want, expected.text
            lower = [t.lower_.replace("\u2019", "'") for t in expected]
            lemmas = [table.get(w, w) for w in lower] if lang == "en" else lower
            assert [t.lemma_ for t in one] == lemmas
            assert one.to_array(LEMMA).tolist() == batched.to_array(LEMMA).tolist()


def test_a_shards_docbin_is_spacys_docbin_of_its_docs(tmp_path):
    """run_tokenize_shard writes its DocBin from the token arrays it takes once per Doc (blank
    pipelines: the columns no component sets are zeros); the bytes are DocBin.add's + to_bytes's but
    compressed by ISA-L at its level 1 (a zlib stream: the same bytes once decompressed by zlib, read
    back by DocBin.from_bytes as the same Docs)."""
    from isal import isal_zlib
    from spacy.tokens import DocBin

    from policy_rhetoric.core.tables import read_tsv
    from policy_rhetoric.corpus.tokens import DOCBIN_ATTRS

    source, seg, docbin, _ = tokenize_embedded_shard(tmp_path)
    ids = sorted(source)
    expected = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
    segments = read_tsv(seg).to_dict("records")
    for doc_id in ids:
        docs, _ = tokenize_segments([s for s in segments if s["doc_id"] == doc_id], {})
        for doc in docs:
            expected.add(doc)
    assert {s["lang"] for s in segments} == {"en", "zh"}
    written, spacy_bytes = Path(docbin).read_bytes(), expected.to_bytes()
    assert zlib.decompress(written) == zlib.decompress(spacy_bytes)
    assert written == isal_zlib.compress(zlib.decompress(spacy_bytes), 1)
    vocab = load_pipeline("en", "blank").vocab
    ours = list(DocBin().from_bytes(written).get_docs(vocab))
    theirs = list(expected.get_docs(vocab))
    assert [d.to_json() for d in ours] == [d.to_json() for d in theirs]
    assert [d.user_data for d in ours] == [d.user_data for d in theirs]


def test_the_table_pipeline_computes_only_what_token_tables_read():
    from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER, NORM

    from policy_rhetoric.corpus.tokens import _table_pipeline

    table_nlp = _table_pipeline("en")
    assert set(table_nlp.vocab.lex_attr_getters) == {NORM, LOWER, IS_PUNCT, IS_SPACE}
    assert table_nlp.vocab is not load_pipeline("en").vocab
    word = load_pipeline("en")("Self-reliance")[0]  # the shared pipeline keeps every attribute
    assert (word.is_alpha, word.shape_) == (True, "Xxxx")
    assert [(t.norm_, t.lower_, t.is_punct) for t in table_nlp("Self-reliance!")] == [
        ("self", "self", False),
        ("-", "-", True),
        ("reliance", "reliance", False),
        ("!", "!", True),
    ]
