"""One way to show a file size everywhere: KB below a megabyte, so 815 bytes is never "0.0 MB".

Decimal units (1 KB = 1,000 bytes, 1 MB = 1,000,000), as file managers and mail size limits count.
"""

from __future__ import annotations

KB, MB, GB = 1_000, 1_000_000, 1_000_000_000


def format_size(size: int) -> str:
    """815 -> "1 KB", 15_300 -> "15 KB", 999_400 -> "999 KB", 1_000_000 -> "1.0 MB", 2.4e9 -> "2.4 GB"."""
    if size <= 0:
        return "0 KB"
    if size < MB - KB // 2:  # 999,500 and up would round to "1000 KB": show MB instead
        return f"{max(1, round(size / KB)):,} KB"  # a non-empty file is at least "1 KB"
    if size < GB - MB // 20:
        return f"{size / MB:,.1f} MB"
    return f"{size / GB:,.1f} GB"
