"""nb_fit on as many documents as parameters: no fit (None), not a ZeroDivisionError."""

import numpy as np

from policy_rhetoric.rhetoric.inference import genre_design, nb_fit


def test_two_documents_of_one_genre_give_no_fit():
    design = genre_design(["speech", "speech"], ["speech"])
    assert nb_fit(np.array([3, 5]), np.array([1000, 1200]), design) is None
