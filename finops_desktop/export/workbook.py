"""The Excel deliverable: one fresh workbook per export, written beside its target and moved in place."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from ..domain.collector import collector_paused
from ..domain.roadmap import Roadmap
from ..domain.workshop import Workshop
from . import (
    sheet_assumptions,
    sheet_charts,
    sheet_diagnostics,
    sheet_evidence,
    sheet_model,
    sheet_roadmap,
    sheet_rounds,
    sheet_scores,
    sheet_summary,
    sheet_tracker,
    sheet_votes,
)
from .cell_text import clean_text
from .content import ExportContent
from .errors import ExportError
from .images import organisation_picture
from .print_layout import keep_readable

if TYPE_CHECKING:
    from ..evidence.report import EvidenceReport

Progress = Callable[[int, int], None]

_DESCRIPTIONS = {
    sheet_summary.SHEET_TITLE: "This page: the engagement, the headline, progress and contents.",
    sheet_scores.SHEET_TITLE: "Current and target stage of every business unit in every dimension.",
    sheet_roadmap.SHEET_TITLE: "The steps in order, wave by wave: owner role, effort, the money they unlock, KPI.",
    sheet_charts.SHEET_TITLE: "Radar charts of the organisation and of each business unit.",
    sheet_diagnostics.SHEET_TITLE: "Known traps the ratings show.",
    sheet_evidence.SHEET_TITLE: "The notes behind the ratings, with confidence and participants.",
    sheet_assumptions.SHEET_TITLE: "The waste figures behind every money amount.",
    sheet_rounds.SHEET_TITLE: "How the ratings moved since the earlier assessment round.",
    sheet_votes.SHEET_TITLE: "The participants' votes per cell, their spread, and who voted.",
    sheet_tracker.SHEET_TITLE: "One row per step and business unit: due date, status, owner, % complete, "
                               "comment, savings realised. Yours to fill in and send back.",
    sheet_tracker.PROGRESS_SHEET_TITLE: "Progress by wave and by business unit, counted from the Tracker.",
    sheet_model.SHEET_TITLE: "Each dimension's question, what each stage means, and the legend.",
}
#: Where Letter paper is the norm, told by the workshop's currency; elsewhere A4.
_LETTER_CURRENCIES = frozenset({"USD", "CAD"})


def write_workbook(workshop: Workshop, path: Path | str, *, roadmap: Roadmap | None = None,
                   round_id: int | None = None, compare_round_id: int | None = None,
                   progress: Progress | None = None, evidence: EvidenceReport | None = None) -> None:
    """Write the workshop's Excel deliverable to ``path``.

    ``roadmap`` defaults to the planner's roadmap for ``round_id`` (the latest round by
    default). When the workshop has more than one round, the round before ``round_id``
    is compared with it unless ``compare_round_id`` names another. ``progress`` is called
    with (steps done, steps in all) as the work advances. The workbook is built in a
    temporary file beside ``path`` and moved in place only when complete.
    """
    path = Path(path)
    _check_target(path)
    round_id = workshop.active_round.id if round_id is None else round_id
    if not any(r.id == round_id for r in workshop.rounds):
        raise ExportError(f"the workshop has no assessment round {round_id}")
    if compare_round_id is None:
        compare_round_id = _previous_round(workshop, round_id)
    elif compare_round_id == round_id or not any(r.id == compare_round_id for r in workshop.rounds):
        raise ExportError("the round to compare with must be another round of the workshop")
    if roadmap is None:
        from ..domain.planner import plan_roadmap
        from ..domain.progress import done_steps

        roadmap = plan_roadmap(workshop, round_id=round_id, measured=evidence.measured() if evidence else None,
                               done=done_steps(workshop.progress.values()))
    content = ExportContent(workshop, roadmap, round_id, compare_round_id, evidence)

    total = step_count(content) + 1  # and saving
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    with collector_paused():
        book = build_workbook(content, tick)
        _save_atomically(book, path)
    tick()


def sheet_titles(content: ExportContent) -> list[str]:
    titles = [sheet_summary.SHEET_TITLE, sheet_scores.SHEET_TITLE, sheet_roadmap.SHEET_TITLE,
              sheet_tracker.SHEET_TITLE, sheet_tracker.PROGRESS_SHEET_TITLE,
              sheet_charts.SHEET_TITLE, sheet_diagnostics.SHEET_TITLE, sheet_evidence.SHEET_TITLE,
              sheet_assumptions.SHEET_TITLE, sheet_model.SHEET_TITLE]
    if content.compare_round_id is not None:
        titles.append(sheet_rounds.SHEET_TITLE)
    if sheet_votes.has_votes(content):
        titles.insert(titles.index(sheet_evidence.SHEET_TITLE) + 1, sheet_votes.SHEET_TITLE)
    return titles


def step_count(content: ExportContent) -> int:
    """How many times :func:`build_workbook` calls ``tick``: once a sheet and once a picture."""
    return len(sheet_titles(content)) + sheet_charts.image_count(content)


def build_workbook(content: ExportContent, tick: Callable[[], None] = lambda: None) -> Workbook:
    """The workbook, in memory; ``tick`` is called as each sheet and picture is done."""
    titles = sheet_titles(content)
    book = Workbook()
    sheets = {title: book.create_sheet(title) for title in titles}
    book.remove(book.worksheets[0])
    _set_properties(book, content)

    sheet_scores.write_scores(sheets[sheet_scores.SHEET_TITLE], content)
    tick()
    sheet_roadmap.write_roadmap(sheets[sheet_roadmap.SHEET_TITLE], content)
    tick()
    tracker_rows = list(sheet_tracker.tracker_rows(content))
    sheet_tracker.write_tracker(sheets[sheet_tracker.SHEET_TITLE], content, tracker_rows)
    tick()
    sheet_tracker.write_progress(sheets[sheet_tracker.PROGRESS_SHEET_TITLE], content, tracker_rows)
    tick()
    # One picture for the Summary and the Charts sheet, drawn for the wider of its two places.
    organisation = organisation_picture(content, max(sheet_charts.LARGE_PX, sheet_summary.IMAGE_WIDTH_PX))
    sheet_charts.write_charts(sheets[sheet_charts.SHEET_TITLE], content, organisation, tick)
    tick()
    sheet_diagnostics.write_diagnostics(sheets[sheet_diagnostics.SHEET_TITLE], content)
    tick()
    sheet_evidence.write_evidence(sheets[sheet_evidence.SHEET_TITLE], content)
    tick()
    if sheet_votes.SHEET_TITLE in sheets:
        sheet_votes.write_votes(sheets[sheet_votes.SHEET_TITLE], content)
        tick()
    sheet_assumptions.write_assumptions(sheets[sheet_assumptions.SHEET_TITLE], content)
    tick()
    sheet_model.write_model(sheets[sheet_model.SHEET_TITLE], content)
    tick()
    if sheet_rounds.SHEET_TITLE in sheets:
        sheet_rounds.write_rounds(sheets[sheet_rounds.SHEET_TITLE], content)
        tick()

    sheet_summary.write_summary(sheets[sheet_summary.SHEET_TITLE], content,
                                [(title, _DESCRIPTIONS[title]) for title in titles], organisation)
    tick()
    sheet_tracker.write_id_sheet(book, content, tracker_rows)
    paper = paper_size(content)
    for ws in book.worksheets:
        ws.page_setup.paperSize = ws.PAPERSIZE_LETTER if paper == "Letter" else ws.PAPERSIZE_A4
    keep_readable(book, paper)
    book.active = 0
    return book


def paper_size(content: ExportContent) -> str:
    """The workshop's paper setting, or Letter where the currency says so, else A4."""
    chosen = content.workshop.settings.paper_size
    if chosen:
        return chosen
    return "Letter" if content.workshop.info.currency in _LETTER_CURRENCIES else "A4"


def _set_properties(book: Workbook, content: ExportContent) -> None:
    info, model = content.workshop.info, content.workshop.model
    props = book.properties
    client = clean_text(info.client).replace("\n", " ")[:200]
    props.title = f"FinOps roadmap — {client}"
    props.subject = f"FinOps maturity assessment ({model.name} {model.version})"
    props.creator = clean_text(info.facilitator).replace("\n", " ")[:200] or "FinOps Maturity Workshop"
    props.lastModifiedBy = props.creator
    props.keywords = "FinOps, maturity, roadmap"
    rnd = content.round
    dated = f" ({rnd.began_on})" if rnd.began_on else ""
    props.description = f"Assessment round: {clean_text(rnd.name)[:200]}{dated}"


def _previous_round(workshop: Workshop, round_id: int) -> int | None:
    ids = [r.id for r in workshop.rounds]
    index = ids.index(round_id)
    return ids[index - 1] if index > 0 else None


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise ExportError(f"{path}: this is a folder; choose a file name")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: the folder does not exist")
    if not os.access(path.parent, os.W_OK):
        raise ExportError(f"{path}: the folder is read-only; choose another folder")


def _save_atomically(book: Workbook, path: Path) -> None:
    _remove_stale_partials(path)
    try:
        partial, held = _create_partial(path)
    except PermissionError:
        raise ExportError(f"{path}: the folder is read-only; choose another folder") from None
    except OSError as exc:
        raise ExportError(f"{path}: could not write the workbook ({exc.strerror or exc})") from None
    try:
        book.save(partial)
        with open(partial, "rb+") as written:
            os.fsync(written.fileno())
        _keep_mode(path, partial)
        os.replace(partial, path)
    except PermissionError:
        partial.unlink(missing_ok=True)
        raise ExportError(f"{path}: the file cannot be replaced; it may be open in a spreadsheet application "
                          "(close it there and export again)") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"{path}: could not write the workbook ({exc.strerror or exc})") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        os.close(held)


def _partial_pattern(path: Path) -> str:
    return f".{path.stem[:40]}.*.xlsx.partial"


def _remove_stale_partials(path: Path) -> None:
    """Remove what an export that was killed left beside ``path``; one still being written is locked, and kept."""
    if fcntl is None:  # pragma: no cover - Windows: a file being written cannot be removed there anyway
        return
    for leftover in path.parent.glob(_partial_pattern(path)):
        try:
            fd = os.open(leftover, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # another export is writing it
        else:
            leftover.unlink(missing_ok=True)
        finally:
            os.close(fd)


def _create_partial(path: Path) -> tuple[Path, int]:
    """A new empty file beside ``path`` to build the workbook in.

    It is created with the permissions any new file gets (read and write as the umask and
    the folder allow), not the owner-only mode of :func:`tempfile.mkstemp`, since it
    becomes the workbook. The open, locked descriptor is returned with it; close it when done.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        partial = path.parent / f".{path.stem[:40]}.{secrets.token_hex(4)}.xlsx.partial"
        try:
            fd = os.open(partial, flags, 0o666)
        except FileExistsError:
            continue
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # held while the workbook is built, so it is never taken for stale
        return partial, fd
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(path.parent))


def _keep_mode(path: Path, partial: Path) -> None:
    """Give ``partial`` the permissions of the workbook it replaces, if there is one."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return
    try:
        os.chmod(partial, mode)
    except OSError:
        pass  # the new file keeps the permissions it was created with
