"""Worker processes: :class:`concurrent.futures.ProcessPoolExecutor`, forked from this process.

Forked, the workers inherit everything this process prepared (files read, seeds normalized,
briefgen and its libraries imported) without pickling or importing it again; only each task's
arguments and result cross the pipe. Where fork does not exist, or one worker is enough, the
work runs in this process instead; the results are the same.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def cores() -> int:
    """How many cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers can be forked here (not on Windows)."""
    return hasattr(os, "fork")


def forked_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes forked from this one, each first running ``initializer``.

    With fork, the pool starts every worker at its first :meth:`~ProcessPoolExecutor.submit`.
    Each worker leaves the interrupt to this process (which stops the pool with :func:`kill_pool`).
    """
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_start,
        initargs=(initializer, initargs),
    )


def _worker_start(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer(*initargs)


def kill_pool(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` at once: its waiting work cancelled, its workers killed (an interrupted or
    refused build does not wait for a layout to finish).

    ``concurrent.futures`` has no public way to do this before Python 3.14
    (``terminate_workers``); its table of worker processes is read for it.
    """
    processes = list(getattr(pool, "_processes", None) or {})
    for pid in processes:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    pool.shutdown(wait=True, cancel_futures=True)


def balance(sizes: Sequence[int], workers: int) -> list[list[int]]:
    """Split item indexes into ``workers`` shares of about equal total size (largest first)."""
    shares: list[list[int]] = [[] for _ in range(max(1, workers))]
    loads = [0] * len(shares)
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        lightest = loads.index(min(loads))
        shares[lightest].append(index)
        loads[lightest] += sizes[index]
    return [sorted(share) for share in shares if share]


_WORK: list[Callable[[int], Any]] = []
"""The work of the shares being done: set before the workers fork, so that they inherit it
(a closure over the prepared data, which could not be pickled and need not be)."""


def _do_share(share: list[int]) -> dict[int, Any]:
    """In a worker: the results of one share."""
    work = _WORK[0]
    return {i: work(i) for i in share}


class Shares(Generic[T]):
    """``work(i)`` for every index of every share, each share in a forked worker, started at
    once: this process is free until it asks for the :meth:`results`."""

    def __init__(self, work: Callable[[int], T], shares: list[list[int]]) -> None:
        self.work, self.shares = work, shares
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[dict[int, T]]] = []
        if len(shares) <= 1 or not can_fork():
            return  # done in this process, when asked
        _WORK[:] = [work]
        self.pool = forked_pool(len(shares))
        try:
            self.futures = [self.pool.submit(_do_share, share) for share in shares]
        except BaseException:
            self.stop()
            raise

    def results(self) -> dict[int, T]:
        """Every ``{i: work(i)}``, waiting for the workers."""
        if self.pool is None:
            return {i: self.work(i) for share in self.shares for i in share}
        try:
            results: dict[int, T] = {}
            for future in self.futures:
                results.update(future.result())
        except BaseException:
            self.stop()
            raise
        self.pool.shutdown()
        _WORK.clear()
        return results

    def stop(self) -> None:
        """Stop the workers still running (on an error or an interrupt here)."""
        if self.pool is not None:
            kill_pool(self.pool)
        _WORK.clear()
