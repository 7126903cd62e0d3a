"""The layering of the code, held by walking the imports of every module."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEO = ROOT / "geo"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_geo_ui_imports_streamlit():
    offenders = [
        str(path.relative_to(ROOT))
        for path in GEO.rglob("*.py")
        if path.name != "ui.py" and {"streamlit", "streamlit_folium"} & _imports(path)
    ]
    assert offenders == []


def test_geo_modules_declare_all_and_a_docstring():
    for path in GEO.glob("*.py"):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path.name} has no module docstring"
        assert any(
            isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)
            for node in tree.body
        ), f"{path.name} does not declare __all__"


def test_pages_do_not_read_the_environment():
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        if path.exists():
            assert "os.environ" not in path.read_text(encoding="utf-8"), path.name


def test_no_grab_bag_modules():
    assert not any((GEO / name).exists() for name in ("utils.py", "common.py", "helpers.py", "misc.py"))
