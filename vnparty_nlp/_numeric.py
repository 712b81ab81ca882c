"""The few numerical pieces the runtime needs, in numpy and the standard library only.

scikit-learn, scipy and gensim are not imported at run time (importing them
costs more than a second of a cold start), so their three operations used in
inference are written here. Each gives the same bits as the library it
replaces (``tests/test_bundle.py`` compares them on millions of values):

* :func:`digamma`: scipy's ``psi`` for positive arguments, i.e. the Cephes
  algorithm (integers up to 10 exactly; the recurrence into [1, 2] and
  Boost's rational approximation there; the asymptotic series above 10),
  operation for operation, with the C library's ``log``;
* :func:`expit`: scipy's ``1 / (1 + exp(-x))`` with the C library's ``exp``
  (numpy's vectorised ``exp`` may differ in the last bit);
* :class:`SparseRows`: a CSR matrix and its product with a dense matrix,
  accumulated entry by entry in order, as scipy's ``csr_matvecs`` does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["SparseRows", "digamma", "expit"]

_ASYMPTOTIC = (8.33333333333333333333e-2, -2.10927960927960927961e-2, 7.57575757575757575758e-3,
               -4.16666666666666666667e-3, 3.96825396825396825397e-3, -8.33333333333333333333e-3,
               8.33333333333333333333e-2)
_P = (-0.0020713321167745952, -0.045251321448739056, -0.28919126444774784, -0.65031853770896507,
      -0.32555031186804491, 0.25479851061131551)
_Q = (-0.55789841321675513e-6, 0.0021284987017821144, 0.054151797245674225, 0.43593529692665969,
      1.4606242909763515, 2.0767117023730469, 1.0)
_Y = float(np.float32(0.99558162689208984))  # a single-precision constant in the C source
_ROOT1 = 1569415565.0 / 1073741824.0
_ROOT2 = (381566830.0 / 1073741824.0) / 1073741824.0
_ROOT3 = 0.9016312093258695918615325266959189453125e-19
_EULER = 0.577215664901532860606512090082402431


def _harmonic() -> tuple[float, ...]:
    out = []
    for n in range(11):
        y = 0.0
        for i in range(1, n):
            y += 1.0 / i
        out.append(y - _EULER)
    return tuple(out)


_INTEGERS = _harmonic()


def _psi(x: float) -> float:
    if not x > 0.0 or math.isinf(x):
        return math.nan if x != math.inf else math.inf  # the inference never asks for these
    if x <= 10.0 and x == math.floor(x):
        return _INTEGERS[int(x)]
    y = 0.0
    if x < 1.0:
        y = -1.0 / x
        x += 1.0
    elif x < 10.0:
        while x > 2.0:
            x -= 1.0
            y += 1.0 / x
    if 1.0 <= x <= 2.0:
        t = x - 1.0
        p = _P[0]
        for c in _P[1:]:
            p = p * t + c
        q = _Q[0]
        for c in _Q[1:]:
            q = q * t + c
        g = x - _ROOT1
        g -= _ROOT2
        g -= _ROOT3
        return y + (g * _Y + g * (p / q))
    series = 0.0
    if x < 1.0e17:
        z = 1.0 / (x * x)
        a = _ASYMPTOTIC[0]
        for c in _ASYMPTOTIC[1:]:
            a = a * z + c
        series = z * a
    return y + (math.log(x) - (0.5 / x) - series)


def digamma(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The digamma function of positive values, bit for bit as ``scipy.special.psi``.

    >>> float(digamma(np.asarray([1.0]))[0])
    -0.5772156649015329
    """
    flat = np.asarray(values, dtype=np.float64)
    return np.asarray([_psi(v) for v in flat.ravel().tolist()], dtype=np.float64).reshape(flat.shape)


def _expit1(x: float) -> float:
    try:
        return 1.0 / (1.0 + math.exp(-x))
    except OverflowError:  # exp(-x) is inf in C: the result is 0
        return 0.0


def expit(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """The logistic sigmoid, bit for bit as ``scipy.special.expit``.

    >>> expit(np.asarray([0.0, -1000.0])).tolist()
    [0.5, 0.0]
    """
    flat = np.asarray(values, dtype=np.float64)
    return np.asarray([_expit1(v) for v in flat.ravel().tolist()], dtype=np.float64).reshape(flat.shape)


def _last_of_cumsum(block: np.ndarray[Any, Any], axis: int) -> np.ndarray[Any, Any]:
    result: np.ndarray[Any, Any] = np.cumsum(block, axis=axis)[-1]
    return result


@dataclass(frozen=True)
class SparseRows:
    """Rows of features in compressed sparse row form (``data``, ``indices``, ``indptr``) and their width.

    The attributes are named as scipy's ``csr_matrix``'s, so code reading
    rows works on either.
    """

    data: np.ndarray[Any, Any]
    indices: np.ndarray[Any, Any]
    indptr: np.ndarray[Any, Any]
    shape: tuple[int, int]

    @property
    def nnz(self) -> int:
        return len(self.data)

    def toarray(self) -> np.ndarray[Any, Any]:
        out = np.zeros(self.shape)
        rows = np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))
        out[rows, self.indices] = self.data
        return out

    def __matmul__(self, dense: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """``self @ dense``: each row's products added in entry order, from zero (as scipy does)."""
        dense = np.asarray(dense, dtype=np.float64)
        out = np.zeros((self.shape[0], dense.shape[1]))
        data, indices, indptr = self.data, self.indices, self.indptr
        # Each row's sum must add strictly left to right, like scipy's C loop; np.add.reduceat and
        # matrix products may add in another order and differ in the last bit. Reducing a C-ordered
        # block of two or more columns along its rows adds one row after another into the sums, in
        # order (numpy's pairwise summation only runs along a contiguous axis); for one column it
        # would pair terms, so that case keeps the running sum (tests/test_numeric.py checks both).
        in_order = np.add.reduce if dense.shape[1] >= 2 else _last_of_cumsum
        for row in np.flatnonzero(np.diff(indptr)).tolist():
            start, end = indptr[row], indptr[row + 1]
            out[row] = in_order(data[start:end, None] * dense[indices[start:end]], axis=0)
        return out
