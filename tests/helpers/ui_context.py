"""A real application context for window tests: settings in a temporary folder, scripted dialogs.

No test patches Qt's dialogs: the context is given :class:`ScriptedDialogs`, which answers
what the test queued and records every message the app showed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from finops_desktop.domain.workshop import WorkshopInfo
from finops_desktop.ui.app_settings import AppSettings
from finops_desktop.ui.context import ApplicationContext
from finops_desktop.ui.dialogs import Dialogs, NewBusinessUnitRequest, NewRoundRequest, NewWorkshopRequest

#: Messages of Qt's offscreen platform (tests run headless) about window features it lacks; harmless.
OFFSCREEN_PLATFORM_NOTICES = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                                       "does not support raise", "does not support activateWindow")


@dataclass
class Shown:
    title: str
    message: str
    detail: str = ""


@dataclass
class ScriptedDialogs(Dialogs):
    """Answers queued with :meth:`answer`; an unexpected question fails the test."""

    errors: list[Shown] = field(default_factory=list)
    questions: list[Shown] = field(default_factory=list)
    notices: list[Shown] = field(default_factory=list)
    answers: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    #: The currency the last New workshop form was offered.
    asked_currency: str = ""
    asked_folder: Path | None = None

    def __post_init__(self) -> None:
        super().__init__(None)

    def answer(self, question: str, *values: Any) -> None:
        self.answers[question].extend(values)

    def _next(self, question: str) -> Any:
        queued = self.answers[question]
        if not queued:
            raise AssertionError(f"the app asked '{question}' and the test had no answer queued")
        return queued.pop(0)

    def choose_file_to_open(self, folder: Path | None) -> Path | None:
        return self._next("choose_file_to_open")  # type: ignore[no-any-return]

    def choose_file_to_save(self, title: str, suggested: Path) -> Path | None:
        return self._next("choose_file_to_save")  # type: ignore[no-any-return]

    def choose_folder(self, title: str, suggested: Path) -> Path | None:
        return self._next("choose_folder")  # type: ignore[no-any-return]

    def choose_workbooks(self, folder: Path | None) -> list[Path]:
        return self._next("choose_workbooks")  # type: ignore[no-any-return]

    def new_workshop(self, folder: Path, facilitator: str = "", currency: str = "") -> NewWorkshopRequest | None:
        self.asked_currency = currency
        self.asked_folder = folder
        return self._next("new_workshop")  # type: ignore[no-any-return]

    def workshop_details(self, info: WorkshopInfo) -> WorkshopInfo | None:
        return self._next("workshop_details")  # type: ignore[no-any-return]

    def new_round(self, existing: list[str], suggested: str) -> NewRoundRequest | None:
        return self._next("new_round")  # type: ignore[no-any-return]

    def new_business_unit(self, existing: list[str], currency: str) -> NewBusinessUnitRequest | None:
        return self._next("new_business_unit")  # type: ignore[no-any-return]

    def text(self, title: str, label: str, text: str = "", *, max_length: int | None = None) -> str | None:
        answer = self._next("text")
        assert answer is None or max_length is None or len(answer) <= max_length, "the field takes no more"
        return answer  # type: ignore[no-any-return]

    def error(self, title: str, message: str, detail: str = "") -> None:
        self.errors.append(Shown(title, message, detail))

    def confirm(self, title: str, message: str, action: str, *, destructive: bool = False) -> bool:
        self.questions.append(Shown(title, message))
        return self._next("confirm")  # type: ignore[no-any-return]

    def offer_read_only(self, title: str, message: str) -> bool:
        self.questions.append(Shown(title, message))
        return self._next("offer_read_only")  # type: ignore[no-any-return]

    def information(self, title: str, message: str) -> None:
        self.notices.append(Shown(title, message))


def make_context(folder: Path, dialogs: ScriptedDialogs | None = None) -> ApplicationContext:
    """A context whose settings and data folder live in ``folder``."""
    store = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    return ApplicationContext(AppSettings(store), dialogs or ScriptedDialogs(), data_dir=folder / "data")
