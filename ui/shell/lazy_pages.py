"""The main window's pages, each built the first time it is needed.

Start-up builds only the page shown first. Building a page imports its code, and through it the
recorder, the waveform code or the charts, which in turn load numpy and PortAudio. Doing that for
all four pages kept the window from appearing for several hundred milliseconds
(benchmarks/RESULTS.md). A page is built when it is first shown, or when code asks for it by key
(`pages["rehearse"]`); until then an empty placeholder holds its place in the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from PySide6.QtWidgets import QStackedWidget, QWidget

PageFactory = Callable[[], QWidget]


class LazyPages(Mapping[str, QWidget]):
    """Reading a key builds that page; `built()` lists only the pages that exist."""

    def __init__(
        self,
        stack: QStackedWidget,
        keys: Sequence[str],
        factories: Mapping[str, PageFactory],
        on_built: Callable[[str, QWidget], None],
    ) -> None:
        self._stack = stack
        self._keys = list(keys)
        self._factories = dict(factories)
        self._built: dict[str, QWidget] = {}
        self._on_built = on_built
        for key in self._keys:
            placeholder = QWidget()
            placeholder.setObjectName(f"{key}Placeholder")
            stack.addWidget(placeholder)

    def __getitem__(self, key: str) -> QWidget:
        page = self._built.get(key)
        if page is None:
            if key not in self._factories:
                raise KeyError(key)
            page = self._build(key)
        return page

    def __contains__(self, key: object) -> bool:  # Mapping's default would build the page
        return key in self._factories

    def __iter__(self) -> Iterator[str]:
        return iter(k for k in self._keys if k in self._factories)

    def __len__(self) -> int:
        return sum(1 for k in self._keys if k in self._factories)

    def is_built(self, key: str) -> bool:
        return key in self._built

    def built(self) -> list[QWidget]:
        """The pages that exist, in navigation order: the ones to tell about a new store or profile."""
        return [self._built[k] for k in self._keys if k in self._built]

    def _build(self, key: str) -> QWidget:
        page = self._factories[key]()
        index = self._keys.index(key)
        placeholder = self._stack.widget(index)
        was_current = self._stack.currentIndex() == index
        self._stack.insertWidget(index, page)
        if placeholder is not None:  # always there: each key starts as a placeholder
            self._stack.removeWidget(placeholder)
            placeholder.deleteLater()
        if was_current:
            self._stack.setCurrentIndex(index)
        self._built[key] = page
        self._on_built(key, page)  # the window brings it up to date (store, profile, player)
        return page
