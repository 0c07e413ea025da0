"""Corpus stage, tokens: spaCy Docs per segment, sentences with offsets into the source file.

Defaults run on what installs from the package registries: English is spacy.blank("en") with the
rule-based sentencizer and lowercase lookup lemmas (spacy-lookups-data); Chinese is spacy.blank("zh")
with the jieba segmenter and the sentencizer. A trained pipeline named in the config is used when
installed (and is an error when not), with its lemmas lowercased so lexicon patterns match either way.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import spacy
import spacy.lang.en.stop_words
import spacy.lang.zh.stop_words
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import gather_tsv, read_tsv, write_tsv

SENTENCE_COLUMNS = (
    "doc_id",
    "sent_id",
    "start_char",
    "end_char",
    "voice",
    "lang",
    "n_tokens",
    "text",
)
DOCBIN_ATTRS = ["ORTH", "LEMMA", "SPACY", "SENT_START", "NORM"]


@Language.factory("lowercase_lookup_lemmatizer")
def _make_lookup_lemmatizer(nlp: Language, name: str):
    """Lemma = lookup table entry of the lowercased word (the table itself is case-sensitive)."""
    from spacy.lookups import load_lookups

    table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    strings = nlp.vocab.strings

    def lemmatize(doc: Doc) -> Doc:
        for token in doc:
            lower = token.lower_.replace("\u2019", "'")
            token.lemma = strings.add(table.get(lower, lower))
        return doc

    return lemmatize


@Language.component("lowercase_lemmas")
def _lowercase_lemmas(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = (token.lemma_ or token.text).lower().replace("\u2019", "'")
    return doc


def load_pipeline(lang: str, model: str = "blank") -> Language:
    """The spaCy pipeline for `lang` ("en" or "zh"); `model` is "blank" or an installed pipeline's name.

    One instance per (lang, model) per process, so Docs and matchers share a vocabulary."""
    return _load_pipeline(lang, model)


@cache
def _load_pipeline(lang: str, model: str) -> Language:
    if model != "blank":
        if not spacy.util.is_package(model):
            raise InputError(
                "config",
                f"nlp.{lang}_model names the spaCy pipeline {model!r}, which is not installed",
                f"install it (pip install {model}) or set nlp.{lang}_model: blank",
            )
        nlp = spacy.load(model)
        if (
            "parser" not in nlp.pipe_names
            and "senter" not in nlp.pipe_names
            and "sentencizer" not in nlp.pipe_names
        ):
            nlp.add_pipe("sentencizer")
        nlp.add_pipe("lowercase_lemmas", last=True)
        return nlp
    if lang == "en":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lowercase_lookup_lemmatizer")
        return nlp
    if lang == "zh":
        import jieba

        jieba.setLogLevel(logging.WARNING)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lowercase_lemmas")
        return nlp
    raise ValueError(f"unsupported language {lang!r}")


def stop_words(languages: Iterable[str] = ("en",), extra: Iterable[str] = ()) -> frozenset[str]:
    """spaCy's stop-word lists of `languages` (as spaCy ships them) plus `extra`, lowercased."""
    lists = {"en": spacy.lang.en.stop_words.STOP_WORDS, "zh": spacy.lang.zh.stop_words.STOP_WORDS}
    words = frozenset(w for lang in languages for w in lists[lang])
    return words | frozenset(w.lower() for w in extra)


def is_counted(token) -> bool:
    """Tokens that count toward rates: not white space, not punctuation."""
    return not (token.is_space or token.is_punct)


def tokenize_segments(
    segments: Iterable[dict], models: dict[str, str]
) -> tuple[list[Doc], list[tuple]]:
    """One Doc per segment (user_data: doc_id, seg_id, offset, voice, lang) and the sentence rows.

    Sentences never cross segments; their offsets drop surrounding white space; white-space-only
    sentences are left out."""
    docs: list[Doc] = []
    sentences: list[tuple] = []
    by_lang: dict[str, list[dict]] = {}
    for seg in segments:
        by_lang.setdefault(seg["lang"], []).append(seg)
    ordered: list[tuple[dict, Doc]] = []
    for lang, segs in by_lang.items():
        nlp = load_pipeline(lang, models.get(lang, "blank"))
        # A segment is one line or less, and a line may be longer than spaCy's max_length (1,000,000
        # characters, error E088), which guards the memory of a parser or NER. The blank pipelines
        # have neither (tokenizer, sentencizer, lookup lemmas: memory linear in the text), so the
        # limit is raised to the longest segment instead of cutting lines; a trained pipeline with a
        # parser then needs memory for that line (about 1 GB per 100,000 characters, spaCy says).
        nlp.max_length = max(nlp.max_length, 1 + max(len(s["text"]) for s in segs))
        for seg, doc in zip(segs, nlp.pipe(s["text"] for s in segs), strict=True):
            ordered.append((seg, doc))
    ordered.sort(key=lambda pair: int(pair[0]["start_char"]))
    for seg, doc in ordered:
        offset = int(seg["start_char"])
        doc.user_data.update(
            doc_id=seg["doc_id"],
            seg_id=int(seg["seg_id"]),
            offset=offset,
            voice=seg["voice"],
            lang=seg["lang"],
        )
        docs.append(doc)
        for sent in doc.sents:
            text = sent.text
            stripped = text.strip()
            if not stripped:
                continue
            lead = len(text) - len(text.lstrip())
            start = offset + sent.start_char + lead
            sentences.append(
                (
                    seg["doc_id"],
                    len(sentences),
                    start,
                    start + len(stripped),
                    seg["voice"],
                    seg["lang"],
                    sum(map(is_counted, sent)),
                    stripped,
                )
            )
    return docs, sentences


def write_tokens(
    docbin_path: str | os.PathLike,
    sentences_path: str | os.PathLike,
    docs: list[Doc],
    sentences: list[tuple],
) -> None:
    """Keep the Docs (DocBin with lemmas and sentence starts) and write the sentence table."""
    binary = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True, docs=docs).to_bytes()
    Path(docbin_path).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(str(docbin_path) + ".tmp")
    tmp.write_bytes(binary)
    os.replace(tmp, docbin_path)
    write_tsv(sentences_path, sentences, SENTENCE_COLUMNS)


def read_docs(docbin_path: str | os.PathLike) -> list[Doc]:
    """The Docs of one document, as the tokenize stage kept them."""
    vocab = load_pipeline("en", "blank").vocab
    return list(DocBin().from_bytes(Path(docbin_path).read_bytes()).get_docs(vocab))


def run_tokenize_document(
    segments_tsv: str, docbin_out: str, sentences_out: str, *, en_model: str, zh_model: str
) -> None:
    """Rule tokenize_document: one document's segments -> kept Docs + sentence table."""

    segments = read_tsv(segments_tsv).to_dict("records")
    docs, sentences = tokenize_segments(segments, {"en": en_model, "zh": zh_model})
    write_tokens(docbin_out, sentences_out, docs, sentences)


def run_gather_sentences(tables: list[str], output: str) -> None:
    """Rule gather_sentences: all documents' sentence tables in one, by doc_id and sent_id."""

    gather_tsv(tables, output, SENTENCE_COLUMNS)
