"""Matches of a shard of documents: the per-document core of rhetoric.matching (score_token_table,
which finds what score_document finds in the Docs) run over the shard's DocBin as token arrays (no Doc is
rebuilt; English matching runs once over the whole shard), into one match table per shard."""

from __future__ import annotations

from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.shard_tokens import read_token_table
from policy_rhetoric.corpus.tokens import load_pipeline
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.match_table import write_matches
from policy_rhetoric.rhetoric.matching import (
    RhetoricMatcher,
    read_sentence_offsets,
    score_token_table,
)


def run_match_shard(
    docbin: str,
    sentences_tsv: str,
    sources: list[str],
    lexicon_paths: list[str],
    output: str,
    *,
    doc_ids: list[str],
    en_model: str = "blank",
) -> None:
    """Rule match_shard: the matches of one shard's documents (`doc_ids` with their `sources`, the
    shard's DocBin and sentence table), as run_match_rhetoric finds them document by document."""
    source_of = dict(zip(doc_ids, sources, strict=True))
    matcher = RhetoricMatcher(load_lexicons(lexicon_paths), load_pipeline("en", en_model))
    table = read_token_table(docbin)
    strangers = sorted({seg["doc_id"] for seg in table.segments} - set(source_of))
    if strangers:
        raise ValueError(
            f"{docbin}: holds document(s) {strangers}, which are not of this shard ({doc_ids}); "
            "rerun the tokenize step of the shard"
        )
    sentences = read_sentence_offsets(sentences_tsv)
    rows = score_token_table(table, sentences, matcher, lambda doc_id: raw_text(source_of[doc_id]))
    write_matches(output, rows)
