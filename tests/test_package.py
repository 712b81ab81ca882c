from __future__ import annotations

import subprocess
import sys

import vnparty_nlp


def test_import_does_not_load_heavy_dependencies() -> None:
    code = (
        "import sys, vnparty_nlp; "
        "heavy = [m for m in ('pyvi', 'sklearn', 'gensim', 'scipy', 'numpy') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_names_are_exported() -> None:
    for name in vnparty_nlp.__all__:
        assert getattr(vnparty_nlp, name) is not None
    assert "normalize" in dir(vnparty_nlp)


def test_unknown_attribute_is_an_attribute_error() -> None:
    import pytest

    with pytest.raises(AttributeError):
        vnparty_nlp.no_such_name  # noqa: B018
