"""Every option of every command says what it is for in ``--help``."""

from __future__ import annotations

import argparse

import pytest

from grading.app.cli import _parser as grading_parser
from replay.cli import _parser as replay_parser
from sim.cli import _parser as sim_parser


def options(name: str, parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, subparser in action.choices.items():
                yield from options(f"{name} {sub}", subparser)
        else:
            yield name, action


@pytest.mark.parametrize(
    "name,parser",
    [("grading", grading_parser()), ("replay", replay_parser()), ("sim", sim_parser())],
)
def test_every_option_has_help_and_no_rst_quotes(name, parser):
    missing = [
        f"{where} {action.option_strings or action.dest}"
        for where, action in options(name, parser)
        if not action.help
    ]
    assert missing == []
    texts = [str(action.help) for _, action in options(name, parser)]
    assert not [text for text in texts if "``" in text]
    assert "``" not in (parser.description or "")
