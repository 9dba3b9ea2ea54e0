#!/usr/bin/env python3
"""One version everywhere: checks that every place a release version lives agrees.

  python3 tools/check_versions.py [--root DIR]   # exit 1 and one line per disagreement
  python3 tools/check_versions.py --self-test    # proves each check fails on a mismatch

The version is the Rust workspace's (Cargo.toml `[workspace.package] version`). It must be:
- inherited by every workspace member (`version.workspace = true`), and be what Cargo.lock
  records for them;
- package.json `version`, package-lock.json's own version, and any `@vobiz-partner/*`
  optionalDependency pin in package.json;
- the `version` of every platform package, npm/*/package.json;
- the Python package's: pyproject.toml declares `dynamic = ["version"]` (maturin takes it
  from Cargo) and no static `version`;
- what the core reports: `VERSION` is `env!("CARGO_PKG_VERSION")` in core/src/lib.rs and the
  user agent (core/src/config.rs `user_agent`) is built from it, with no version literal.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    tomllib = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_SCOPE = "@vobiz-partner/"


def load_toml(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if tomllib is not None:
        return tomllib.loads(text)
    return _mini_toml(text)


def _mini_toml(text: str) -> dict:
    """Enough TOML for this script on Python < 3.11: tables, dotted keys, string/array/bool values."""
    data: dict = {}
    table = data
    pending = ""
    for raw in text.splitlines():
        line = pending + raw.split(" #")[0].strip() if pending else raw.strip()
        if line.startswith("#") or not line:
            continue
        if line.count("[") > line.count("]") and "=" in line:
            pending = line + " "
            continue
        pending = ""
        header = re.fullmatch(r"\[\[?([^\]]+)\]\]?", line)
        if header:
            table = data
            for part in header.group(1).split("."):
                table = table.setdefault(part.strip().strip('"'), {})
            continue
        key, _, value = line.partition("=")
        target = table
        parts = [p.strip().strip('"') for p in key.split(".")]
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        value = value.strip()
        if value.startswith('"'):
            target[parts[-1]] = value[1 : value.index('"', 1)]
        elif value.startswith("["):
            target[parts[-1]] = re.findall(r'"([^"]*)"', value)
        elif value in ("true", "false"):
            target[parts[-1]] = value == "true"
        elif value.startswith("{"):
            target[parts[-1]] = dict(re.findall(r'(\w[\w-]*)\s*=\s*"?([^",}]*)"?', value))
        else:
            target[parts[-1]] = value
    return data


def check(root: Path) -> list[str]:
    problems: list[str] = []

    def rel(path: Path) -> str:
        return str(path.relative_to(root))

    cargo = load_toml(root / "Cargo.toml")
    version = cargo.get("workspace", {}).get("package", {}).get("version")
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", version):
        return [f"Cargo.toml: [workspace.package] version missing or not semver: {version!r}"]

    # Workspace members inherit it; Cargo.lock records it.
    members = cargo.get("workspace", {}).get("members", [])
    crate_names = []
    for member in members:
        manifest = root / member / "Cargo.toml"
        package = load_toml(manifest).get("package", {})
        crate_names.append(package.get("name"))
        own = package.get("version")
        if own != {"workspace": True} and own != version:
            problems.append(f"{rel(manifest)}: version is {own!r}; use version.workspace = true")
    lock = root / "Cargo.lock"
    if lock.exists():
        for name, locked in re.findall(r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"\n(?!source)', lock.read_text(encoding="utf-8")):
            if name in crate_names and locked != version:
                problems.append(f"Cargo.lock: {name} is {locked}, Cargo.toml says {version} (run cargo build)")

    # npm: the main package, its lockfile, its platform-package pins, the platform packages.
    package_json = json.loads((root / "package.json").read_text(encoding="utf-8"))
    if package_json.get("version") != version:
        problems.append(f"package.json: version {package_json.get('version')!r} != Cargo workspace {version}")
    for name, pin in package_json.get("optionalDependencies", {}).items():
        if name.startswith(PLATFORM_SCOPE) and pin != version:
            problems.append(f"package.json: optionalDependencies {name} {pin!r} != {version}")
    package_lock = root / "package-lock.json"
    if package_lock.exists():
        lock_json = json.loads(package_lock.read_text(encoding="utf-8"))
        for where, value in (("version", lock_json.get("version")), ('packages[""].version', lock_json.get("packages", {}).get("", {}).get("version"))):
            if value != version:
                problems.append(f"package-lock.json: {where} {value!r} != {version} (run npm install)")
    platform_manifests = sorted((root / "npm").glob("*/package.json"))
    if not platform_manifests:
        problems.append("npm/: no platform package (npm/<platform>/package.json)")
    for manifest in platform_manifests:
        platform = json.loads(manifest.read_text(encoding="utf-8"))
        if platform.get("version") != version:
            problems.append(f"{rel(manifest)}: version {platform.get('version')!r} != {version} (npx napi version)")

    # Python: the version comes from Cargo.
    project = load_toml(root / "pyproject.toml").get("project", {})
    if "version" in project:
        problems.append(f"pyproject.toml: static version {project['version']!r}; the version must be dynamic (from Cargo)")
    if "version" not in project.get("dynamic", []):
        problems.append('pyproject.toml: [project] dynamic must list "version" (maturin takes it from Cargo.toml)')

    # The core reports the crate version.
    lib_rs = (root / "core/src/lib.rs").read_text(encoding="utf-8")
    if not re.search(r'pub\s+const\s+VERSION\s*:\s*&str\s*=\s*env!\(\s*"CARGO_PKG_VERSION"\s*\)', lib_rs):
        problems.append('core/src/lib.rs: VERSION must be env!("CARGO_PKG_VERSION")')
    config_rs = (root / "core/src/config.rs").read_text(encoding="utf-8")
    agent = re.search(r"fn\s+user_agent\s*\([^)]*\)[^{]*\{(?P<body>.*?)\n    \}", config_rs, re.S)
    if agent is None:
        problems.append("core/src/config.rs: no user_agent function found")
    elif not re.search(r"\b(crate::VERSION|VERSION|env!\(\s*\"CARGO_PKG_VERSION\"\s*\))", agent.group("body")) or re.search(
        r"\d+\.\d+\.\d+", agent.group("body")
    ):
        problems.append("core/src/config.rs: user_agent must be built from crate::VERSION (CARGO_PKG_VERSION), not a literal")
    return problems


def run(root: Path) -> int:
    problems = check(root)
    version = load_toml(root / "Cargo.toml").get("workspace", {}).get("package", {}).get("version")
    if problems:
        print(f"check_versions: {len(problems)} disagreement(s) with the Cargo workspace version {version}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"check_versions: {version} everywhere (Cargo workspace and lock, package.json and lock, npm/*, pyproject dynamic, core user agent)")
    return 0


def self_test() -> int:
    """Each mutation of a copy of the tree must make the check fail; the copy itself must pass."""
    files = ["Cargo.toml", "Cargo.lock", "package.json", "package-lock.json", "pyproject.toml", "core/src/lib.rs", "core/src/config.rs"]
    cargo = load_toml(ROOT / "Cargo.toml")
    members = cargo["workspace"]["members"]
    files += [f"{m}/Cargo.toml" for m in members]
    files += [str(p.relative_to(ROOT)) for p in (ROOT / "npm").glob("*/package.json")]
    version = cargo["workspace"]["package"]["version"]
    other = "9.9.9" if version != "9.9.9" else "9.9.8"

    def json_edit(path: str, edit):
        def apply(root: Path) -> None:
            data = json.loads((root / path).read_text(encoding="utf-8"))
            edit(data)
            (root / path).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

        return apply

    def text_edit(path: str, old: str, new: str, count: int = 1):
        def apply(root: Path) -> None:
            text = (root / path).read_text(encoding="utf-8")
            if old not in text:
                raise AssertionError(f"self-test: {old!r} not in {path}")
            (root / path).write_text(text.replace(old, new, count), encoding="utf-8")

        return apply

    platform = [p for p in files if p.startswith("npm/")]
    mutations = {
        "Cargo workspace version": text_edit("Cargo.toml", f'version = "{version}"', f'version = "{other}"'),
        "package.json version": json_edit("package.json", lambda d: d.__setitem__("version", other)),
        "package-lock.json version": json_edit("package-lock.json", lambda d: d["packages"][""].__setitem__("version", other)),
        "platform package pin": json_edit("package.json", lambda d: d.setdefault("optionalDependencies", {}).__setitem__(PLATFORM_SCOPE + "linux-x64-gnu", other)),
        "a member's own version": text_edit(f"{members[0]}/Cargo.toml", "version.workspace = true", f'version = "{other}"'),
        "static pyproject version": text_edit("pyproject.toml", 'dynamic = ["version"]', f'version = "{other}"'),
        "VERSION not from Cargo": text_edit("core/src/lib.rs", 'env!("CARGO_PKG_VERSION")', f'"{version}"'),
        "literal user agent": text_edit("core/src/config.rs", "crate::VERSION", f'"{other}"'),
    }
    if platform:
        mutations["npm/* version"] = json_edit(platform[0], lambda d: d.__setitem__("version", other))
    failures = 0
    with tempfile.TemporaryDirectory(prefix="check-versions-") as tmp:
        base = Path(tmp) / "base"
        for path in files:
            (base / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / path, base / path)
        clean = check(base)
        if clean:
            print(f"self-test: the unmodified copy fails: {clean}", file=sys.stderr)
            return 1
        for name, mutate in mutations.items():
            copy = Path(tmp) / re.sub(r"\W+", "-", name)
            shutil.copytree(base, copy)
            mutate(copy)
            # As a user runs it: a separate process, exit status and message.
            result = subprocess.run([sys.executable, __file__, "--root", str(copy)], capture_output=True, text=True)
            if result.returncode == 1 and "disagreement" in result.stderr:
                print(f"self-test: {name}: refused ({result.stderr.strip().splitlines()[-1].strip()})")
            else:
                failures += 1
                print(f"self-test: {name}: NOT refused (exit {result.returncode})\n{result.stdout}{result.stderr}", file=sys.stderr)
    if failures:
        return 1
    print(f"self-test: all {len(mutations)} mismatches refused; the unmodified copy passes")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the tree to check (default: this repository)")
    parser.add_argument("--self-test", action="store_true", help="check that mismatches in a temp copy are refused")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    return run(args.root.resolve())


if __name__ == "__main__":
    sys.exit(main())
