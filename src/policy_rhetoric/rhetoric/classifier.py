"""Rhetoric stage, classifier: a supervised comparison row for the lexicon (not the measure of record).

A scikit-learn logistic regression per language and category on word n-grams, character n-grams and
the lexicon's hits (one count per subcategory of the category and one for the category), trained and
scored by cross-validation over documents: every unit is predicted by a model that saw no sentence of
its document. Its precision, recall and F1 sit beside the lexicon's in rhetoric/validation.tsv, so a
reader sees how far the lexicon is from what these labels allow; the lexicon stays the measurement of
record, because its hits are traceable to characters and its entries can be read and argued about.

C is chosen per outer fold by an inner cross-validation grouped by document (nested; C_GRID). Why the
`classifier` row once equalled the lexicon in nearly every cell (measured on the development halves,
1,822 units, folds by document): with the lexicon's hits as log(1 + count) beside L2-normalised TF-IDF
n-grams the model thresholds on the hits, at any C from 1 to 64 (0-1 units of 1,822 differ from the
lexicon); scaling the hit columns down to the size of an n-gram weight (x0.1) makes the model depart
from the lexicon on about 100 units and lowers dev F1 from 0.94 to 0.82 (militarized) and from 0.92 to
0.68 (self-reliance), and the n-grams alone reach 0.67 / 0.56. So the lexicon is not an artifact of the
scaling: these labels give the n-grams no pattern that corrects it across documents. validation.tsv
counts, per cell, the units where a method departs from the lexicon (`differs_from_lexicon`).
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
# the inverse regularization strengths the inner cross-validation chooses from (per outer fold, folds
# grouped by document, F1): a fixed C would make "the classifier equals the lexicon" an artifact of
# one setting; chosen by inner CV, it is what these labels support
C_GRID = (0.5, 4.0, 32.0)
INNER_FOLDS = 3


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


def _analysed_once(vectorizer: TfidfVectorizer, texts: list[str]) -> TfidfVectorizer:
    """An unfitted copy of `vectorizer` whose analyzer looks each of `texts` up in a table of its
    n-grams, made once with `vectorizer`'s own analyzer (lowercasing, n-gram range and all): fitted on
    any of `texts` it gives the same vocabulary and matrix as `vectorizer`, without analysing every
    text again in each outer fold (4 of 5 folds train on it, one transforms it)."""
    from sklearn.base import clone

    analyse = vectorizer.build_analyzer()
    ngrams = {text: analyse(text) for text in dict.fromkeys(texts)}
    # a callable analyzer does its own preprocessing and n-grams, so the range goes back to its
    # default (else scikit-learn warns that it is unused)
    return clone(vectorizer).set_params(analyzer=ngrams.__getitem__, ngram_range=(1, 1))


def _f1(coded: np.ndarray, predicted: np.ndarray) -> float:
    """F1 of the positive class (1), 0 when nothing is coded or predicted positive: what
    sklearn.metrics.f1_score(coded, predicted, zero_division=0.0) returns, to the bit (it divides
    2 x true positives by coded + predicted positives, as here), without its per-call checks."""
    tp = int(np.count_nonzero(coded & predicted))
    denominator = int(np.count_nonzero(coded)) + int(np.count_nonzero(predicted))
    return 2.0 * tp / denominator if denominator else 0.0


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
    lexicon's hits out of the features (text n-grams only). C is chosen per outer fold from C_GRID by
    an inner cross-validation on the outer fold's training units, grouped by document (nested)."""
    method = CLASSIFIER if lexical else CLASSIFIER_TEXT
    return classifier_predictions(
        units, [category], subcategory_of, {method: lexical}, folds=folds, seed=seed
    )[method][category]


def classifier_predictions(
    units: pd.DataFrame,
    categories: list[str],
    subcategory_of: dict[str, str],
    methods: dict[str, bool] = CLASSIFIER_METHODS,
    *,
    folds: int = 5,
    seed: int = 0,
) -> dict[str, dict[str, np.ndarray]]:
    """`cross_validated_predictions` of every category by every method (name -> whether the model sees
    the lexicon's hits): {method: {category: predictions}}. The same as calling it once per method and
    category, but the n-gram vectorizers are fitted once per language and outer fold and their matrices
    shared by every category and method (the folds depend on the documents only, and the text features
    on the fold's training texts only); the models, one per method, category and fold, are as before.
    Each text is analysed into n-grams once per language (_analysed_once), not again in every fold."""
    import scipy.sparse as sp
    from sklearn.base import clone
    from sklearn.model_selection import GroupKFold

    predicted = {m: {c: np.zeros(len(units), dtype=bool) for c in categories} for m in methods}
    subcategories = sorted(set(subcategory_of.values()))
    for lang in sorted(units["lang"].unique()):
        rows = np.flatnonzero(units["lang"].to_numpy() == lang)
        part = units.iloc[rows]
        groups = part["doc"].to_numpy()
        n_groups = len(set(groups))
        codes = {c: part[c].to_numpy().astype(int) for c in categories}
        fitted = [c for c in categories if n_groups >= 2 and len(set(codes[c])) == 2]
        if not fitted:
            continue
        texts = part["text"].tolist()
        found = [
            [(c, subcategory_of.get(f"{c}/{t}", ""), m) for c, t, m in hits]
            for hits in part["found"]
        ]
        hits = {
            c: sp.csr_matrix(lexicon_features(found, c, subcategories))
            for c in fitted
            if any(methods.values())
        }
        analysed = [_analysed_once(v, texts) for v in _features(texts, lang)]
        splitter = GroupKFold(n_splits=min(folds, n_groups))
        for train, test in splitter.split(texts, groups=groups):
            fold = [c for c in fitted if len(set(codes[c][train])) == 2]
            if not fold:
                continue
            vectorizers = [clone(v) for v in analysed]
            train_texts = [texts[i] for i in train]
            test_texts = [texts[i] for i in test]
            text_train = [v.fit_transform(train_texts) for v in vectorizers]
            text_test = [v.transform(test_texts) for v in vectorizers]
            # the n-gram columns alone (classifier_text) are the same matrix for every category
            text_only = None
            for method, lexical in methods.items():
                for c in fold:
                    y = codes[c]
                    if lexical:
                        x_train = sp.hstack([*text_train, hits[c][train]]).tocsr()
                        x_test = sp.hstack([*text_test, hits[c][test]]).tocsr()
                    else:
                        if text_only is None:
                            text_only = (
                                sp.hstack(text_train).tocsr(),
                                sp.hstack(text_test).tocsr(),
                            )
                        x_train, x_test = text_only
                    model = _nested_model(x_train, y[train], groups[train], seed)
                    model.fit(x_train, y[train])
                    predicted[method][c][rows[test]] = model.predict(x_test).astype(bool)
    return predicted


def _nested_model(x_train, y_train, groups_train, seed: int):
    """A balanced logistic regression whose C is the best of C_GRID by F1 in an inner cross-validation
    over the training documents (GroupKFold, at most INNER_FOLDS folds); C = 4 when the training units
    come from fewer than two documents per inner fold or an inner fold lacks a code."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    n_groups = len(set(groups_train))
    best_c, best_f1 = 4.0, -1.0
    if n_groups >= 2:
        inner = list(
            GroupKFold(n_splits=min(INNER_FOLDS, n_groups)).split(x_train, y_train, groups_train)
        )
        if all(len(set(y_train[tr])) == 2 for tr, _ in inner):
            # each inner fold's rows are sliced once for the whole grid
            parts = [(x_train[tr], y_train[tr], x_train[te], te) for tr, te in inner]
            for c in C_GRID:
                predicted = np.zeros(len(y_train), dtype=int)
                for x_tr, y_tr, x_te, te in parts:
                    model = LogisticRegression(
                        C=c, class_weight="balanced", max_iter=2000, random_state=seed
                    )
                    predicted[te] = model.fit(x_tr, y_tr).predict(x_te)
                score = _f1(y_train == 1, predicted == 1)
                if score > best_f1:  # ties keep the smaller C (the grid is ascending)
                    best_c, best_f1 = c, score
                if best_f1 == 1.0:  # no larger C can score higher: its fits would change nothing
                    break
    return LogisticRegression(C=best_c, class_weight="balanced", max_iter=2000, random_state=seed)
