"""Column-at-a-time kernels for the command line's chunks (see :mod:`salescare._chunked`).

Each kernel has two parts: which rows of a chunk it may compute (cells it reads exactly as
the row-by-row path would) and the computation for those rows with the frame kernels.
"""

from __future__ import annotations

from salescare._chunked import Computed, exact_numbers
from salescare._tabular import Chunk

__all__ = ["GradeKernel"]

# the potential cells the row path reads as whole scores without a second look
_WHOLE_SCORES = {f"{n}{tail}": n for n in range(1, 6) for tail in ("", ".0")}
_HEALTH = ("relationship", "service")


class GradeKernel:
    """Grades (and health, when the file has both score columns) for a chunk's rows."""

    def __init__(self, *, health: bool) -> None:
        self.health = health

    def __call__(self, chunk: Chunk) -> Computed:
        """The grade columns of the rows whose cells the kernels read as the row path does."""
        import numpy as np  # noqa: PLC0415 - the frame extra, imported on first use

        from salescare.frame._kinds import ArrayBatch  # noqa: PLC0415
        from salescare.frame.grading import grade_columns, health_columns  # noqa: PLC0415
        from salescare.grading import (  # noqa: PLC0415
            DEFAULT_GRADING_POLICY,
            DEFAULT_HEALTH_POLICY,
        )

        amounts, mask = exact_numbers(chunk.column("annual_purchases") or [])
        mask &= amounts >= 0  # a negative amount is refused by the row path, at its cell
        cells = chunk.column("potential") or []
        scores = np.array(list(map(_WHOLE_SCORES.get, cells)), dtype=np.float64)
        mask &= ~np.isnan(scores)
        health = {}
        if self.health:
            for name in _HEALTH:
                values, exact = exact_numbers(chunk.column(name) or [])
                mask &= exact & (values >= 1) & (values <= 5)  # noqa: PLR2004 - the 1–5 scale
                health[name] = values
        chosen = np.flatnonzero(mask)
        arrays = {
            "annual_purchases": amounts[chosen],
            "potential": scores[chosen].astype(np.int64),
        } | {name: values[chosen] for name, values in health.items()}
        batch = ArrayBatch(arrays, chosen.tolist())
        result = grade_columns(
            batch,
            "annual_purchases",
            "potential",
            policy=DEFAULT_GRADING_POLICY,
            missing="reject",
            reason=False,
        )
        names = ["grade", "value_tier", "potential_tier"]
        if self.health:
            result |= health_columns(
                batch, *_HEALTH, policy=DEFAULT_HEALTH_POLICY, missing="reject", reason=False
            )
            names += ["health", "weak_dimension"]
        size = chunk.size
        columns: dict[str, list[str]] = {}
        for name in names:
            coded = result[name]
            labels = np.array([*coded.categories, ""], dtype=object)
            codes = np.full(size, -1, dtype=np.int64)
            codes[chosen] = coded.codes
            columns[name] = labels[codes].tolist()
        return Computed(mask, names, columns)
