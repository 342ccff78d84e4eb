"""benchmarks/run.py end to end at a tiny size: every figure is measured once and printed in the
one-line format. Asserts the structure of the output, never the timings (the machine is shared)."""

from __future__ import annotations

import re

import pytest

from benchmarks.run import DEFAULT_FIGURES, main

LINE = re.compile(
    r"^(?P<name>[a-z0-9_]+) (?P<value>-?[0-9.]+) "
    r"\(((goal|floor|test bound) [0-9.e+]+, ratio (-?[0-9.]+|n/a)"
    r"|floor [0-9.]+, ratio [0-9.]+, (goal ratio [0-9.]+|no goal: [a-z ,]+))\)(  MISSED)?$"
)
CLINIC = (
    "clinic_client_errors",
    "clinic_review_queue_p95_ms",
    "clinic_progress_3_months_p95_ms",
    "clinic_progress_year_p95_ms",
    "clinic_sqlite_review_queue_p95_ms",
    "clinic_sqlite_progress_3_months_p95_ms",
    "clinic_sqlite_progress_year_p95_ms",
)
EXPECTED = {
    "cold_start_shown_idle_ms",
    "cold_start_library_ready_ms",
    "progress_page_load_3_months_ms",
    "progress_page_load_year_ms",
    "review_page_list_load_ms",
    "export_year_md_ms",
    "export_year_pdf_ms",
    "arm_delay_median_ms",
    "arm_delay_max_ms",
    "input_overflows",
    "speech_timing_x_realtime",
    "rehearse_peak_rss_mb",
    "takes_rss_mb_per_take",
    "takes_qobjects_per_take",
    "takes_py_objects_per_take",
    "takes_threads_per_take",
    "takes_os_threads_per_take",
    "takes_fds_per_take",
    "review_bundle_mb_per_min",
    "review_bundle_mb",
    "bundle_export_s",
    "bundle_import_s",
    "import_throughput_mb_per_s",
    "import_decode_x_realtime",
    "import_decode_vs_ffmpeg_s",
    "blind_batch_waiting_ms",
    "blind_batch_ms",
    "blind_batch_cold_ms",
    *CLINIC,
}


def test_every_figure_prints_one_well_formed_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--tiny", "--quick", "--only", ",".join(DEFAULT_FIGURES)]) == 0
    out = capsys.readouterr().out.splitlines()
    figures = [line for line in out if not line.startswith("#")]
    bad = [line for line in figures if not LINE.match(line)]
    assert bad == []
    names = [m.group("name") for line in figures if (m := LINE.match(line))]
    assert set(names) == EXPECTED and len(names) == len(EXPECTED)
    assert any(line.startswith("# database: 5 profiles, 12 clips, 300 attempts") for line in out)
    overflows = next(line for line in figures if line.startswith("input_overflows"))
    assert "GUI-thread jobs" in "\n".join(out) and overflows.split()[1].isdigit()


def test_only_runs_the_figures_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--tiny", "--quick", "--only", "speech"]) == 0
    figures = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("#")]
    assert [line.split()[0] for line in figures] == ["speech_timing_x_realtime"]


def test_bundle_figures_need_no_seeded_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--tiny", "--only", "bundles"]) == 0
    out = capsys.readouterr().out.splitlines()
    figures = [line for line in out if not line.startswith("#")]
    assert all(LINE.match(line) for line in figures), figures
    assert [line.split()[0] for line in figures] == [
        "review_bundle_mb_per_min",
        "review_bundle_mb",
        "bundle_export_s",
        "bundle_import_s",
    ]
    assert not any(line.startswith("# database:") for line in out)
    assert any(line.startswith("# 2 takes x 5 s of synthesized speech") for line in out)


def test_import_figures_on_a_short_video(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--tiny", "--quick", "--only", "import"]) == 0
    figures = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("#")]
    assert [line.split()[0] for line in figures] == [
        "import_throughput_mb_per_s",
        "import_decode_x_realtime",
        "import_decode_vs_ffmpeg_s",
    ]
    assert all(LINE.match(line) for line in figures), figures


def test_blind_batch_figures_on_their_own_database(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--tiny", "--quick", "--only", "assess"]) == 0
    out = capsys.readouterr().out.splitlines()
    figures = [line for line in out if not line.startswith("#")]
    assert [line.split()[0] for line in figures] == [
        "blind_batch_waiting_ms",
        "blind_batch_ms",
        "blind_batch_cold_ms",
    ]
    assert all(LINE.match(line) and "(goal 100," in line for line in figures), figures
    assert not any(line.startswith("# database:") for line in out)
    world = "# blind batch: 4 clinicians x 2 assessments x 13 takes = 104 takes"
    assert any(line.startswith(world) for line in out)


def test_review_paging_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """The first and a later page of the queue on SQLite and on a throwaway PostgreSQL cluster."""
    assert main(["--tiny", "--quick", "--only", "paging"]) == 0
    out = capsys.readouterr().out.splitlines()
    figures = [line for line in out if not line.startswith("#")]
    assert all(LINE.match(line) for line in figures), figures
    assert [line.split()[0] for line in figures] == [
        f"review_{which}_page_{db}_ms" for db in ("sqlite", "postgresql") for which in ("first", "next")
    ]
    assert any(re.match(r"# postgresql: 2\d\d attempts waiting", line) for line in out), out


def test_clinic_figures_on_a_throwaway_server(capsys: pytest.CaptureFixture[str]) -> None:
    """Its own PostgreSQL cluster and SQLite file, 4 client processes working meanwhile."""
    assert main(["--tiny", "--quick", "--only", "clinic"]) == 0
    out = capsys.readouterr().out.splitlines()
    figures = [line for line in out if not line.startswith("#")]
    assert [line.split()[0] for line in figures] == list(CLINIC)
    assert all(LINE.match(line) and ("(goal 150," in line or "(goal 0," in line) for line in figures), figures
    assert figures[0] == "clinic_client_errors 0 (goal 0, ratio n/a)"
    assert not any(line.startswith("# database:") for line in out)
    world = "# clinic: 6 trainees x 20 attempts = 120 attempts, 234 ratings, 30 comments, 6 waiting"
    assert any(line.startswith(world) for line in out), out
    assert any(line.startswith("# clinic: 4 clients ready in ") for line in out), out
