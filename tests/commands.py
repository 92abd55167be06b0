"""Running the command line in tests, and reading what it wrote."""

import csv
import io

from salescare.cli import main


def run(*argv):
    """The command line; table commands write their result columns in English here unless a
    test names a language (Chinese in, Chinese out is tested on its own)."""
    args = [str(a) for a in argv]
    if args[0] in {"grade", "sla"} and "--lang" not in args:
        args += ["--lang", "en"]
    return main(args)


def rows_of(text):
    """CSV output as dicts, one per row."""
    return list(csv.DictReader(io.StringIO(text)))
