"""What is wrong with a file or a dataset, located as a person finds it, in their language.

A :class:`Problem` holds a catalogue key and its values, so the upload page says it in the
page's language and the command line in English. A list of problems is *capped*: at most
``LIMIT`` are listed, in file order, and when there were more a last entry (key ``p_more``)
says how many there were in all. Counting is cheap, listing is not: a file with a million
mistakes costs the time of counting them, not of describing each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.text import errors

LIMIT = 100
MORE = "p_more"
_QUOTE_CHARS = 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong: ``row`` as counted in the file (the header is row 1), ``column``,
    and the text ``key`` with its ``values`` (pairs of placeholder and value)."""

    row: int | None
    column: str | None
    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, row: int | None, column: str | None, key: str, **values: object) -> Problem:
        return cls(row, column, key, tuple(sorted(values.items())))

    def text(self, lang: str) -> str:
        """The message in ``lang``, without the location."""
        return errors.render(self.key, dict(self.values), lang)

    @property
    def message(self) -> str:
        return self.text("en")

    def located(self, lang: str) -> str:
        """``row 3, column 'type': …`` in ``lang``."""
        where = []
        if self.row is not None:
            where.append(errors.render("p_at_row", {"row": self.row}, lang))
        if self.column is not None:
            where.append(errors.render("p_at_column", {"column": self.column}, lang))
        return f"{', '.join(where)}: {self.text(lang)}" if where else self.text(lang)

    def __str__(self) -> str:
        return self.located("en")


def quote(value: object) -> str:
    """A cell's text as the file has it, cut to a readable length."""
    text = str(value)
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"


def _order(p: Problem) -> tuple:
    return (p.row or 0, p.column or "", p.key, repr(p.values))


def finish(candidates: Iterable[Problem], total: int, limit: int = LIMIT) -> list[Problem]:
    """The first ``limit`` of ``candidates`` in file order, and a last ``p_more`` entry when
    ``total`` (all problems found, listed or not) is more than that."""
    shown = sorted(set(candidates), key=_order)[:limit]
    if total > len(shown):
        shown.append(Problem.of(None, None, MORE, shown=len(shown), total=total))
    return shown


def count(problems: Sequence[Problem]) -> int:
    """How many problems a capped list stands for."""
    if problems and problems[-1].key == MORE:
        total = dict(problems[-1].values)["total"]
        return total if isinstance(total, int) else len(problems)
    return len(problems)


def listed(problems: Sequence[Problem]) -> list[Problem]:
    """The problems themselves, without the ``p_more`` entry."""
    return [p for p in problems if p.key != MORE]


def merge(*lists: Sequence[Problem], limit: int = LIMIT) -> list[Problem]:
    """Several capped lists as one capped list."""
    return finish(
        [p for problems in lists for p in listed(problems)],
        sum(count(problems) for problems in lists),
        limit,
    )
