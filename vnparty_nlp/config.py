"""The options of the preprocessing pipeline, in one frozen object."""

from __future__ import annotations

from dataclasses import dataclass

from vnparty_nlp.preprocess.normalize import ToneStyle

__all__ = ["TokenizerConfig"]


@dataclass(frozen=True)
class TokenizerConfig:
    """How :func:`vnparty_nlp.tokenize` turns text into tokens.

    The defaults are what the shipped models were trained with; a model's
    manifest records the config it needs. ``fix_mojibake`` and ``i_to_y`` came
    later: models saved before them get them on, their defaults.
    """

    tone_style: ToneStyle = "modern"
    expand_abbreviations: bool = True
    remove_stopwords: bool = True
    lowercase: bool = True
    #: Repair UTF-8 decoded twice ("Ä\x90áº£ng" -> "Đảng") before anything else (ftfy).
    fix_mojibake: bool = True
    #: Make the i/y spellings of a syllable one token (lí/lý, tỉ/tỷ, quí/quý -> the y form).
    i_to_y: bool = True

    def __post_init__(self) -> None:
        if self.tone_style not in ("modern", "traditional"):
            raise ValueError(f"tone_style must be 'modern' or 'traditional', got {self.tone_style!r}")
