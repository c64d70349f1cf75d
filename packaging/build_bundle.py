"""Build the standalone bundle with PyInstaller and pack it for handing out.

    python packaging/build_bundle.py [--dist DIR] [--work DIR] [--no-archive] [--clean]

Linux:   DIST/finops-desktop/ and DIST/finops-desktop-VERSION-linux-x86_64.tar.gz
Windows: DIST/finops-desktop/ and DIST/finops-desktop-VERSION-windows-x86_64.zip
macOS:   DIST/FinOps Workshop.app and DIST/finops-desktop-VERSION-macos-ARCH.zip

Run it with the Python of an environment where ``pip install -e '.[package]'`` was done.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "finops-desktop.spec"
NAME = "finops-desktop"
MAC_APP = "FinOps Workshop.app"


def project_version(root: Path = ROOT) -> str:
    with open(root / "pyproject.toml", "rb") as file:
        version: str = tomllib.load(file)["project"]["version"]
    return version


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform.removesuffix("2"))
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def build_folder(dist: Path, work: Path, clean: bool = False) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder (the .app on macOS)."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work)]
    if clean:
        command.append("--clean")
    subprocess.run([*command, str(SPEC)], check=True, cwd=ROOT)
    return dist / (MAC_APP if sys.platform == "darwin" else NAME)


def pack(bundle: Path, dist: Path, version: str) -> Path:
    """The archive a consultant downloads: one folder, named with the version, inside."""
    stem = f"{NAME}-{version}-{platform_tag()}"
    if sys.platform == "darwin":
        # ditto keeps the symbolic links and extended attributes of the app's frameworks.
        archive = dist / f"{stem}.zip"
        archive.unlink(missing_ok=True)
        subprocess.run(["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(bundle), str(archive)],
                       check=True)
        return archive
    if sys.platform == "win32":
        archive = dist / f"{stem}.zip"
        archive.unlink(missing_ok=True)
        shutil.make_archive(str(dist / stem), "zip", root_dir=bundle.parent, base_dir=bundle.name)
        return archive
    archive = dist / f"{stem}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"{NAME}-{version}")
    return archive


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the standalone FinOps Maturity Workshop bundle.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle goes (default dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's working folder, reused by the next build (default build/pyinstaller)")
    parser.add_argument("--no-archive", action="store_true", help="build the folder only")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    args = parser.parse_args(argv)

    bundle = build_folder(args.dist.resolve(), args.work.resolve(), clean=args.clean)
    print(f"bundle:  {bundle}  ({folder_size(bundle) / 2**20:.0f} MiB)")
    if not args.no_archive:
        archive = pack(bundle, args.dist.resolve(), project_version())
        print(f"archive: {archive}  ({archive.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
