"""Config checks beyond the schema: the bilingual-gwr sample needs its texts folder."""

from __future__ import annotations

import pytest

from policy_rhetoric.core.config import check_config
from policy_rhetoric.core.errors import InputError


def test_gwr_sample_off_needs_no_folder():
    check_config({"validation": {"rhetoric_gwr_sample": "", "gwr_texts": ""}})


def test_gwr_sample_with_its_folder_passes(tmp_path):
    check_config({"validation": {"rhetoric_gwr_sample": "s.tsv", "gwr_texts": str(tmp_path)}})


@pytest.mark.parametrize("texts", ["", "no/such/folder"])
def test_gwr_sample_without_its_folder_is_an_error_at_load(texts):
    with pytest.raises(InputError) as info:
        check_config({"validation": {"rhetoric_gwr_sample": "s.tsv", "gwr_texts": texts}})
    assert info.value.field == "validation.gwr_texts" and "Fix: " in str(info.value)
