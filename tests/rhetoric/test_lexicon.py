"""Lexicon files: validation errors, pattern syntax, lemma review, and constructs added by config alone."""

from __future__ import annotations

import textwrap

import pytest
from spacy.matcher import Matcher

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.corpus.tokens import load_pipeline
from policy_rhetoric.rhetoric.lexicon import (
    english_token_patterns,
    lemma_review,
    load_lexicon,
    load_lexicons,
)
from policy_rhetoric.rhetoric.matching import RhetoricMatcher, TokenPatterns

LEXICONS = ["config/lexicons/militarized.yaml", "config/lexicons/self_reliance.yaml"]
THIRD = textwrap.dedent(
    """\
    category: openness
    version: "0.1"
    subcategories:
      cooperation:
        label: Open cooperation
        entries:
          - id: open_cooperation
            en: ["open cooperation", "international cooperation"]
            zh: ["开放合作"]
            note: a crafted third construct for tests
    """
)


@pytest.fixture(scope="module")
def en():
    return load_pipeline("en")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_project_lexicons_load_with_versions_and_subcategories(root):
    mil, sr = load_lexicons([root / p for p in LEXICONS])
    assert (mil.category, sr.category) == ("militarized", "self_reliance")
    assert (mil.version, sr.version) == ("2.3.1", "2.4.0")
    assert list(mil.labels) == [
        "battle",
        "war_combat",
        "weapons",
        "offense_attack",
        "strategy_forces",
        "containment",
        "defense_military",
        "struggle",
    ]
    assert list(sr.labels) == [
        "self_reliance",
        "independent_innovation",
        "core_technologies",
        "chokepoints",
        "autonomy_control",
        "supply_chain",
        "mercy_of_others",
    ]
    assert all(e.note for lx in (mil, sr) for e in lx.entries)
    assert all(e.en and e.zh for lx in (mil, sr) for e in lx.entries)


def test_schema_error_names_file_and_field(tmp_path):
    path = write(tmp_path, "bad.yaml", THIRD.replace("id: open_cooperation", "id: Open-Coop"))
    with pytest.raises(InputError) as err:
        load_lexicon(path)
    assert "bad.yaml" in str(err.value) and "subcategories/cooperation/entries/0/id" in str(
        err.value
    )


def test_duplicate_ids_and_categories_are_refused(tmp_path):
    entry = "      - id: a\n        en: [x]\n"
    dup = write(
        tmp_path,
        "dup.yaml",
        "category: c\nversion: '1'\nsubcategories:\n  s:\n    entries:\n" + entry * 2,
    )
    with pytest.raises(InputError, match="used twice"):
        load_lexicon(dup)
    one = write(tmp_path, "one.yaml", THIRD)
    two = write(tmp_path, "two.yaml", THIRD)
    with pytest.raises(InputError, match="more than one lexicon file"):
        load_lexicons([one, two])


def test_uncompilable_pattern_names_file_and_entry(tmp_path, en):
    path = write(tmp_path, "gap.yaml", THIRD.replace('"open cooperation"', '"... cooperation"'))
    with pytest.raises(InputError) as err:
        RhetoricMatcher([load_lexicon(path)], en)
    assert "gap.yaml" in str(err.value) and "'open_cooperation'" in str(err.value)


def test_pattern_syntax_compiles_to_matcher_dicts(en):
    (fronts,) = english_token_patterns("=fronts", en)
    assert fronts == [{"LOWER": "fronts"}]
    (won,) = english_token_patterns("won the? battles", en)
    assert won == [
        {"LEMMA": "win"},
        {"IS_QUOTE": True, "OP": "?", "IS_SENT_START": False},
        {"LEMMA": "the", "OP": "?", "IS_SENT_START": False},
        {"IS_QUOTE": True, "OP": "?", "IS_SENT_START": False},
        {"LEMMA": "battle", "IS_SENT_START": False},
    ]
    (hyphen,) = english_token_patterns("self-reliance", en)
    assert hyphen[1] == {"ORTH": "-", "OP": "?", "IS_SENT_START": False}
    choices = english_token_patterns("self-supporting|stable chain", en)
    assert len(choices) == 2  # a hyphenated choice is a variant of its own
    (gaps,) = english_token_patterns("core * technology ... field", en)
    assert gaps[1] == {"IS_SENT_START": False} and gaps[3] == {
        "OP": "{0,3}",
        "IS_SENT_START": False,
    }
    for bad in ("... battle", "battle ...", "self-reliance? now"):
        with pytest.raises(ValueError):
            english_token_patterns(bad, en)


def test_a_word_analysed_once_per_pipeline_gives_fresh_dicts(en):
    first = english_token_patterns("won “battles”", en)
    first[0][0]["LEMMA"] = "changed"
    again = english_token_patterns("won “battles”", en)  # the words' analyses come from the cache
    assert again[0][0] == {"LEMMA": "win"} and again[0][-1] == {
        "LEMMA": "battle",
        "IS_SENT_START": False,
    }
    assert english_token_patterns("self-reliance", en)[0][:3] == [
        {"LEMMA": "self"},
        {"ORTH": "-", "OP": "?", "IS_SENT_START": False},
        {"LEMMA": "reliance", "IS_SENT_START": False},
    ]


def test_fast_matcher_agrees_with_spacy_matcher(en):
    patterns = {
        "a": "win|fight ... battle|battles",
        "b": "core * technology|technologies",
        "c": "self-reliance",
        "d": "'asymmetric' strategy",
        "e": "=fronts",
    }
    text = (
        "We fought hard battles and won the battle. Bottlenecks in core chip technologies remain; "
        "self reliance and self-reliance matter. An ‘asymmetric’ strategy works on all fronts, "
        "not one front. Win. Battle."
    )
    doc = en(text)
    spacy_matcher = Matcher(en.vocab)
    ours = TokenPatterns(en.vocab.strings)
    for key, pattern in patterns.items():
        compiled = english_token_patterns(pattern, en)
        spacy_matcher.add(key, compiled)
        ours.add(key, compiled)
    theirs = {(en.vocab.strings[k], s, e) for k, s, e in spacy_matcher(doc)}
    assert set(ours(doc)) == theirs
    assert ("a", 15, 17) not in theirs  # "Win. Battle." crosses a sentence
    assert {doc[s:e].text for _, s, e in ours(doc)} >= {
        "won the battle",
        "core chip technologies",
        "self reliance",
        "self-reliance",
        "asymmetric’ strategy",
        "fronts",
    }


def test_lemma_review_lists_context_free_lookups(root, en):
    rows = lemma_review(load_lexicons([root / p for p in LEXICONS]), en)
    found = {(word, lemma) for _, word, lemma, _ in rows}
    # reviewed: "ground" -> "grind" (so "battleground" and "battle ground" are listed as forms),
    # "developed" -> "develope", "'s" -> "have": the same table lemmatizes text and patterns.
    assert {("ground", "grind"), ("developed", "develope"), ("'s", "have")} <= found
    assert ("armed", "arm") in found and ("forces", "force") in found


def test_third_lexicon_scores_by_config_alone(tmp_path, en):
    third = load_lexicon(write(tmp_path, "openness.yaml", THIRD))
    matcher = RhetoricMatcher([third], en)
    doc = en("We pursue open cooperation.")
    assert matcher.match_doc(doc, "en") == [("openness/open_cooperation", 10, 26)]


def test_the_share_check_needs_a_corpus_large_enough_to_say_anything():
    from policy_rhetoric.corpus.tokens import load_pipeline, stop_words
    from policy_rhetoric.rhetoric.lexicon import check_lexicons, load_lexicons

    lexicons = tuple(load_lexicons(["config/lexicons/militarized.yaml"]))
    stops = {"en": stop_words(("en",)), "zh": stop_words(("zh",))}
    nlp = load_pipeline("en")
    # nine words, one of them a match: 11% but no evidence of a bad entry
    check_lexicons(
        lexicons,
        nlp,
        ("They will win the battle against all of us.",),
        max_share=0.02,
        stop_words=stops,
    )
