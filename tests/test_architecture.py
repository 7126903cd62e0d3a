"""The layering of the code, held by walking the imports of every module.

The layers, from the bottom: the core (``geo/*.py`` and ``geo/commands``
excepted), ``geo/intake`` (data in) and ``geo/render`` (pictures out), then
``geo/ui`` (the only Streamlit code) and the command line (``geo/cli.py``,
``geo/commands``), which may use everything below them.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "geo"
STREAMLIT = {"streamlit", "streamlit_folium"}
ENTRY_POINTS = {"__init__.py", "__main__.py", "cli.py"}


def _modules() -> list[Path]:
    return sorted(GEO.rglob("*.py"))


def _layer(path: Path) -> str:
    parts = path.relative_to(GEO).parts
    if len(parts) > 1:
        return parts[0]  # intake, render, ui, commands
    return "cli" if parts[0] in ("cli.py", "__main__.py") else "core"


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, as a dotted name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _geo_layers(path: Path) -> set[str]:
    layers = set()
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "geo" and len(parts) > 1 and parts[1] in ("intake", "render", "ui", "commands", "cli"):
            layers.add(parts[1])
    return layers


def _top(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _imports(path)}


def test_only_geo_ui_imports_streamlit():
    offenders = [str(p.relative_to(ROOT)) for p in _modules() if _layer(p) != "ui" and STREAMLIT & _top(p)]
    assert offenders == []


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("core", {"intake", "render", "ui", "commands", "cli"}),
        ("intake", {"render", "ui", "commands", "cli"}),
        ("render", {"intake", "ui", "commands", "cli"}),
        ("ui", {"commands", "cli"}),
    ],
)
def test_layers_import_only_downwards(layer, forbidden):
    offenders = {str(p.relative_to(ROOT)): sorted(_geo_layers(p) & forbidden) for p in _modules() if _layer(p) == layer}
    assert {k: v for k, v in offenders.items() if v} == {}


def _public_definitions(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_")}


def _bound_names(tree: ast.Module) -> set[str]:
    names = _public_definitions(tree)
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _declared_all(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return [ast.literal_eval(element) for element in node.value.elts]
    return None


@pytest.mark.parametrize(
    "path", [p for p in _modules() if p.name != "__main__.py"], ids=lambda p: str(p.relative_to(GEO))
)
def test_every_module_has_a_docstring_and_a_right_all(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), "no module docstring"
    declared = _declared_all(tree)
    if path.name == "__init__.py" and declared is None:
        assert _public_definitions(tree) == set(), "a package that defines names must declare __all__"
        return
    assert declared is not None, "no __all__"
    assert len(declared) == len(set(declared)), "__all__ lists a name twice"
    assert set(declared) <= _bound_names(tree), (
        f"__all__ names what the module lacks: {set(declared) - _bound_names(tree)}"
    )
    if path.name != "__init__.py":
        missing = _public_definitions(tree) - set(declared)
        assert missing == set(), f"public names missing from __all__: {sorted(missing)}"


def test_no_module_is_over_600_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules() if (n := len(p.read_text().splitlines())) > 600}
    assert long == {}


def test_pages_do_not_read_the_environment():
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        assert "os.environ" not in path.read_text(encoding="utf-8"), path.name


def test_no_grab_bag_modules():
    grab_bags = {"utils.py", "common.py", "helpers.py", "misc.py"}
    assert not [p for p in _modules() if p.name in grab_bags]


def test_tests_mirror_the_packages():
    for package in ("intake", "render", "ui"):
        assert (ROOT / "tests" / package).is_dir(), f"tests/{package}/ is missing"


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"], ["assets", "--help"]])
def test_command_line_starts_without_the_heavy_stack(argv):
    """``python -m geo --help`` and commands that need no tables import no pandas, folium or Streamlit."""
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['geo', *{argv!r}]\n"
        "try:\n    runpy.run_module('geo', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('pandas', 'folium', 'streamlit', 'numpy', 'altair') if m in sys.modules)\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "HEAVY []" in result.stderr, result.stderr[-2000:]


def test_the_readme_layout_lists_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :]
    missing = [
        str(p.relative_to(ROOT))
        for p in _modules()
        if p.parent.name != "commands" and p.name != "__init__.py" and f"`{p.relative_to(ROOT)}`" not in layout
    ]
    assert missing == [], "add these to the README's Layout section"
