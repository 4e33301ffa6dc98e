"""The demo's second core: a child process generates the rows and converts them to driver tuples while
the parent only executes them.

A thread would not help: `sqlite3` gives the GIL back around each row, so generation and conversion in a
thread fight the writer for the same core. The child is started with `spawn` (the only way on Windows, and
the one that works inside a PyInstaller executable once `multiprocessing.freeze_support()` runs first), so
everything it gets is pickled: the generator's inputs, the writer's constants (time, user, node) and the
dialect's URL. It sends one message per chunk through a pipe, from a sender thread with a bounded queue
(`_Sender`): the child may run up to AHEAD chunks ahead of the parent, so memory stays bounded.

The rows and change-log entries are the ones `bulk.insert_sync_rows` writes in-process (same preparer,
same dialect); tests/services/test_demo.py compares both paths.
"""
from __future__ import annotations

import gc
import multiprocessing
import pickle
import queue
import threading
import traceback
from datetime import datetime
from typing import Iterator
from uuid import UUID

from ...domain.errors import ValidationError
from ...storage import bulk
from ...storage import models as m
from .data import DemoGenerator, DemoInputs

MODELS: dict[str, type[m.SyncRow]] = {
    "dre": m.Dre, "ugel": m.Ugel, "school": m.School, "teacher": m.Teacher, "coach": m.Coach,
    "assignment": m.Assignment, "user_account": m.UserAccount, "activity": m.Activity,
    "activity_participant": m.ActivityParticipant, "execution": m.Execution,
    "execution_participant": m.ExecutionParticipant, "month_closing": m.MonthClosing,
}

_DONE, _FAILED = "", "!"  # message kinds besides a table name


AHEAD = 24  # chunks the child may prepare before the parent takes them (≈ 5 MB each)


class _Sender:
    """Sends pickled messages from a thread, so that the child keeps generating while the parent writes.

    The generator works a UGEL at a time: it plans every coach's year before yielding that UGEL's
    activities. With one message in flight, the parent sat idle through each of those bursts (20 s of a
    national load); with a queue of AHEAD messages the child runs ahead and the parent always has work.
    The pipe write releases the GIL while it waits for the parent.
    """

    def __init__(self, pipe):
        self.pipe = pipe
        self.queue: queue.Queue = queue.Queue(maxsize=AHEAD)
        self.broken = False
        self.thread = threading.Thread(target=self._run, name="sigma-demo-sender", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            data = self.queue.get()
            if data is None:
                return
            try:
                self.pipe.send_bytes(data)
            except OSError:  # the parent is gone: stop; `send` notices and gives up
                self.broken = True
                return

    def send(self, message) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        while not self.broken:
            try:
                self.queue.put(data, timeout=1.0)
                return
            except queue.Full:
                continue
        raise BrokenPipeError("the parent stopped reading")

    def close(self) -> None:
        while not self.broken and self.thread.is_alive():
            try:
                self.queue.put(None, timeout=1.0)
                break
            except queue.Full:
                continue
        self.thread.join()


def produce(pipe, inputs: DemoInputs, driver_url: str, now: datetime, user_id: UUID | None, node: str,
            dni: str) -> None:
    """The child: (table, row tuples, change-log tuples, fraction done) per chunk, then the summary."""
    sender = _Sender(pipe)
    try:
        gc.disable()  # millions of live tuples: see bulk.fast_load
        gen = DemoGenerator(inputs)
        prep = bulk.RowPreparer(bulk.dialect_of(driver_url), now=now, user_id=user_id, node=node, dni=dni)
        send = sender.send
        for table, rows in gen.batches():
            if rows:
                for row_tuples, log_tuples in prep.prepare(MODELS[table], rows):
                    send((table, row_tuples, log_tuples, gen.coaches_done / max(1, gen.total_coaches)))
        send((_DONE, {role: list(dnis) for role, dnis in gen.users.items()},
              [p.code for d in gen.offices for p in d.ugels], None))
    except BaseException:  # noqa: BLE001 - everything goes back to the parent, which rolls back
        try:
            sender.send((_FAILED, traceback.format_exc(), None, None))
        except OSError:
            pass  # the parent is gone
    finally:
        sender.close()
        pipe.close()


class ChildUnavailable(Exception):
    """The child died before sending anything: nothing of it was written, the caller can work in-process."""


class ChildFeed:
    """Starts the child and yields its chunks; `users` and `ugel_codes` are set once it has finished."""

    def __init__(self, inputs: DemoInputs, driver_url: str, preparer: bulk.RowPreparer):
        self._args = (inputs, driver_url, preparer.now, preparer.user_id, preparer.node, preparer.dni)
        self.users: dict[str, list[str]] = {}
        self.ugel_codes: list[str] = []

    def chunks(self) -> Iterator[tuple[type[m.SyncRow], list[tuple], list[tuple], float]]:
        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=produce, args=(send, *self._args), name="sigma-demo-generator", daemon=True)
        try:
            proc.start()
        except OSError:  # it exited before reading what it was given (a broken pipe, on Windows)
            receive.close()
            send.close()
            raise ChildUnavailable() from None
        send.close()  # only the child writes: its end closing shows up here as EOFError
        received = False
        try:
            while True:
                try:
                    kind, a, b, fraction = pickle.loads(receive.recv_bytes())
                except EOFError:
                    if not received:  # it never started (say, an executable without freeze_support)
                        raise ChildUnavailable() from None
                    raise ValidationError("Los datos de demostración no se pudieron generar: el proceso que "
                                          "los preparaba terminó antes de tiempo. No se guardó nada.") from None
                received = True
                if kind == _DONE:
                    self.users, self.ugel_codes = a, b
                    return
                if kind == _FAILED:
                    raise RuntimeError(f"demo generator process failed:\n{a}")
                yield MODELS[kind], a, b, fraction
        finally:
            receive.close()
            if proc.is_alive():
                proc.terminate()  # the parent failed (or was interrupted): the child's work is useless
            proc.join(30)
