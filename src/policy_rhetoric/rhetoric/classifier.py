"""Rhetoric stage, classifier: a supervised comparison row for the lexicon (not the measure of record).

A scikit-learn logistic regression per language and category on word n-grams, character n-grams and
the lexicon's hits (one count per subcategory of the category and one for the category), trained and
scored by cross-validation over documents: every unit is predicted by a model that saw no sentence of
its document. Its precision, recall and F1 sit beside the lexicon's in rhetoric/validation.tsv, so a
reader sees how far the lexicon is from what these labels allow; the lexicon stays the measurement of
record, because its hits are traceable to characters and its entries can be read and argued about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

# scikit-learn and scipy.sparse are imported where a model is fitted, not with the module: this module
# is imported (through rhetoric.validation) when the workflow loads and by jobs that fit nothing, and
# scikit-learn's import costs about 2 CPU-seconds.

CLASSIFIER = "classifier"
CLASSIFIER_TEXT = "classifier_text"
# method name -> whether the model sees the lexicon's hits (classifier_text: word and character n-grams
# only, so the table shows how far text alone gets with these labels, without the lexicon's help)
CLASSIFIER_METHODS = {CLASSIFIER: True, CLASSIFIER_TEXT: False}


def _features(texts: list[str], lang: str) -> list[TfidfVectorizer]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    if (
        lang == "zh"
    ):  # Chinese words are not separated by spaces: character 1-3-grams stand for both
        return [TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)]
    return [
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True),
    ]


def lexicon_features(
    found: list[list[tuple]], category: str, subcategories: list[str]
) -> np.ndarray:
    """Per unit: log(1 + hits) of each subcategory of `category` and of the category as a whole.

    `found` holds (category, subcategory/term, matched text) triples; the middle item is matched on
    the subcategory's entries by the caller (`subcategory_of`)."""
    columns = [*subcategories, "*"]
    out = np.zeros((len(found), len(columns)))
    for i, hits in enumerate(found):
        for c, sub, _ in hits:
            if c != category:
                continue
            out[i, -1] += 1
            if sub in subcategories:
                out[i, subcategories.index(sub)] += 1
    return np.log1p(out)


def cross_validated_predictions(
    units: pd.DataFrame,
    category: str,
    subcategory_of: dict[str, str],
    *,
    folds: int = 5,
    seed: int = 0,
    lexical: bool = True,
) -> np.ndarray:
    """Out-of-fold 0/1 predictions of `category` for every unit (columns text, lang, doc, found and the
    category's codes), one model per language, folds grouped by document (GroupKFold). A language
    with fewer than two documents or without both codes is predicted 0. `lexical=False` leaves the
    lexicon's hits out of the features (text n-grams only)."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    predicted = np.zeros(len(units), dtype=bool)
    subcategories = sorted(set(subcategory_of.values()))
    for lang in sorted(units["lang"].unique()):
        rows = np.flatnonzero(units["lang"].to_numpy() == lang)
        part = units.iloc[rows]
        y = part[category].to_numpy().astype(int)
        groups = part["doc"].to_numpy()
        n_groups = len(set(groups))
        if n_groups < 2 or len(set(y)) < 2:
            continue
        texts = part["text"].tolist()
        found = [
            [(c, subcategory_of.get(f"{c}/{t}", ""), m) for c, t, m in hits]
            for hits in part["found"]
        ]
        hits = sp.csr_matrix(lexicon_features(found, category, subcategories))
        splitter = GroupKFold(n_splits=min(folds, n_groups))
        for train, test in splitter.split(texts, y, groups):
            if len(set(y[train])) < 2:
                continue
            vectorizers = _features(texts, lang)
            train_texts = [texts[i] for i in train]
            test_texts = [texts[i] for i in test]
            extra_train = [hits[train]] if lexical else []
            extra_test = [hits[test]] if lexical else []
            x_train = sp.hstack(
                [v.fit_transform(train_texts) for v in vectorizers] + extra_train
            ).tocsr()
            x_test = sp.hstack([v.transform(test_texts) for v in vectorizers] + extra_test)
            model = LogisticRegression(
                C=4.0, class_weight="balanced", max_iter=2000, random_state=seed
            )
            model.fit(x_train, y[train])
            predicted[rows[test]] = model.predict(x_test.tocsr()).astype(bool)
    return predicted
