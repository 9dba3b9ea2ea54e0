"""Checks and install tests of the Python distribution (`make dist-python`, `make test-dist-python`).

    python tools/dist_python.py check-wheel dist/vobiz_partner-*.whl --auditwheel .venv/bin/auditwheel
    python tools/dist_python.py check-sdist dist/vobiz_partner-*.tar.gz
    python tools/dist_python.py quickstart README.md            # prints the README's Python quickstart
    python tools/dist_python.py test-wheel dist/vobiz_partner-*.whl --python python3
    python tools/dist_python.py test-sdist dist/vobiz_partner-*.tar.gz --python python3 \\
        --target-dir target --constraints requirements-dev.txt

`test-wheel` installs the wheel by file into a fresh venv under a temp dir with every directory
holding cargo or rustc removed from PATH (and CARGO_HOME / RUSTUP_HOME unset), runs the README's
Python quickstart from a temp working dir against that install, checks that a package whose
native module is missing fails with one clear ImportError, and that a Python older than 3.9
is refused clearly (live when such an interpreter is on this machine, from the metadata always).
`test-sdist` builds and installs the sdist with pip in a fresh venv where Rust is present.
Only the standard library; no network for the wheel test (`--no-index`).
"""

from __future__ import annotations

import argparse
import email.parser
import glob
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEEL_TAG = "cp39-abi3-manylinux_2_17_x86_64"
LEGACY_TAG = "cp39-abi3-manylinux2014_x86_64"
NATIVE = "vobiz_partner/_native.abi3.so"
# The package's files both artifacts must carry.
PACKAGE_FILES = [
    "vobiz_partner/__init__.py",
    "vobiz_partner/_native.pyi",
    "vobiz_partner/py.typed",
    "vobiz_partner/models.py",
    "vobiz_partner/_errors.py",
    "vobiz_partner/_sync_client.py",
]
# What `pip install <sdist>` needs to build: the workspace manifest, its lock, and the crates
# the binding is built from. maturin rewrites the workspace's `members` to the crates it packs
# (bindings-node is dropped, as are the core's examples that live outside core/); every member
# left must be in the sdist, or cargo refuses the workspace.
SDIST_FILES = [
    "pyproject.toml",
    "Cargo.toml",
    "Cargo.lock",
    "core/Cargo.toml",
    "core/src/lib.rs",
    "core/derive/Cargo.toml",
    "core/derive/src/lib.rs",
    "sandbox/Cargo.toml",
    "sandbox/src/lib.rs",
    "bindings-python/Cargo.toml",
    "bindings-python/src/lib.rs",
    "bindings-python/src/sandbox.rs",
] + ["bindings-python/" + name for name in PACKAGE_FILES]
# Marks of a test-hooks build in the native module (the deliberate panics).
TEST_HOOK_MARKS = [b"_panic_in_binding"]


def fail(message: str) -> None:
    print(f"dist_python: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def one(pattern: str) -> Path:
    found = sorted(glob.glob(pattern))
    if len(found) != 1:
        fail(f"expected exactly one file for {pattern}, found {found or 'none'}")
    return Path(found[0])


def size(path: Path) -> str:
    return f"{path.stat().st_size / 1024 / 1024:.2f} MiB ({path.stat().st_size} bytes)"


# --- the artifacts ------------------------------------------------------------------------


def wheel_metadata(wheel: Path) -> tuple[list[str], str, set[str]]:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        info = next((n for n in names if re.fullmatch(r"[^/]+\.dist-info/WHEEL", n)), None)
        meta = next((n for n in names if re.fullmatch(r"[^/]+\.dist-info/METADATA", n)), None)
        if info is None or meta is None:
            fail(f"{wheel.name}: no .dist-info/WHEEL or METADATA")
        tags = email.parser.Parser().parsestr(zf.read(info).decode()).get_all("Tag") or []
        requires = email.parser.Parser().parsestr(zf.read(meta).decode()).get("Requires-Python", "")
    return tags, requires.replace(" ", ""), names


def check_wheel(args: argparse.Namespace) -> None:
    wheel = one(args.wheel)
    tags, requires, names = wheel_metadata(wheel)
    # The name, the WHEEL tags and Requires-Python are what pip reads to refuse a wrong Python
    # or platform with a clear message before anything loads.
    # name-version-python-abi-platform.whl, the platform part possibly dotted (several tags).
    parts = wheel.name[: -len(".whl")].split("-")
    name_tags = {f"{parts[2]}-{parts[3]}-{plat}" for plat in parts[4].split(".")} if len(parts) == 5 else set()
    if not {WHEEL_TAG, LEGACY_TAG} <= set(tags) or name_tags != set(tags):
        fail(f"{wheel.name}: not tagged {WHEEL_TAG} and {LEGACY_TAG} alone (WHEEL tags: {tags})")
    if requires != ">=3.9":
        fail(f"{wheel.name}: Requires-Python is {requires!r}, expected '>=3.9'")
    missing = [n for n in [NATIVE, *PACKAGE_FILES] if n not in names]
    if missing:
        fail(f"{wheel.name}: missing {missing}")
    with zipfile.ZipFile(wheel) as zf:
        native = zf.read(NATIVE)
    hooks = [mark.decode() for mark in TEST_HOOK_MARKS if mark in native]
    if hooks:
        fail(f"{wheel.name}: built with the test-hooks feature ({hooks} in {NATIVE})")
    if args.auditwheel:
        # An independent reading of the .so's symbol versions and libraries.
        shown = subprocess.run(
            [args.auditwheel, "show", str(wheel)], capture_output=True, text=True, check=False
        )
        text = " ".join((shown.stdout + shown.stderr).split())
        if shown.returncode != 0 or not re.search(
            r'consistent with the following platform tag: "manylinux_2_17_x86_64"', text
        ):
            fail(f"auditwheel show {wheel.name}: not manylinux_2_17_x86_64:\n{shown.stdout}{shown.stderr}")
        print(f"auditwheel: {wheel.name} is consistent with manylinux_2_17_x86_64")
    print(f"wheel ok: {wheel.name}, {size(wheel)}; tags {', '.join(tags)}; Requires-Python {requires}")


def check_sdist(args: argparse.Namespace) -> None:
    sdist = one(args.sdist)
    with tarfile.open(sdist) as tf:
        members = [m.name for m in tf.getmembers()]
    top = members[0].split("/")[0]
    names = {m[len(top) + 1 :] for m in members if m.startswith(top + "/")}
    missing = [n for n in SDIST_FILES if n not in names]
    if missing:
        fail(f"{sdist.name}: missing {missing}")
    with tarfile.open(sdist) as tf:
        extracted = tf.extractfile(f"{top}/Cargo.toml")
        assert extracted is not None
        workspace = extracted.read().decode()
    listed = re.search(r"^members\s*=\s*\[(.*?)\]", workspace, re.M | re.S)
    members = re.findall(r'"([^"]+)"', listed.group(1)) if listed else []
    unpacked = [m for m in members if f"{m}/Cargo.toml" not in names]
    if not members or unpacked:
        fail(f"{sdist.name}: workspace members {members}, without their sources: {unpacked}")
    stray = sorted(
        n
        for n in names
        if n.endswith((".so", ".node"))
        or n.split("/")[0] in {"target", "node_modules", ".venv", "dist"}
    )
    if stray:
        fail(f"{sdist.name}: carries build output {stray[:10]}")
    print(f"sdist ok: {sdist.name}, {size(sdist)}, {len(names)} files; workspace members {members}")


# --- the README's quickstart --------------------------------------------------------------


def quickstart_code(readme: Path) -> str:
    """The first ```python block under the `## Python quickstart` heading."""
    text = readme.read_text(encoding="utf-8")
    section = re.search(r"^## Python quickstart\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if section is None:
        fail(f"{readme}: no '## Python quickstart' section")
    block = re.search(r"^```python[ \t]*\n(.*?)^```[ \t]*$", section.group(1), re.M | re.S)
    if block is None:
        fail(f"{readme}: no ```python block under '## Python quickstart'")
    return block.group(1)


def print_quickstart(args: argparse.Namespace) -> None:
    sys.stdout.write(quickstart_code(Path(args.readme)))


# --- fresh installs -----------------------------------------------------------------------


def run(cmd: list[str], env: dict[str, str], cwd: Path, expect_ok: bool = True) -> subprocess.CompletedProcess[str]:
    shown = " ".join(str(c) for c in cmd)
    print(f"+ {shown.strip().splitlines()[0]}{' ...' if chr(10) in shown.strip() else ''}", flush=True)
    result = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if expect_ok and result.returncode != 0:
        fail(f"{shown} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result


def real_python(python: str) -> str:
    """The interpreter behind `python` (a pyenv shim needs a PATH that the test strips)."""
    return subprocess.run(
        [python, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True, check=True
    ).stdout.strip()


def rustless_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARGO", "RUSTUP", "RUSTC", "MATURIN"))}
    for key in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PIP_FIND_LINKS", "PIP_INDEX_URL", "RUSTFLAGS"):
        env.pop(key, None)
    kept = []
    for entry in env.get("PATH", "").split(os.pathsep):
        if entry and not any(os.path.exists(os.path.join(entry, tool)) for tool in ("cargo", "rustc")):
            kept.append(entry)
    env["PATH"] = os.pathsep.join(kept)
    for tool in ("cargo", "rustc"):
        if shutil.which(tool, path=env["PATH"]):
            fail(f"{tool} still on the stripped PATH")
    return env


def fresh_venv(python: str, where: Path, env: dict[str, str]) -> Path:
    run([real_python(python), "-m", "venv", where], env, where.parent)
    return where / "bin" / "python"


WHERE_CHECK = """
import os, sys, vobiz_partner, vobiz_partner._native as native
venv = os.path.realpath(sys.argv[1])
where = os.path.realpath(vobiz_partner.__file__)
assert where.startswith(venv + os.sep), f"vobiz_partner imported from {where}, not from the venv {venv}"
assert native._test_hooks is False, "a test-hooks build"
print(f"vobiz_partner {vobiz_partner.__version__} from {where}")
"""


def run_quickstart(py: Path, venv: Path, work: Path, env: dict[str, str], readme: Path) -> None:
    script = work / "quickstart.py"
    script.write_text(quickstart_code(readme), encoding="utf-8")
    print(run([py, "-c", WHERE_CHECK, venv], env, work).stdout, end="")
    started = time.monotonic()
    out = run([py, script], env, work)
    print(out.stdout, end="")
    if "404" not in out.stdout:
        fail(f"the quickstart did not print its NotFoundError's 404:\n{out.stdout}{out.stderr}")
    print(f"README quickstart ran from the install in {time.monotonic() - started:.1f}s")


def expect_clear_import_error(result: subprocess.CompletedProcess[str], needles: list[str], what: str) -> None:
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    if result.returncode == 0 or not last.startswith("ImportError: "):
        fail(f"{what}: expected an ImportError, got exit {result.returncode}:\n{result.stdout}{result.stderr}")
    absent = [n for n in needles if n not in last]
    if absent:
        fail(f"{what}: the ImportError does not name {absent}: {last}")
    if "The above exception was the direct cause" in result.stderr or "During handling" in result.stderr:
        fail(f"{what}: a chained loader traceback:\n{result.stderr}")
    print(f"{what}: {last[:200]}...")


def check_missing_native(py: Path, venv: Path, work: Path, env: dict[str, str]) -> None:
    """The installed package without its native module: one ImportError naming the platform."""
    site = Path(run([py, "-c", "import vobiz_partner, os; print(os.path.dirname(vobiz_partner.__file__))"], env, work).stdout.strip())
    copy = work / "no-native" / "vobiz_partner"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_native*.so", "__pycache__"))
    result = run([py, "-c", "import vobiz_partner"], {**env, "PYTHONPATH": str(copy.parent)}, work, expect_ok=False)
    import platform

    expect_clear_import_error(
        result, ["vobiz_partner._native", platform.system(), platform.machine(), "CPython >= 3.9"], "native module missing"
    )


def old_python() -> str | None:
    """An interpreter older than 3.9 on this machine, if any (pyenv's versions count)."""
    candidates = [shutil.which(f"python3.{minor}") for minor in (8, 7)]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.[78].*/bin/python3")), reverse=True)
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", "import sys; print(sys.version_info < (3, 9))"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return candidate
    return None


def check_wrong_python(wheel: Path, site: Path, work: Path, env: dict[str, str]) -> None:
    tags, requires, _ = wheel_metadata(wheel)
    if requires != ">=3.9" or set(tags) != {WHEEL_TAG, LEGACY_TAG}:
        fail(f"{wheel.name}: Requires-Python {requires!r}, tags {tags}")
    print(f"metadata: Requires-Python {requires}, tag {WHEEL_TAG} (pip refuses older or non-CPython interpreters)")
    old = old_python()
    if old is None:
        print("wrong Python: no Python < 3.9 on this machine; the live check is skipped, the metadata check above stands")
        return
    venv = work / "venv-old"
    py = fresh_venv(old, venv, env)
    result = run([py, "-m", "pip", "install", "--no-index", "--disable-pip-version-check", wheel], env, work, expect_ok=False)
    text = result.stdout + result.stderr
    if result.returncode == 0 or "is not a supported wheel on this platform" not in text or "Traceback" in text:
        fail(f"pip install with {old}: expected a clear refusal:\n{text}")
    print(f"wrong Python ({old}): pip refuses: {text.strip().splitlines()[-1]}")
    # The package copied by hand onto that Python anyway: the guard names the requirement.
    result = run([py, "-c", "import vobiz_partner"], {**env, "PYTHONPATH": str(site)}, work, expect_ok=False)
    expect_clear_import_error(result, ["CPython >= 3.9"], f"import on {old}")


def test_wheel(args: argparse.Namespace) -> None:
    wheel = one(args.wheel).resolve()
    readme = Path(args.readme).resolve()
    env = rustless_env()
    with tempfile.TemporaryDirectory(prefix="vobiz-wheel-test-") as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        venv = Path(tmp) / "venv"
        py = fresh_venv(args.python, venv, env)
        print(f"PATH without Rust: {env['PATH']}")
        run([py, "-m", "pip", "install", "--no-index", "--only-binary", ":all:", "--no-cache-dir", "--disable-pip-version-check", "--quiet", wheel], env, work)
        run_quickstart(py, venv, work, env, readme)
        check_missing_native(py, venv, work, env)
        site = Path(run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], env, work).stdout.strip())
        check_wrong_python(wheel, site, work, env)
    print(f"test-wheel: {wheel.name} installs and runs without Rust")


def test_sdist(args: argparse.Namespace) -> None:
    sdist = one(args.sdist).resolve()
    readme = Path(args.readme).resolve()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    if not shutil.which("cargo", path=env.get("PATH")):
        fail("test-sdist needs cargo on PATH")
    if args.target_dir:
        # Reuse the compiled dependencies of earlier runs, but never the workspace's own crates:
        # cargo hashes path crates by their place in the workspace and maturin stamps every file
        # of the sdist with one fixed old mtime, so a build from a new sdist would find the old
        # artifacts fresh and test nothing. Remove them first; the dependencies stay.
        target_dir = Path(args.target_dir).resolve()
        env["CARGO_TARGET_DIR"] = str(target_dir)
        run(
            ["cargo", "clean", "--quiet", "--manifest-path", ROOT / "Cargo.toml", "--target-dir", target_dir,
             "--release", "-p", "vobiz-partner", "-p", "vobiz-sandbox", "-p", "vobiz-partner-python"],
            env, ROOT,
        )
    with tempfile.TemporaryDirectory(prefix="vobiz-sdist-test-") as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        if args.constraints:
            # The build backend pip fetches into its isolated build env: the version we pin.
            pins = [l for l in Path(args.constraints).read_text().splitlines() if l.startswith("maturin==")]
            (Path(tmp) / "constraints.txt").write_text("\n".join(pins) + "\n")
            env["PIP_CONSTRAINT"] = str(Path(tmp) / "constraints.txt")
        venv = Path(tmp) / "venv"
        py = fresh_venv(args.python, venv, env)
        started = time.monotonic()
        # --no-cache-dir: a wheel pip cached from an earlier sdist of the same version would
        # skip the build this test is about.
        run([py, "-m", "pip", "install", "--no-cache-dir", "--disable-pip-version-check", "--quiet", sdist], env, work)
        print(f"pip install {sdist.name}: built and installed in {time.monotonic() - started:.0f}s")
        run_quickstart(py, venv, work, env, readme)
    print(f"test-sdist: {sdist.name} builds, installs and runs where Rust is present")


def report_size(args: argparse.Namespace) -> None:
    """Each wheel's size and its native module's, compressed in the wheel and installed."""
    for pattern in args.wheels:
        wheel = one(pattern)
        with zipfile.ZipFile(wheel) as zf:
            native = zf.getinfo(NATIVE)
        print(
            f"{pattern}: wheel {size(wheel)}; {NATIVE} {native.file_size / 1024 / 1024:.2f} MiB installed"
            f" ({native.file_size} bytes), {native.compress_size / 1024 / 1024:.2f} MiB compressed"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(required=True)
    p = sub.add_parser("check-wheel")
    p.add_argument("wheel")
    p.add_argument("--auditwheel")
    p.set_defaults(func=check_wheel)
    p = sub.add_parser("check-sdist")
    p.add_argument("sdist")
    p.set_defaults(func=check_sdist)
    p = sub.add_parser("quickstart")
    p.add_argument("readme", nargs="?", default=str(ROOT / "README.md"))
    p.set_defaults(func=print_quickstart)
    p = sub.add_parser("test-wheel")
    p.add_argument("wheel")
    p.add_argument("--python", default="python3")
    p.add_argument("--readme", default=str(ROOT / "README.md"))
    p.set_defaults(func=test_wheel)
    p = sub.add_parser("test-sdist")
    p.add_argument("sdist")
    p.add_argument("--python", default="python3")
    p.add_argument("--readme", default=str(ROOT / "README.md"))
    p.add_argument("--target-dir")
    p.add_argument("--constraints")
    p.set_defaults(func=test_sdist)
    p = sub.add_parser("size")
    p.add_argument("wheels", nargs="+")
    p.set_defaults(func=report_size)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
