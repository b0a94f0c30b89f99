"""`floor speech …` commands (filled in by the speech work)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `speech` command group to the `floor` command line."""
