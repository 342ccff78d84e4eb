"""Every size the app shows goes through format_size: KB below a megabyte, never "0.0 MB"."""

from __future__ import annotations

import pytest

from app.file_sizes import format_size


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 KB"),
        (1, "1 KB"),  # a file that exists is never "0"
        (815, "1 KB"),  # the feedback bundle that was reported as "0.0 MB"
        (1_499, "1 KB"),
        (1_500, "2 KB"),
        (15_300, "15 KB"),
        (480_000, "480 KB"),
        (999_499, "999 KB"),
        (999_500, "1.0 MB"),  # not "1,000 KB"
        (1_000_000, "1.0 MB"),
        (11_200_000, "11.2 MB"),
        (999_949_999, "999.9 MB"),
        (999_950_000, "1.0 GB"),
        (2_400_000_000, "2.4 GB"),
    ],
)
def test_sizes_read_plainly(size: int, shown: str) -> None:
    assert format_size(size) == shown
