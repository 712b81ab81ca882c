"""A scikit-learn transformer that applies :func:`tokenize`.

Putting the tokenizer inside the model's ``Pipeline`` means training and
inference can never tokenise differently.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sklearn.base import BaseEstimator, TransformerMixin

from vnparty_nlp.config import TokenizerConfig
from vnparty_nlp.preprocess.normalize import ToneStyle
from vnparty_nlp.preprocess.tokenize import check_texts, tokenize_batch

__all__ = ["Preprocessor"]


class Preprocessor(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Texts in, space-joined tokens out (one string per text).

    The output feeds a ``TfidfVectorizer(token_pattern=r"\\S+", lowercase=False)``.

    >>> Preprocessor().fit_transform(["Chi bộ thôn 3 kết nạp đảng viên."])
    ['chi_bộ thôn kết_nạp đảng_viên']
    """

    def __init__(
        self,
        *,
        tone_style: ToneStyle = "modern",
        expand_abbreviations: bool = True,
        remove_stopwords: bool = True,
        lowercase: bool = True,
        fix_mojibake: bool = True,
        i_to_y: bool = True,
    ) -> None:
        self.tone_style = tone_style
        self.expand_abbreviations = expand_abbreviations
        self.remove_stopwords = remove_stopwords
        self.lowercase = lowercase
        self.fix_mojibake = fix_mojibake
        self.i_to_y = i_to_y

    # Preprocessors pickled before these options existed have no such attribute: they get the defaults.
    fix_mojibake = True
    i_to_y = True

    @property
    def config(self) -> TokenizerConfig:
        return TokenizerConfig(
            tone_style=self.tone_style,
            expand_abbreviations=self.expand_abbreviations,
            remove_stopwords=self.remove_stopwords,
            lowercase=self.lowercase,
            fix_mojibake=self.fix_mojibake,
            i_to_y=self.i_to_y,
        )

    def fit(self, X: Iterable[str], y: Any = None) -> Preprocessor:
        self.config  # noqa: B018 - validates the parameters
        return self

    def transform(self, X: Iterable[str]) -> list[str]:
        texts = check_texts(X, "Preprocessor.transform() expects a list of texts, not one str; wrap it: [text]")
        return [" ".join(tokens) for tokens in tokenize_batch(texts, self.config)]

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags
