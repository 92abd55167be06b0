"""Import cost: what a user pays for ``from salescare.models import Ticket`` and for the plugin.

Each statement runs in fresh interpreters (bytecode compiled once beforehand, as after
``pip install``), best of ``RUNS``, timed inside the child with ``perf_counter`` so the
interpreter's own start-up is not counted. Compared:

- ``from salescare.models import Ticket`` against importing its dependencies alone
  (``attrs``, ``cattrs``, ``dateutil``): target at most 1.5x;
- ``import hypothesis`` with salescare's plugin against ``HYPOTHESIS_NO_PLUGINS=1``: target
  at most 30 ms more;
- ``import salescare`` and a few other entry points, for reference.

It also lists, from ``-X importtime``, the salescare modules the records import, so a new
import that drags in the workflow or the SLA layer shows up by name.

Run: ``python benchmarks/imports.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

RUNS = 15

STATEMENTS = {
    "records": "from salescare.models import Ticket",
    "dependencies": "import attrs, cattrs, dateutil.tz",
    "package": "import salescare",
    "sla": "from salescare.sla import ticket_sla",
    "workflow": "from salescare.workflow import fire",
    "hypothesis": "import hypothesis",
}


def _environment(*, plugins: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "salescare-bench-pycache")
    env.pop("HYPOTHESIS_NO_PLUGINS", None)
    if not plugins:
        env["HYPOTHESIS_NO_PLUGINS"] = "1"
    return env


def import_ms(statement: str, *, plugins: bool = True) -> float:
    """The best of ``RUNS`` fresh-interpreter timings of ``statement``, in milliseconds."""
    env = _environment(plugins=plugins)
    # compile once, as pip install does; our own interpreter and statements throughout
    subprocess.run([sys.executable, "-c", statement], env=env, check=True)  # noqa: S603
    code = (
        "import time\nstart = time.perf_counter()\n"
        f"{statement}\nprint((time.perf_counter() - start) * 1000)"
    )
    timings = [
        float(
            subprocess.run(  # noqa: S603
                [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(RUNS)
    ]
    return min(timings)


def loaded_modules(statement: str) -> list[str]:
    """The salescare modules loaded once ``statement`` has run (``sys.modules``, sorted).

    ``-X importtime`` would miss the modules the package loads on first use
    (``importlib.import_module`` does not report there), so the child lists them itself.
    """
    listing = "print(*sorted(m for m in sys.modules if m.startswith('salescare')))"
    code = f"{statement}\nimport sys\n{listing}"
    result = subprocess.run(  # noqa: S603 - our own interpreter and statement
        [sys.executable, "-c", code],
        env=_environment(plugins=True),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.split()


def importtime_ms(statement: str) -> tuple[float, list[tuple[float, str]]]:
    """``-X importtime`` for ``statement``: total ms, and the five slowest top-level imports.

    Modules the package loads on first use through ``importlib.import_module`` are not
    reported by ``-X importtime``; their time is inside the perf_counter figures above.
    """
    result = subprocess.run(  # noqa: S603 - our own interpreter and statement
        [sys.executable, "-X", "importtime", "-c", statement],
        env=_environment(plugins=True),
        check=True,
        capture_output=True,
        text=True,
    )
    top: list[tuple[float, str]] = []
    for line in result.stderr.splitlines()[1:]:
        _, cumulative, name = line.split("|")
        if not name.startswith("  "):  # a top-level import: its cumulative time is its own
            top.append((int(cumulative) / 1000, name.strip()))
    return sum(ms for ms, _ in top), sorted(top, reverse=True)[:5]


def main() -> None:
    figures = {name: import_ms(statement) for name, statement in STATEMENTS.items()}
    bare = import_ms(STATEMENTS["hypothesis"], plugins=False)
    for name, statement in STATEMENTS.items():
        print(f"{name:<13} {figures[name]:8.1f} ms  {statement}")
    print(f"{'hypothesis*':<13} {bare:8.1f} ms  import hypothesis (HYPOTHESIS_NO_PLUGINS=1)")
    ratio = figures["records"] / figures["dependencies"]
    extra = figures["hypothesis"] - bare
    print(f"records / dependencies: {ratio:.2f}x (target at most 1.50x)")
    print(f"hypothesis plugin: +{extra:.1f} ms (target at most 30 ms)")
    for name in ("records", "dependencies"):
        total, slowest = importtime_ms(STATEMENTS[name])
        listed = ", ".join(f"{module} {ms:.1f}" for ms, module in slowest)
        print(f"-X importtime {name}: {total:.1f} ms; slowest: {listed}")
    modules = loaded_modules(STATEMENTS["records"])
    print(f"the records load {len(modules)} salescare modules:", ", ".join(modules))


if __name__ == "__main__":
    main()
