"""Exceptions raised by logimap. Every data problem is located: file, place, what to fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a scenario's files.

    ``path`` is relative to the project folder, ``where`` is a line (``":12"``), a row
    (``" row 7"``) or empty when the problem concerns a whole file.
    """

    path: str
    where: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        """The problem on one line, message and hint cut short, control characters escaped
        (it is printed as it is)."""
        from logimap.messages import printable, shortened

        text = f"{self.path}{self.where}: {shortened(self.message)}"
        return printable(f"{text} (hint: {shortened(self.hint)})" if self.hint else text)


class LogimapError(Exception):
    """Root of every error logimap raises on purpose."""


class DataError(LogimapError, ValueError):
    """The scenario's files have one or more problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__(self.problems)

    def __str__(self) -> str:
        """Every problem, one per line, after how many there are (written when asked for:
        there may be a million)."""
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        return f"{count} problem{'s' if count != 1 else ''} found:\n{lines}"

    def __reduce__(self) -> tuple[type[DataError], tuple[list[Problem]]]:
        # Pickled (as from a build step run in another process) with its problems.
        return (DataError, (self.problems,))


class GeometryError(LogimapError, ValueError):
    """A leg cannot be drawn: unknown mode or node, or no path on its network. ``hint`` says
    what to change, when the message alone does not."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint

    def __reduce__(self) -> tuple[type[GeometryError], tuple[str, str]]:
        return (GeometryError, (str(self), self.hint))


class StepFailed(LogimapError):
    """A build step run in a child process ended without a result: it crashed or was killed
    (out of memory, say). Nothing was published."""


class UsageError(LogimapError, ValueError):
    """A command was asked for something that cannot be done (unknown layer, bad folder)."""


def _problem_order(problem: Problem) -> tuple[str, int, str, str]:
    digits = "".join(ch for ch in problem.where if ch.isdigit())
    return (problem.path, int(digits) if digits else 0, problem.where, problem.message)
