"""Every option of every command says in ``--help`` what it is for, and its default."""

from __future__ import annotations

import argparse

import pytest

from grading.app.cli import _parser as grading_parser
from replay.cli import _parser as replay_parser
from sim.cli import _parser as sim_parser

PARSERS = [("grading", grading_parser()), ("replay", replay_parser()), ("sim", sim_parser())]


def options(name: str, parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, subparser in action.choices.items():
                yield from options(f"{name} {sub}", subparser)
        else:
            yield name, action


@pytest.mark.parametrize("name,parser", PARSERS)
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


def shown_default(action: argparse.Action) -> bool:
    """Whether ``--help`` says the option's default: through %(default)s or in words."""
    default = action.default
    if default in (None, False, argparse.SUPPRESS) or not action.option_strings:
        return True  # nothing to show: off, absent, or a positional argument
    text = str(action.help)
    if "%(default)" in text or "default" in text:  # "(default: the shipped samples)"
        return True
    words = [str(default)]
    if isinstance(default, float) and default.is_integer():
        words.append(str(int(default)))
    if isinstance(default, list | tuple):
        words = [", ".join(map(str, default)), " ".join(map(str, default))]
    return any(word in text for word in words)


@pytest.mark.parametrize("name,parser", PARSERS)
def test_every_option_with_a_default_shows_it(name, parser):
    hidden = [
        f"{where} {action.option_strings[0]} (default {action.default!r})"
        for where, action in options(name, parser)
        if not shown_default(action)
    ]
    assert hidden == []
