"""Argument types shared by the command lines (``grading``, ``replay``, ``sim``): a bad value
is argparse's one-line usage error (exit 2), never a traceback later in the run."""

from __future__ import annotations

import argparse
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def output_folder(text: str) -> Path:
    """A folder to write into: absent (it is made) or a folder, never an existing file."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file, not a folder")
    return path


def output_file(text: str) -> Path:
    """A file to write: absent or a file, never a folder; its folder must exist."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder, not a file")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"no such folder: {path.parent}")
    return path


def add_version(parser: argparse.ArgumentParser) -> None:
    """``--version``: the installed distribution's version."""
    try:
        found = version("grading")
    except PackageNotFoundError:  # run from a checkout that was never installed
        found = "unknown (not installed)"
    parser.add_argument("--version", action="version", version=f"%(prog)s {found}")


def plain(text: str) -> str:
    """A docstring line as ``--help`` shows it: without reStructuredText backquotes."""
    return text.replace("``", "")
