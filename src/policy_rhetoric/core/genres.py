"""The genres a manifest may name: the built-in five plus the experiment's `corpus.extra_genres`."""

from __future__ import annotations

BUILTIN_GENRES = ("speech", "conference_report", "study_outline", "news_report", "analysis")


def allowed_genres(config: dict) -> tuple[str, ...]:
    return BUILTIN_GENRES + tuple(config.get("corpus", {}).get("extra_genres", []))
