"""The standalone bundle: built with PyInstaller, unpacked from its archive, run with nothing else.

The slow tests build the Linux bundle once per session (about a minute on two cores), unpack
the .tar.gz into a fresh folder and run both programs there in a bare environment — no
virtual environment, no PYTHONPATH, only /usr/bin and /bin on PATH — headless. Set
FINOPS_BUNDLE to a bundle folder or archive from ``make package`` to test that one instead.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds and runs the Linux bundle")


def load_packaging_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# What the spec keeps and drops (fast, no build) -------------------------------------------


def test_launcher_runs_the_program_named_by_the_executable() -> None:
    launcher = load_packaging_module("launcher")
    assert launcher.program_name("/opt/finops-desktop/finops-workshop") == "finops-workshop"
    assert launcher.program_name(str(Path("Apps") / "finops-desktop" / "FINOPS-WORKSHOP.exe")) == "finops-workshop"
    assert launcher.program_name("/opt/finops-desktop/finops-desktop") == "finops-desktop"
    assert launcher.program_name("/Applications/FinOps Workshop.app/Contents/MacOS/finops-desktop") == "finops-desktop"


@pytest.mark.parametrize(("dest", "unwanted"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", False),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", True),
    ("PySide6\\plugins\\imageformats\\qtiff.dll", True),
    ("PySide6/Qt/translations/qtbase_de.qm", True),
    ("matplotlib/mpl-data/sample_data/logo2.png", True),
    ("matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf", False),
    ("finops_desktop/resources/models/finops-crawl-walk-run.toml", False),
])
def test_unwanted_files(dest: str, unwanted: bool) -> None:
    assert load_packaging_module("bundle_contents").is_unwanted(dest) is unwanted


def test_prune_drops_the_libraries_only_dropped_plugins_linked_to() -> None:
    contents = load_packaging_module("bundle_contents")
    links = {
        "vnc.so": {"libQt6Network.so.6", "libkrb5.so.3", "libQt6Gui.so.6"},
        "xcb.so": {"libQt6Gui.so.6", "libxcb.so.1"},
        "net.so": {"libkrb5.so.3"},
        "gui.so": set(),
        "xcblib.so": set(),
        "krb.so": set(),
        "ctypes.so": set(),
    }
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqvnc.so", "vnc.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "xcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "net.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "gui.so", "BINARY"),
        ("libxcb.so.1", "xcblib.so", "BINARY"),
        ("libkrb5.so.3", "krb.so", "BINARY"),
        ("libloaded_by_name.so", "ctypes.so", "BINARY"),
    ]
    datas = [
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qtbase_fr.qm", "qtbase_fr.qm", "DATA"),
    ]

    def linked(sources: object) -> set[str]:
        return set().union(*(links[source] for source in sources))  # type: ignore[attr-defined]

    kept, kept_datas = contents.prune(binaries, datas, linked=linked)
    assert [dest for dest, _src, _kind in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/lib/libQt6Gui.so.6", "libxcb.so.1",
        "libloaded_by_name.so"]
    assert kept_datas == [("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK")]


# The built bundle ------------------------------------------------------------------------


def bare_environment(home: Path) -> dict[str, str]:
    """What a consultant's session minimally has: no Python anywhere in sight."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}


def unpack(archive: Path, into: Path) -> Path:
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "tar_filter"):  # Python 3.11.4 and later: no member may land outside ``into``
            tar.extractall(into, filter="tar")
        else:  # the archive is the one the build just made
            tar.extractall(into)
    (folder,) = into.iterdir()
    return folder


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle folder, unpacked from the archive in a folder of its own."""
    given = os.environ.get("FINOPS_BUNDLE")
    if given:
        path = Path(given).resolve()
        if path.is_dir():
            return path
        return unpack(path, tmp_path_factory.mktemp("unpacked"))
    if importlib.util.find_spec("PyInstaller") is None and not os.environ.get("CI"):  # CI installs it: it must run
        pytest.skip("PyInstaller is not installed: pip install -e '.[package]' (or set FINOPS_BUNDLE)")
    build = tmp_path_factory.mktemp("bundle-build")
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "build_bundle.py"), "--dist", str(build / "dist"), "--work",
         str(build / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, f"the bundle build failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    (archive,) = (build / "dist").glob("finops-desktop-*-linux-*.tar.gz")
    return unpack(archive, tmp_path_factory.mktemp("unpacked"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def demo(bundle: Path, home: Path) -> Path:
    """A demo workshop made by the bundled command line."""
    path = home / "Demo workshop.finops"
    result = run_bundled(bundle, home, "finops-workshop", "demo", str(path))
    assert result.returncode == 0, result.stderr
    return path


def run_bundled(bundle: Path, home: Path, program: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle / program), *args], cwd=home, env=bare_environment(home),
                          capture_output=True, text=True, timeout=300)


def is_locked_for_editing(path: Path) -> bool:
    with open(path, "rb") as file:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)
        return False


def mapped_files(pid: int) -> set[str]:
    with open(f"/proc/{pid}/maps") as maps:
        return {line.split(maxsplit=5)[5].strip() for line in maps if len(line.split(maxsplit=5)) == 6}


def foreign_python_files(paths: set[str], bundle: Path) -> list[str]:
    """Mapped files of a Python or its packages that do not come from the bundle."""
    outside = [path for path in paths if path.startswith("/") and not path.startswith(f"{bundle}/")]
    python_roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(ROOT)} - {"/usr", "/usr/local", "/"}
    return sorted(path for path in outside
                  if "python" in Path(path).name.lower() or "site-packages" in path or "/python3" in path
                  or any(path.startswith(f"{root}/") for root in python_roots))


@pytest.fixture
def running_app(bundle: Path, home: Path, demo: Path) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen([str(bundle / "finops-desktop"), str(demo)], cwd=home, env=bare_environment(home),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.mark.slow
@linux_only
def test_the_bundle_holds_both_programs_the_data_and_the_desktop_files(bundle: Path) -> None:
    for program in ("finops-desktop", "finops-workshop", "install.sh"):
        assert os.access(bundle / program, os.X_OK), program
    data = next(bundle.glob("*/finops_desktop"))
    assert (data / "resources" / "models" / "finops-crawl-walk-run.toml").is_file()
    assert any((data / "resources" / "icons").glob("finops-desktop*.png"))
    assert any((data / "roadmaps").rglob("*.toml")), "the playbook is missing from the bundle"
    assert (bundle / "share" / "applications" / "finops-desktop.desktop").is_file()
    assert (bundle / "share" / "mime" / "packages" / "finops-workshop-mime.xml").is_file()
    assert (bundle / "share" / "icons" / "hicolor" / "256x256" / "apps" / "finops-desktop.png").is_file()
    broken = [str(p) for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    assert not broken, f"broken links in the bundle: {broken}"


@pytest.mark.slow
@linux_only
def test_the_bundled_command_line_reads_the_shipped_models(bundle: Path, home: Path) -> None:
    result = run_bundled(bundle, home, "finops-workshop", "models")
    assert result.returncode == 0, result.stderr
    assert "finops-crawl-walk-run" in result.stdout


@pytest.mark.slow
@linux_only
def test_the_bundled_app_starts_and_opens_the_demo_workshop(
        bundle: Path, demo: Path, running_app: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while not is_locked_for_editing(demo):
        if running_app.poll() is not None:
            out, err = running_app.communicate()
            pytest.fail(f"the app exited with {running_app.returncode} before opening the workshop:\n{err}{out}")
        assert time.monotonic() < deadline, "the app did not open the demo workshop for editing within 90 s"
        time.sleep(0.2)
    time.sleep(2)  # the window is up; let it settle and fail if it is going to
    assert running_app.poll() is None, "the app quit after opening the workshop"

    mapped = mapped_files(running_app.pid)
    assert any(path.endswith("/libqoffscreen.so") for path in mapped), "Qt's platform plugin did not load"
    assert any(path.startswith(f"{bundle}/") and "libpython" in path for path in mapped)
    assert foreign_python_files(mapped, bundle) == []

    running_app.terminate()
    _out, err = running_app.communicate(timeout=20)
    assert "Traceback" not in err, err
    assert "could not load the Qt platform plugin" not in err.lower(), err


@pytest.mark.slow
@linux_only
def test_the_bundled_export_writes_a_workbook_with_its_charts(bundle: Path, home: Path, demo: Path) -> None:
    from openpyxl import load_workbook

    workbook = home / "Northwind roadmap.xlsx"
    result = run_bundled(bundle, home, "finops-workshop", "export", str(demo), "--xlsx", str(workbook))
    assert result.returncode == 0, result.stderr
    assert workbook.read_bytes()[:4] == b"PK\x03\x04"
    book = load_workbook(workbook)
    assert len(book.sheetnames) >= 3, book.sheetnames
    images = sum(len(sheet._images) for sheet in book.worksheets)  # type: ignore[attr-defined]
    assert images > 0, "the workbook has no chart pictures: matplotlib did not draw inside the bundle"


@pytest.mark.slow
@linux_only
def test_the_bundled_command_line_reads_billing_data_and_prints_the_warehouse_query(bundle: Path, home: Path,
                                                                                    demo: Path) -> None:
    # FOCUS sample data © FinOps Foundation, CC BY 4.0 (tests/data/focus/README.md)
    sample = ROOT / "tests" / "data" / "focus" / "focus-1.0-sample.csv"
    result = run_bundled(bundle, home, "finops-workshop", "evidence", "import", str(demo), str(sample),
                         "--bu-tag", "business_unit")
    assert result.returncode == 0, result.stderr
    assert "Imported 1,000 rows from 1 file (FOCUS 1.0)" in result.stdout
    result = run_bundled(bundle, home, "finops-workshop", "evidence", "sql", "--dialect", "snowflake",
                         "--bu-column", "SubAccountName")
    assert result.returncode == 0, result.stderr
    assert "GROUP BY" in result.stdout


@pytest.mark.slow
@linux_only
@pytest.mark.parametrize(("what", "name", "signature"), [
    ("--org", "organisation.png", b"\x89PNG\r\n\x1a\n"),
    ("--heatmap", "heatmap.svg", b"<svg"),
])
def test_the_bundled_charts_write_png_and_svg(bundle: Path, home: Path, demo: Path, what: str, name: str,
                                               signature: bytes) -> None:
    out = home / name
    result = run_bundled(bundle, home, "finops-workshop", "chart", str(demo), what, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert signature in out.read_bytes()[:2000]


@pytest.mark.slow
@linux_only
def test_install_registers_the_app_and_file_type_for_the_user_and_uninstall_removes_it(
        bundle: Path, home: Path) -> None:
    env = bare_environment(home)
    result = subprocess.run([str(bundle / "install.sh")], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    share = home / ".local" / "share"
    entry = (share / "applications" / "finops-desktop.desktop").read_text()
    assert f'Exec="{bundle}/finops-desktop" %f' in entry
    assert "MimeType=application/x-finops-workshop;" in entry
    assert (share / "mime" / "packages" / "finops-workshop-mime.xml").is_file()
    assert (share / "icons" / "hicolor" / "48x48" / "apps" / "finops-desktop.png").is_file()
    assert (share / "icons" / "hicolor" / "48x48" / "mimetypes" / "application-x-finops-workshop.png").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(share / "applications" / "finops-desktop.desktop")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    if (share / "mime" / "globs2").exists():  # update-mime-database ran
        assert "application/x-finops-workshop:*.finops" in (share / "mime" / "globs2").read_text()

    # The linked command runs from anywhere, as the program it names.
    linked = subprocess.run([str(home / ".local" / "bin" / "finops-workshop"), "models"], cwd=home, env=env,
                            capture_output=True, text=True, timeout=300)
    assert linked.returncode == 0, linked.stderr
    assert "finops-crawl-walk-run" in linked.stdout

    result = subprocess.run([str(bundle / "install.sh"), "--uninstall"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert not (share / "applications" / "finops-desktop.desktop").exists()
    assert not (share / "mime" / "packages" / "finops-workshop-mime.xml").exists()
    assert not (home / ".local" / "bin" / "finops-workshop").exists()
    assert (bundle / "finops-workshop").exists()


@pytest.mark.slow
@linux_only
def test_the_bundled_window_names_a_missing_system_library_instead_of_aborting(bundle: Path, home: Path) -> None:
    """The bundle checks Qt's X11 plugin before Qt starts, as the app does (a library hidden from the loader)."""
    (qt_xcb,) = bundle.glob("*/PySide6/Qt/lib/libQt6XcbQpa.so.6")
    data = qt_xcb.read_bytes()
    assert b"libxcb-cursor.so.0" in data
    plugins = home / "platforms"
    plugins.mkdir()
    (plugins / "libqxcb.so").write_bytes(data.replace(b"libxcb-cursor.so.0", b"libxcb-cursoz.so.0"))
    env = {**bare_environment(home), "QT_QPA_PLATFORM": "xcb", "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugins)}
    result = subprocess.run([str(bundle / "finops-desktop")], cwd=home, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "libxcb-cursoz.so.0" in lines[0], result.stderr
    assert "could not load the qt platform plugin" not in result.stderr.lower()
