"""Voice defaults without per-document annotations, and the error when no text is primary voice."""

from __future__ import annotations

import pytest

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.corpus.segments import check_primary_text, run_segment_document
from policy_rhetoric.corpus.voice import segment_text

# a speech file as the Chinese speeches come: title, date line, source line, heading, body, body
SPEECH = (
    "在俄罗斯中国旅游年开幕式上的致辞\n"
    "（２０１３年３月２２日，莫斯科）\n"
    "2016年05月19日07:05 来源：人民网－人民日报\n"
    "一、总体要求\n"
    "女士们，先生们，朋友们：\n"
    "我们要坚定不移走自主创新道路，打赢关键核心技术攻坚战。\n"
)


def voices(text, annotation=None, default_voice="commentary"):
    return [
        (text[s.start : s.end].strip(), s.voice, s.rule)
        for s in segment_text(text, annotation, default_voice)
    ]


def test_corpus_default_primary_leaves_header_lines_boilerplate():
    assert voices(SPEECH, default_voice="primary") == [
        ("在俄罗斯中国旅游年开幕式上的致辞", "boilerplate", "heading"),
        ("（２０１３年３月２２日，莫斯科）", "boilerplate", "heading"),
        ("2016年05月19日07:05 来源：人民网－人民日报", "boilerplate", "heading"),
        ("一、总体要求", "boilerplate", "heading"),
        ("女士们，先生们，朋友们：", "primary", "default"),
        ("我们要坚定不移走自主创新道路，打赢关键核心技术攻坚战。", "primary", "default"),
    ]


def test_without_a_default_body_lines_are_commentary():
    assert [v for _, v, r in voices(SPEECH) if r == "default"] == ["commentary", "commentary"]


def test_an_annotation_default_wins_over_the_document_or_corpus_default():
    got = voices(SPEECH, {"default_voice": "commentary"}, default_voice="primary")
    assert [v for _, v, r in got if r == "default"] == ["commentary", "commentary"]


def test_a_bad_default_voice_is_refused():
    with pytest.raises(ValueError, match="not one of"):
        segment_text(SPEECH, None, "main")


def test_segment_document_takes_the_default_voice(tmp_path):
    source = tmp_path / "d.txt"
    source.write_text(SPEECH, encoding="utf-8")
    out = tmp_path / "seg.tsv"
    run_segment_document(str(source), str(out), doc_id="d", annotation={}, default_voice="primary")
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    assert [r.split("\t")[4] for r in rows].count("primary") == 2


def test_no_primary_text_is_an_error_naming_the_setting(tmp_path):
    source = tmp_path / "d.txt"
    source.write_text(SPEECH, encoding="utf-8")
    out = tmp_path / "seg.tsv"
    run_segment_document(str(source), str(out), doc_id="d", annotation={})
    with pytest.raises(InputError) as info:
        check_primary_text([str(out)])
    assert "no document has primary-voice text" in info.value.problem
    assert "corpus.default_voice: primary" in info.value.fix
    run_segment_document(str(source), str(out), doc_id="d", annotation={}, default_voice="primary")
    check_primary_text([str(out)])
