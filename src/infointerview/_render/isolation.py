"""Render letters in a worker process under operating-system limits.

A :class:`Worker` owns one child process, started with multiprocessing's
``spawn`` method the first time it is needed. The child builds its own
in-process renderer over the same packs and lowers its address-space limit
(``RLIMIT_AS``). Before each render it arms a CPU-time timer
(``ITIMER_PROF``, precise to the microsecond) and moves its CPU-time limit
(``RLIMIT_CPU``, in whole seconds) to one second past it, as a backstop; the
default action of either signal ends the process, even inside a long C call.
A ``MemoryError`` anywhere ends it with its own exit code. The parent waits at
most the wall-clock allowance for each answer, then kills the child. Whatever
the child does (run out of memory, spin, crash), the parent gets a
:class:`~infointerview.exceptions.TemplateSecurityError` and the next render
gets a fresh child.

This module is imported only by renderers built with ``isolation="process"``.
"""

from __future__ import annotations

import math
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from typing import Any, Final

from infointerview._packs.packs import PackStack
from infointerview.exceptions import InfoInterviewError, RenderError, TemplateSecurityError

__all__ = ["Worker"]

#: How long a new worker may take to start (imports and the renderer), in seconds.
STARTUP_SECONDS: Final = 60.0
_MEGABYTE: Final = 1024 * 1024
#: The child's exit code after a MemoryError.
_MEMORY_EXIT: Final = 3


class Worker:
    """A child process that renders for one renderer, one task at a time.

    Args:
        stack: The packs the child renders from.
        premium: Passed on to the child's renderer.
        memory_mb: The child's address-space limit, in megabytes.
        cpu_seconds: CPU time one render may use, in seconds (the operating
            system counts it in whole seconds, rounded up).
        wall_seconds: Wall-clock time the parent waits for one render.
    """

    def __init__(
        self,
        stack: PackStack,
        *,
        premium: bool,
        memory_mb: int,
        cpu_seconds: float,
        wall_seconds: float,
    ) -> None:
        self._stack = stack
        self._premium = premium
        self._memory_mb = memory_mb
        self._cpu_seconds = cpu_seconds
        self._wall_seconds = wall_seconds
        self._lock = threading.Lock()
        self._process: Any = None
        self._connection: multiprocessing.connection.Connection | None = None

    def run(self, task: tuple[Any, ...], *, template: str | None) -> Any:
        """Send *task* to the child and return its answer.

        Args:
            task: The renderer method's name and its arguments, all picklable.
            template: The template the task starts from, to name in errors.

        Returns:
            What the child's renderer returned.

        Raises:
            InfoInterviewError: The child's renderer raised it (a render
                error, a channel limit), passed on unchanged.
            TemplateSecurityError: The child passed a limit or died.
        """
        with self._lock:
            connection = self._ensure_started()
            try:
                connection.send(task)
                answered = connection.poll(self._wall_seconds)
            except (OSError, EOFError):
                answered = True  # the child is gone; recv says so below
            if not answered:
                self._stop()
                raise TemplateSecurityError(
                    f"rendering took longer than the worker's wall-clock limit of "
                    f"{self._wall_seconds:g} s",
                    template=template,
                )
            try:
                status, payload = connection.recv()
            except (OSError, EOFError):
                raise self._died(template) from None
            if status == "error":
                raise payload
            return payload

    def close(self) -> None:
        """Stop the child process, if one is running."""
        with self._lock:
            self._stop()

    def _ensure_started(self) -> multiprocessing.connection.Connection:
        if self._process is not None and self._process.is_alive() and self._connection:
            return self._connection
        self._stop()
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve,
            args=(child, self._stack, self._premium, self._memory_mb, self._cpu_seconds),
            name="infointerview-render",
            daemon=True,
        )
        process.start()
        child.close()
        self._process, self._connection = process, parent
        try:
            ready = parent.poll(STARTUP_SECONDS) and parent.recv() == ("ready", None)
        except (OSError, EOFError):
            ready = False
        if not ready:
            self._stop()
            raise RenderError("the render worker process did not start")
        return parent

    def _died(self, template: str | None) -> TemplateSecurityError:
        process = self._process
        process.join(5)
        code = process.exitcode
        self._stop()
        if code in (-signal.SIGXCPU, -signal.SIGPROF):
            return TemplateSecurityError(
                f"rendering passed the worker's CPU-time limit of {self._cpu_seconds:g} s",
                template=template,
            )
        if code == _MEMORY_EXIT:
            return TemplateSecurityError(
                f"rendering passed the worker's memory limit of {self._memory_mb} MB",
                template=template,
            )
        if code == -signal.SIGKILL:
            return TemplateSecurityError(
                "the operating system killed the render worker process (out of memory?)",
                template=template,
            )
        return TemplateSecurityError(
            f"the render worker process ended (exit code {code}) while rendering",
            template=template,
        )

    def _stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
            self._process = None


def _serve(
    connection: multiprocessing.connection.Connection,
    stack: PackStack,
    premium: bool,
    memory_mb: int,
    cpu_seconds: float,
) -> None:
    """Run in the child: build a renderer, then answer tasks until the pipe closes."""
    import resource

    from infointerview._render.renderer import Renderer

    renderer = Renderer(stack, premium=premium)
    memory = memory_mb * _MEGABYTE
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # Past either CPU limit the kernel sends a signal whose default action ends
    # the process, even inside a long C call; the parent reads the exit status.
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    signal.signal(signal.SIGPROF, signal.SIG_DFL)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    connection.send(("ready", None))
    try:
        while True:
            try:
                task = connection.recv()
            except EOFError:
                return
            usage = resource.getrusage(resource.RUSAGE_SELF)
            soft = math.ceil(usage.ru_utime + usage.ru_stime + cpu_seconds) + 1
            if hard != resource.RLIM_INFINITY:
                soft = min(soft, hard)
            resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
            signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
            try:
                answer: tuple[str, Any] = ("ok", renderer._task(task))
            except InfoInterviewError as error:
                answer = ("error", error)
            except MemoryError:
                raise
            except Exception as error:  # any other failure goes back as our error
                answer = ("error", RenderError(f"{type(error).__name__}: {error}"))
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
            connection.send(answer)
    except MemoryError:
        os._exit(_MEMORY_EXIT)
