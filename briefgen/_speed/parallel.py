"""Run independent pieces of work in forked worker processes, one per core.

The parent prepares everything the work reads (files, seeds, the source registry) and then
forks: each worker inherits it all without copying or pickling, works through its share, and
sends back one ``marshal`` blob of plain data through a pipe, then leaves with ``os._exit``
(nothing to tear down: the garbage it built dies with it). Where fork does not exist, or one
worker is enough, the work runs in this process instead; the results are the same.
"""

from __future__ import annotations

import marshal
import os
import select
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def cores() -> int:
    """How many cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def balance(sizes: Sequence[int], workers: int) -> list[list[int]]:
    """Split item indexes into ``workers`` shares of about equal total size (largest first)."""
    shares: list[list[int]] = [[] for _ in range(max(1, workers))]
    loads = [0] * len(shares)
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        lightest = loads.index(min(loads))
        shares[lightest].append(index)
        loads[lightest] += sizes[index]
    return [sorted(share) for share in shares if share]


class Forked:
    """Workers started on their shares; this process is free until it asks for the results."""

    def __init__(self, work: Callable[[int], Any], shares: list[list[int]]) -> None:
        self.children: list[tuple[int, int]] = []
        self.here: dict[int, Any] | None = None
        if len(shares) <= 1 or not hasattr(os, "fork"):
            self.work, self.shares = work, shares  # done in this process, when asked
            return
        try:
            for share in shares:
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:  # the worker
                    os.close(read_end)
                    _serve(work, share, write_end)
                os.close(write_end)
                self.children.append((pid, read_end))
        except BaseException:
            self.stop()
            raise

    def results(self) -> dict[int, Any]:
        """Every ``{i: work(i)}``, waiting for the workers."""
        if not self.children:
            return {i: self.work(i) for share in self.shares for i in share}
        try:
            return _collect(self.children)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the workers still running (on an error or an interrupt here)."""
        for pid, _ in self.children:
            _stop(pid)


def _serve(work: Callable[[int], Any], share: list[int], write_end: int) -> None:
    """In the worker: do the share, send the results, and leave without cleaning up."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent handles the interrupt
        blob = marshal.dumps(("ok", {i: work(i) for i in share}))
    except BaseException:
        import traceback

        blob, status = marshal.dumps(("error", traceback.format_exc())), 1
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(blob)
    finally:
        os._exit(status)


def _collect(children: list[tuple[int, int]]) -> dict[int, Any]:
    """Read every worker's blob as it comes (a worker blocks while its pipe is full), then reap."""
    chunks: dict[int, list[bytes]] = {fd: [] for _, fd in children}
    open_fds = set(chunks)
    while open_fds:
        ready, _, _ = select.select(list(open_fds), [], [])
        for fd in ready:
            chunk = os.read(fd, 1 << 20)
            if chunk:
                chunks[fd].append(chunk)
            else:
                os.close(fd)
                open_fds.discard(fd)
    results: dict[int, Any] = {}
    failures: list[str] = []
    for pid, fd in children:
        _, status = os.waitpid(pid, 0)
        blob = b"".join(chunks[fd])
        try:
            kind, payload = marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            kind, payload = "error", f"worker {pid} ended without a result (wait status {status})"
        if kind == "ok":
            results.update(payload)
        else:
            failures.append(str(payload))
    if failures:
        raise RuntimeError(f"a worker process failed:\n{failures[0]}")
    return results


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
