"""The paper's figures: the rows of the stage tables each plots (on crafted tables) and each figure
rendered on small data (non-empty PDF/PNG/SVG, byte-identical across two renders)."""

from __future__ import annotations

import logging
import re
import warnings

import numpy as np
import pandas as pd
import pytest

from policy_rhetoric.paper import (
    cooccurrence,
    genre_rates,
    genre_window,
    keyness,
    position,
    rhetoric_by_genre,
    subcategories,
    translation,
    trends,
    voice_by_document,
)
from policy_rhetoric.paper.style import GENRE_COLORS, figure_style, place_labels, save_figure
from policy_rhetoric.rhetoric import inference
from policy_rhetoric.rhetoric import trends as trends_stage
from policy_rhetoric.rhetoric.cooccurrence import COOCCURRENCE_COLUMNS
from policy_rhetoric.rhetoric.keyness import KEYNESS_COLUMNS
from policy_rhetoric.rhetoric.rates import (
    DOCUMENT_SCORE_COLUMNS,
    exact_floats,
    position_table,
    subcategory_share_table,
)
from policy_rhetoric.rhetoric.translation import (
    one_sided_terms,
    translation_pair_rates,
    translation_tests,
)

# ---------------------------------------------------------------- crafted tables (contract columns)


def genre_scores_table() -> pd.DataFrame:
    """rhetoric/genre_scores.tsv as the scoring stage writes it (all cells text)."""
    rows = []
    cells = {
        # genre, voice, lang: tokens, {(category, subcategory): hits}
        ("speech", "primary", "en"): (
            2000,
            {
                ("militarized", "battle"): 6,
                ("militarized", "weapons"): 2,
                ("self_reliance", "self_reliance"): 4,
            },
        ),
        ("speech", "primary", "zh"): (0, {}),
        ("speech", "commentary", "en"): (500, {("militarized", "battle"): 1}),
        ("study_outline", "primary", "en"): (
            1000,
            {("militarized", "weapons"): 5, ("self_reliance", "core_technologies"): 3},
        ),
        ("study_outline", "primary", "zh"): (
            400,
            {("militarized", "weapons"): 4, ("self_reliance", "core_technologies"): 2},
        ),
        ("study_outline", "commentary", "en"): (300, {}),
        ("news_report", "primary", "en"): (40, {("self_reliance", "self_reliance"): 4}),
        ("news_report", "commentary", "en"): (600, {("militarized", "battle"): 3}),
    }
    subs = {
        "militarized": ["battle", "weapons"],
        "self_reliance": ["self_reliance", "core_technologies"],
    }
    pooled: dict = {}
    for (genre, voice, lang), (tokens, hits) in cells.items():
        for lang_key in (lang, "all"):
            key = (genre, voice, lang_key)
            pooled.setdefault(key, [0, {}])
            pooled[key][0] += tokens
            for k, v in hits.items():
                pooled[key][1][k] = pooled[key][1].get(k, 0) + v
    for (genre, voice, lang), (tokens, hits) in sorted(pooled.items()):
        for category, names in subs.items():
            for sub in ["all", *names]:
                h = (
                    sum(v for (c, _), v in hits.items() if c == category)
                    if sub == "all"
                    else hits.get((category, sub), 0)
                )
                rate = 1000 * h / tokens if tokens else 0.0
                rows.append(
                    {
                        "genre": genre,
                        "voice": voice,
                        "lang": lang,
                        "category": category,
                        "subcategory": sub,
                        "hits": str(h),
                        "tokens": str(tokens),
                        "sentences": str(tokens // 20),
                        "rate_per_1k": f"{rate:.6g}",
                        "ci_low": f"{rate * 0.5:.6g}",
                        "ci_high": f"{rate * 1.6 + (400 if genre == 'news_report' else 0):.6g}",
                        "documents": "2" if genre == "speech" else "1",
                    }
                )
    return pd.DataFrame(rows)


def document_scores_table() -> pd.DataFrame:
    """rhetoric/document_scores.tsv: the genre table's whole-category rows with a doc_id per genre."""
    table = genre_scores_table()
    table = table[table["subcategory"] == "all"]
    ids = {"speech": "000_speech", "study_outline": "003_outline", "news_report": "001_news"}
    return table.assign(doc_id=table["genre"].map(ids))[list(DOCUMENT_SCORE_COLUMNS)]


SENTENCES = pd.DataFrame(
    [
        # doc_id, sent_id, start, end, voice, lang, n_tokens
        ("d1", 0, 0, 40, "primary", "en", 10),
        ("d1", 1, 40, 60, "primary", "zh", 8),
        ("d1", 2, 60, 100, "commentary", "en", 12),
        ("d1", 3, 100, 140, "primary", "en", 10),
        ("d1", 4, 140, 160, "primary", "zh", 10),
        ("d2", 0, 0, 50, "primary", "en", 20),
        ("d2", 1, 50, 90, "primary", "en", 20),
    ],
    columns=["doc_id", "sent_id", "start_char", "end_char", "voice", "lang", "n_tokens"],
).astype(str)
MATCHES = pd.DataFrame(
    [
        # doc_id, sent_id, start, end, category, subcategory, term, matched_text, voice, lang
        ("d1", 0, 5, 11, "militarized", "battle", "battle", "battle", "primary", "en"),
        ("d1", 1, 42, 44, "militarized", "battle", "battle", "战役", "primary", "zh"),
        (
            "d1",
            1,
            50,
            54,
            "self_reliance",
            "autonomy",
            "autonomy_control",
            "自主可控",
            "primary",
            "zh",
        ),
        ("d1", 2, 70, 76, "militarized", "battle", "battle", "battle", "commentary", "en"),
        (
            "d1",
            3,
            110,
            120,
            "self_reliance",
            "core",
            "core_technologies",
            "core techs",
            "primary",
            "en",
        ),
        (
            "d1",
            4,
            145,
            149,
            "self_reliance",
            "core",
            "core_technologies",
            "核心技术",
            "primary",
            "zh",
        ),
        ("d2", 1, 60, 66, "militarized", "battle", "battle", "battle", "primary", "en"),
    ],
    columns=[
        "doc_id",
        "sent_id",
        "start_char",
        "end_char",
        "category",
        "subcategory",
        "term",
        "matched_text",
        "voice",
        "lang",
    ],
).astype(str)
DOCUMENTS = pd.DataFrame({"doc_id": ["d1", "d2"], "genre": ["study_outline", "speech"]})
PAIRS = pd.DataFrame(
    [("d1", 0, 0, 40, 40, 60), ("d1", 1, 100, 140, 140, 160)],
    columns=["doc_id", "pair_id", "en_start", "en_end", "zh_start", "zh_end"],
).astype(str)
COOCCURRENCE = pd.DataFrame(
    [
        ("paragraph", "primary", "all", 80, 20, 18, 9, 4.5, 2, 8, 0.004),
        ("sentence", "commentary", "all", 175, 12, 9, 1, 0.6, 0, 2, 0.45),
        ("sentence", "primary", "all", 264, 30, 25, 6, 2.8, 0, 6, 0.03),
        ("sentence", "primary", "en", 200, 20, 20, 4, 2.0, 0, 5, 0.2),
    ],
    columns=list(cooccurrence.COOCCURRENCE_COLUMNS),
).astype(str)
KEYNESS = pd.DataFrame(
    [
        (genre, f"{genre[:3]}{i}", c, 10, c + 10, d, 0.5, d / 0.5)
        for genre in ("speech", "study_outline", "news_report", "analysis")
        for i, (c, d) in enumerate([(30, 1.4), (12, 1.1), (9, 0.9), (5, 0.6), (2, 0.1), (0, -1.2)])
    ],
    columns=list(KEYNESS_COLUMNS),
).astype(str)


class Lexicon:
    """The two fields of a lexicon the subcategory table reads."""

    def __init__(self, category, labels):
        self.category, self.labels = category, labels


LEXICONS = [
    Lexicon("militarized", {"battle": "Battle and battlefield", "weapons": "Weapons"}),
    Lexicon(
        "self_reliance",
        {
            "self_reliance": "Self-reliance and self-improvement",
            "core_technologies": "Key and core technologies in one's own hands",
        },
    ),
]
CATEGORIES = ["militarized", "self_reliance"]


def as_read(frame: pd.DataFrame) -> pd.DataFrame:
    """A stage table as the figure rules read it: written with exact floats, every cell text."""
    return exact_floats(frame).astype(str)


def shares_table() -> pd.DataFrame:
    return as_read(subcategory_share_table(genre_scores_table(), LEXICONS))


def pairs_table() -> pd.DataFrame:
    return as_read(translation_pair_rates(PAIRS, SENTENCES, MATCHES, DOCUMENTS, CATEGORIES))


def position_rows(bins=4) -> pd.DataFrame:
    table = position_table(SENTENCES, MATCHES, DOCUMENTS, CATEGORIES, bins=bins)
    return position.position_rows(as_read(table))


# ---------------------------------------------------------------- the rows each figure draws


def crafted_counts() -> pd.DataFrame:
    """rhetoric/document_counts.tsv-like rows: 4 dated speeches (2013-2016), 6 work reports
    (1990-2015) and one study outline (2014), primary voice, languages pooled."""
    rows = []
    docs = [(f"sp{i}", "speech", 2013 + i, 1000 * (i + 1), 6 + 2 * i) for i in range(4)]
    docs += [(f"wr{i}", "work_report", 1990 + 5 * i, 5000, 20 - 3 * i) for i in range(6)]
    docs += [("so0", "study_outline", 2014, 800, 3)]
    for doc_id, genre, year, tokens, hits in docs:
        for category, sub, h in (
            ("militarized", "all", hits),
            ("militarized", "battle", hits // 2),
            ("self_reliance", "all", hits // 3),
            ("self_reliance", "core", hits // 3),
        ):
            rows.append(
                (doc_id, genre, float(year), "primary", "all", category, sub, h, tokens, 10)
            )
    counts = pd.DataFrame(rows, columns=list(inference.DOCUMENT_COUNT_COLUMNS[:10]))
    counts["rate_per_1k"] = 1000 * counts["hits"] / counts["tokens"]
    low, high = inference.exact_rate_interval(counts["hits"], counts["tokens"])
    counts["exact_low"], counts["exact_high"] = 1000 * low, 1000 * high
    counts["flag"] = ""
    return counts


def estimates_table() -> pd.DataFrame:
    estimates, _ = inference.infer_genres(
        crafted_counts(), overlap_years=[2013, 2016], resamples=200, permutations=100
    )
    return as_read(estimates)


def test_genre_points_draw_document_level_intervals_and_every_document():
    points = genre_rates.genre_points(estimates_table(), as_read(crafted_counts()))
    assert list(points.columns) == list(genre_rates.GENRE_POINT_COLUMNS)
    genres = points[(points["level"] == "genre") & (points["category"] == "militarized")]
    genres = genres.set_index("genre")
    assert genres.loc["study_outline", "unit"] == "document"
    assert genres.loc["study_outline", "interval"] == "exact Poisson"
    assert genres.loc["speech", "interval"] == "document bootstrap"
    assert (genres.loc["speech", "hits"], genres.loc["speech", "tokens"]) == (36, 10000)
    assert genres.loc["speech", "documents"] == 4
    docs = points[(points["level"] == "document") & (points["category"] == "militarized")]
    assert len(docs) == 11
    window = genre_rates.genre_points(
        estimates_table(), as_read(crafted_counts()), years="2013-2016"
    )
    in_window = window[(window["level"] == "document") & (window["category"] == "militarized")]
    assert sorted(in_window["doc_id"]) == ["so0", "sp0", "sp1", "sp2", "sp3", "wr5"]
    assert window[(window["level"] == "genre") & (window["genre"] == "work_report")][
        "unit"
    ].tolist() == ["document", "document"]


def test_trend_points_skip_undated_genres_and_carry_the_sample():
    summary, curve = trends_stage.trend_tables(crafted_counts())
    points = trends.trend_points(as_read(crafted_counts()), as_read(curve), as_read(summary))
    assert set(points["genre"]) == {"work_report"}  # speeches span 4 documents (< 5): no trend
    row = points[(points["level"] == "summary") & (points["category"] == "militarized")].iloc[0]
    assert (row["documents"], row["hits"], row["tokens"]) == (6, 75, 30000)
    assert row["rate_per_1k"] < 1  # the crafted reports decline


def test_genre_voice_rates_select_both_voices_pooled_over_languages():
    rates = rhetoric_by_genre.genre_voice_rates(genre_scores_table())
    row = rates[
        (rates["genre"] == "study_outline")
        & (rates["voice"] == "primary")
        & (rates["category"] == "self_reliance")
    ]
    assert row[["hits", "tokens"]].iloc[0].tolist() == [5, 1400]
    assert set(rates["voice"]) == {"primary", "commentary"}
    assert len(rates) == 12


def test_subcategory_rows_keep_lexicon_order_and_put_genres_in_figure_order():
    shares = subcategories.subcategory_rows(shares_table())
    assert len(shares) == 4 * 3
    assert list(dict.fromkeys(shares["subcategory"])) == [
        "battle",
        "weapons",
        "self_reliance",
        "core_technologies",
    ]
    assert shares["genre"].tolist()[:3] == ["speech", "study_outline", "news_report"]
    speech = shares[(shares["genre"] == "speech") & (shares["category"] == "militarized")]
    assert speech.set_index("subcategory")["share"].to_dict() == {"battle": 0.75, "weapons": 0.25}
    news = shares[(shares["genre"] == "news_report") & (shares["category"] == "militarized")]
    assert news["share"].isna().all() and (news["category_hits"] == 0).all()


def test_document_voice_rates_pair_primary_and_commentary_of_each_document():
    rates = voice_by_document.document_voice_rates(document_scores_table())
    row = rates[(rates["doc_id"] == "001_news") & (rates["category"] == "militarized")].iloc[0]
    assert (row.primary_hits, row.primary_tokens, row.commentary_hits) == (0, 40, 3)
    assert row.commentary_rate == pytest.approx(5.0)
    assert len(rates) == 6


def test_translation_rows_split_pairs_from_the_pooled_rows_with_exact_rates():
    rows, pooled = translation.pair_rows(pairs_table())
    assert rows["pair_id"].tolist() == [0, 0, 1, 1]
    assert pooled["category"].tolist() == CATEGORIES
    reference = translation_pair_rates(PAIRS, SENTENCES, MATCHES, DOCUMENTS, CATEGORIES)
    assert rows["zh_rate"].tolist() == reference["zh_rate"].iloc[:4].tolist()


def test_cooccurrence_rows_prefer_pooled_languages_and_read_sentences_first():
    rows = cooccurrence.cooccurrence_rows(COOCCURRENCE)
    assert list(zip(rows["scope"], rows["voice"], strict=True)) == [
        ("sentence", "primary"),
        ("sentence", "commentary"),
        ("paragraph", "primary"),
    ]
    assert rows["units_both"].tolist() == [6, 1, 9]
    assert "permutations" not in rows and set(rows.columns) < set(COOCCURRENCE_COLUMNS)


# ---------------------------------------------------------------- rendering: non-empty, deterministic


def _render_twice(tmp_path, name, draw):
    outputs = []
    for run in ("a", "b"):
        paths = [tmp_path / run / f"{name}.{ext}" for ext in ("pdf", "png", "svg")]
        draw(paths)
        outputs.append([p.read_bytes() for p in paths])
    for blob in outputs[0]:
        assert len(blob) > 3000
    assert outputs[0] == outputs[1]
    return tmp_path / "a"


FIGURES = {
    "genre_rates": lambda p: genre_rates.plot_genre_points(
        genre_rates.genre_points(estimates_table(), as_read(crafted_counts())), p
    ),
    "trends": lambda p: trends.plot_trends(_trend_points(), p),
    "subcategory_trends": lambda p: trends.plot_subcategory_trends(
        _trend_points(subcategories=True), p
    ),
    "genre_voice": lambda p: rhetoric_by_genre.plot_rates_by_genre_voice(
        rhetoric_by_genre.genre_voice_rates(genre_scores_table()), p
    ),
    "subcategories": lambda p: subcategories.plot_subcategory_composition(
        subcategories.subcategory_rows(shares_table()), p
    ),
    "voice_by_document": lambda p: voice_by_document.plot_voice_by_document(
        voice_by_document.document_voice_rates(document_scores_table()), p
    ),
    "translation": lambda p: translation.plot_translation(
        translation.pair_rows(pairs_table())[0],
        _translation_tests(),
        one_sided_terms(PAIRS, MATCHES),
        p,
    ),
    "keyness": lambda p: keyness.plot_keyness(KEYNESS, p, top_n=4),
    "position": lambda p: position.plot_position(position_rows(), p, min_tokens=15),
    "cooccurrence": lambda p: cooccurrence.plot_cooccurrence(
        cooccurrence.cooccurrence_rows(COOCCURRENCE), p
    ),
}


def _trend_points(subcategories=False):
    summary, curve = trends_stage.trend_tables(crafted_counts())
    counts = None if subcategories else as_read(crafted_counts())
    return trends.trend_points(
        counts, as_read(curve), as_read(summary), subcategories=subcategories
    )


def _translation_tests():
    rows = translation_pair_rates(PAIRS, SENTENCES, MATCHES, DOCUMENTS, CATEGORIES)
    return translation_tests(rows)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_renders_non_empty_and_byte_identical(tmp_path, name):
    _render_twice(tmp_path, name, FIGURES[name])


def test_figures_say_so_when_there_is_nothing_to_plot(tmp_path):
    empty_pairs = PAIRS.iloc[:0]
    rates = translation_pair_rates(empty_pairs, SENTENCES, MATCHES, DOCUMENTS, ["militarized"])
    translation.plot_translation(
        translation.pair_rows(as_read(rates))[0],
        translation_tests(rates),
        one_sided_terms(empty_pairs, MATCHES),
        [tmp_path / "t.svg"],
    )
    svg = (tmp_path / "t.svg").read_text()
    assert "<!-- no aligned Chinese-English pairs -->" in svg
    assert "<!-- every matched entry appears on both sides of its pair -->" in svg
    undated = crafted_counts().assign(year=np.nan)
    summary, curve = trends_stage.trend_tables(undated)
    trends.plot_trends(
        trends.trend_points(as_read(undated), as_read(curve), as_read(summary)),
        [tmp_path / "trends.svg"],
    )
    assert (
        "no genre has documents dated over three or more years"
        in (tmp_path / "trends.svg").read_text()
    )
    genre_rates.plot_genre_points(
        genre_rates.genre_points(estimates_table().iloc[0:0], as_read(crafted_counts())),
        [tmp_path / "window.svg"],
        empty=genre_window.NO_WINDOW,
    )
    assert "no years in which the dated genres overlap" in (tmp_path / "window.svg").read_text()


def test_translation_legend_lists_only_genres_with_a_drawn_point():
    rows = translation.pair_rows(pairs_table())[0]
    silent = rows.iloc[:2].assign(genre="news_report", zh_hits=0, en_hits=0)
    both = pd.concat([rows, silent], ignore_index=True)
    assert "news_report" in set(both["genre"])
    assert "news_report" not in translation.legend_genres(both)
    assert translation.legend_genres(rows) == sorted(set(rows["genre"]))


def test_chinese_labels_render_with_noto_sans_sc_and_no_missing_glyphs(tmp_path, caplog):
    import matplotlib.pyplot as plt

    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with figure_style():
            fig, ax = plt.subplots()
            ax.set_title("攻关 卡脖子 自主可控 杀手锏 and battle")
            ax.set_xlabel("核心技术")
            save_figure(fig, [tmp_path / "zh.pdf", tmp_path / "zh.png"])
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "missing" in m.lower()], messages
    fonts = set(
        re.findall(
            rb"/BaseFont\s*/([A-Z]{6}\+)?([A-Za-z0-9-]+)", (tmp_path / "zh.pdf").read_bytes()
        )
    )
    names = {name.decode() for _, name in fonts}
    assert "NotoSansSC-Regular" in names
    assert "DejaVuSans" in names


def test_translation_figure_with_chinese_terms_raises_no_glyph_warning(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        FIGURES["translation"]([tmp_path / "t.pdf"])
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "glyph" in m.lower()], messages
    assert b"NotoSansSC" in (tmp_path / "t.pdf").read_bytes()


def test_placed_labels_never_overlap(tmp_path):
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(3)
    points = [
        (float(x), float(y), f"term{i}", "#000000")
        for i, (x, y) in enumerate(rng.normal(size=(25, 2)) * 0.3)
    ]
    with figure_style():
        fig, ax = plt.subplots(figsize=(3.5, 2.5))
        ax.scatter([p[0] for p in points], [p[1] for p in points], s=4)
        ax.set_xlim(-1.5, 1.5)
        ax.set_ylim(-1.5, 1.5)
        drawn = place_labels(ax, points, fontsize=6)
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in drawn]
        frame = ax.get_window_extent(renderer)
        plt.close(fig)
    assert len(drawn) >= 15
    for i, a in enumerate(boxes):
        assert frame.x0 <= a.x0 and a.x1 <= frame.x1 and frame.y0 <= a.y0 and a.y1 <= frame.y1
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


def test_every_built_in_genre_has_its_own_okabe_ito_colour():
    assert len(set(GENRE_COLORS.values())) == len(GENRE_COLORS) == 5


def test_subcategory_styles_stay_distinct_beyond_seven_colours():
    styles = [trends.subcategory_style(k) for k in range(28)]
    assert len(set(styles)) == 28
    assert trends.subcategory_style(0) == (trends.SUBCATEGORY_COLORS[0], "-")
    assert trends.subcategory_style(7) == (trends.SUBCATEGORY_COLORS[0], "--")


def test_subcategory_panel_without_a_curve_says_why(tmp_path):
    summary, curve = trends_stage.trend_tables(crafted_counts())
    points = trends.trend_points(
        None, as_read(curve.iloc[0:0]), as_read(summary), subcategories=True
    )
    trends.plot_subcategory_trends(points, [tmp_path / "s.svg"])
    svg = (tmp_path / "s.svg").read_text()
    # militarized battle: 36 hits in the six crafted reports; self-reliance core: 21
    assert "no subcategory curve could be fitted:" in svg
    assert "36 hits over 1 subcategory," in svg and "21 hits over 1 subcategory," in svg
    assert "(rate ratio per decade fitted for 1 of them: trend_summary.tsv)" in svg


def test_trend_figure_shades_a_gap_and_draws_no_curve_across_it(tmp_path):
    counts = crafted_counts()
    counts.loc[counts["doc_id"] == "wr0", "year"] = 1960.0  # reports: 1960, then 1995-2015
    summary, curve = trends_stage.trend_tables(counts)
    assert set(summary["gaps"]) == {"1960-1995"}
    points = trends.trend_points(as_read(counts), as_read(curve), as_read(summary))
    drawn = points[points["level"] == "curve"]
    assert set(drawn["segment"]) == {"1995-2015"} and drawn["year"].min() == 1995
    trends.plot_trends(points, [tmp_path / "t.svg"])
    assert "no documents 1961–1994: no curve" in (tmp_path / "t.svg").read_text()


def test_subcategory_headers_call_a_one_document_column_a_document(tmp_path):
    shares = subcategories.subcategory_rows(shares_table())
    assert shares.groupby("genre")["documents"].max().to_dict() == {
        "news_report": 1,
        "speech": 2,
        "study_outline": 1,
    }
    subcategories.plot_subcategory_composition(shares, [tmp_path / "s.svg"])
    svg = (tmp_path / "s.svg").read_text()
    assert svg.count("<!-- document -->") == 2 and svg.count("<!-- 2 docs -->") == 1


def test_window_title_names_the_years_each_genre_covers_in_the_window():
    counts = as_read(crafted_counts())
    points = genre_rates.genre_points(estimates_table(), counts, years="2013-2016")
    assert genre_window.genre_years(counts, points, (2013, 2016)) == (
        "speech 2013–2016, study outline 2014, work report 2015"
    )
    # where every genre covers the whole window the title needs no list
    reports = points[points["genre"] == "work_report"]
    assert genre_window.genre_years(counts, reports, (2015, 2015)) == ""


def test_every_format_is_cropped_to_one_tight_box_and_the_layout_engine_is_run_once(tmp_path):
    """save_figure finds the layout (constrained layout here) and the tight box once, at savefig.dpi,
    and saves PDF, PNG and SVG with that box: the three have one size (PDF and SVG in points, the PNG
    in pixels at 300 dpi), and two saves give the same bytes."""
    import matplotlib.pyplot as plt

    def draw(folder):
        with figure_style():
            fig, ax = plt.subplots(figsize=(3.5, 2.0), layout="constrained")
            ax.plot([0, 1], [0, 1])
            ax.set_ylabel("a long label 军事化")
            save_figure(fig, [folder / "f.pdf", folder / "f.png", folder / "f.svg"])
            assert fig.get_layout_engine() is None
        return {ext: (folder / f"f.{ext}").read_bytes() for ext in ("pdf", "png", "svg")}

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = draw(tmp_path / "a"), draw(tmp_path / "b")
    assert first == second
    media = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", first["pdf"])
    svg = re.search(rb'width="([\d.]+)pt" height="([\d.]+)pt"', first["svg"])
    pdf_size = (float(media.group(1)), float(media.group(2)))
    svg_size = (float(svg.group(1)), float(svg.group(2)))
    assert svg_size == pytest.approx(pdf_size, abs=1e-5)
    png_size = (
        int.from_bytes(first["png"][16:20], "big"),
        int.from_bytes(first["png"][20:24], "big"),
    )
    # the PNG's pixels are the box times 300 dpi, rounded down
    assert png_size == tuple(int(s / 72 * 300 + 1e-6) for s in pdf_size)


def test_each_rhetoric_figure_is_drawn_by_one_of_the_two_rules():
    """plot_rhetoric_figures draws the figures of the summary tables, plot_rhetoric_estimates those
    of the genre and trend models: together every rhetoric figure, none twice."""
    from policy_rhetoric.paper.rhetoric_figures import (
        ESTIMATE_FIGURES,
        RHETORIC_FIGURES,
        run_plot_rhetoric_estimates,
    )

    assert set(ESTIMATE_FIGURES) == {
        "rates_by_genre",
        "genre_window",
        "rhetoric_trends",
        "subcategory_trends",
    }
    assert not set(ESTIMATE_FIGURES) & set(RHETORIC_FIGURES)
    assert len(RHETORIC_FIGURES) + len(ESTIMATE_FIGURES) == 11
    with pytest.raises(ValueError, match=r"plot_rhetoric_estimates: no output files given for "):
        run_plot_rhetoric_estimates({}, {"rates_by_genre": []})
