"""The build step pyproject.toml cannot declare: compile the gettext catalogues (``.po`` → ``.mo``).

``pip install .`` (and ``python -m build``) runs ``build_py``, which here also compiles each
``tui/i18n/locale/<lang>/LC_MESSAGES/*.po`` with Babel (a build requirement only, never needed at run
time) into the build tree, so the wheel carries the ``.mo`` files (and not the ``.po``: see
``tui/i18n/catalogue.py``). Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path("tui") / "i18n" / "locale"


class BuildWithCatalogues(build_py):
    """``build_py``, then each ``.po`` compiled to the ``.mo`` beside it in the build directory."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:  # an editable install imports the sources: they compile on first use
            for po, mo in self._catalogues():
                self._compile(po, Path(self.build_lib) / mo)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not self.editable_mode:
            outputs += [str(Path(self.build_lib) / mo) for _, mo in self._catalogues()]
        return outputs

    @staticmethod
    def _catalogues() -> list[tuple[Path, Path]]:
        return [(po, po.with_suffix(".mo")) for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))]

    @staticmethod
    def _compile(po: Path, mo: Path) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        # No catalogue.check(): it reads "% of demand" as a printf placeholder; the messages use
        # {name} fields, which tests/functional/test_i18n.py checks.
        with po.open("rb") as source:
            catalogue = read_po(source)
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as target:
            write_mo(target, catalogue)


setup(cmdclass={"build_py": BuildWithCatalogues})
