"""Start many load clients (tests/load/client.py), each a process of its own, on one database.

40 processes each importing SQLAlchemy, psycopg and the storage code cost ~30 s on 2 cores, so the
clients are forked from a multiprocessing fork server that imported tests.load.client once: each
is still a separate process with its own engine, pool and connection (made after the fork; the
fork server never connects), as on 40 computers. `launch`, then `wait_ready` (every client has
opened its store and said so), then `go` writes the deadline so all work over the same window.
The load test and the clinic benchmark both use it.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from tests.load.client import Spec, run_child

_FORKS = multiprocessing.get_context("forkserver")
_FORKS.set_forkserver_preload(["tests.load.client"])  # imported once, before any client forks


@dataclass
class Swarm:
    folder: Path
    specs: list[Spec]
    processes: list[BaseProcess] = field(default_factory=list)

    def launch(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for spec in self.specs:
            path = self.folder / f"spec-{spec.index}.json"
            path.write_text(json.dumps(asdict(spec)))
            err = self.folder / f"stderr-{spec.index}.txt"
            process = _FORKS.Process(target=run_child, args=(str(path), str(err)), daemon=True)
            process.start()
            self.processes.append(process)

    def wait_ready(self, timeout: float) -> float:
        """Seconds until every client said ready; raises if one died or time ran out."""
        began = time.monotonic()
        while True:
            ready = sum((self.folder / f"ready-{s.index}").exists() for s in self.specs)
            if ready == len(self.specs):
                return time.monotonic() - began
            dead = [(p.pid, p.exitcode) for p in self.processes if p.exitcode is not None]
            if dead or time.monotonic() - began > timeout:
                self.stop()
                raise RuntimeError(
                    f"{ready} of {len(self.specs)} clients ready; ended early: {dead}\n{self.stderr()}"
                )
            time.sleep(0.1)

    def go(self, seconds: float) -> float:
        """Start the clock for everyone; returns the deadline (epoch seconds)."""
        deadline = time.time() + seconds
        tmp = self.folder / "go.tmp"
        tmp.write_text(json.dumps({"deadline": deadline}))
        tmp.rename(self.folder / "go")  # whole or absent: a client never reads half a file
        return deadline

    def stop(self) -> None:
        """Ask every client to finish its current action and leave."""
        (self.folder / "stop").touch()

    def wait(self, timeout: float) -> list[int | None]:
        """Exit codes (None: still running after `timeout`, then killed)."""
        end = time.monotonic() + timeout
        codes: list[int | None] = []
        for p in self.processes:
            p.join(timeout=max(0.1, end - time.monotonic()))
            if p.exitcode is None:
                p.kill()
                p.join()
                codes.append(None)
            else:
                codes.append(p.exitcode)
        return codes

    def stderr(self) -> str:
        parts = []
        for spec in self.specs:
            path = self.folder / f"stderr-{spec.index}.txt"
            text = path.read_text(errors="replace").strip() if path.exists() else ""
            if text:
                parts.append(f"--- client {spec.index}:\n{text[-2000:]}")
        return "\n".join(parts)

    def entries(self) -> list[dict[str, Any]]:
        """Every line of every client's log, in each client's order."""
        out: list[dict[str, Any]] = []
        for spec in self.specs:
            path = self.folder / f"log-{spec.index}.jsonl"
            if path.exists():
                out.extend(json.loads(line) for line in path.read_text().splitlines() if line)
        return out

    def summaries(self) -> list[dict[str, Any]]:
        out = []
        for spec in self.specs:
            path = self.folder / f"done-{spec.index}.json"
            out.append(json.loads(path.read_text()) if path.exists() else {})
        return out


def make_specs(
    url: str | Mapping[int, str],
    folder: Path,
    trainees: list[int],
    supervisors: list[int],
    clip_ids: list[int],
    clients: int,
    supervisor_clients: int,
    think_s: float = 0.4,
) -> list[Spec]:
    """`clients` people: the first `supervisor_clients` are supervisors, the rest trainees (each
    a different profile while there are enough). `url`: one address for all, or each profile's
    own sign-in (clinic mode with row-level security)."""
    specs = []
    for n in range(clients):
        is_sup = n < supervisor_clients
        pool = supervisors if is_sup else trainees
        k = n if is_sup else n - supervisor_clients
        profile_id = pool[k % len(pool)]
        specs.append(
            Spec(
                url=url if isinstance(url, str) else url[profile_id],
                folder=str(folder),
                index=n,
                role="supervisor" if is_sup else "trainee",
                profile_id=profile_id,
                clip_ids=tuple(clip_ids),
                seed=1000 + n,
                think_s=think_s,
            )
        )
    return specs
