"""Calling the show: a stage manager puts each cue on standby, gives it its go and marks it done
(Cue.workflow, through the core transition engine), which records when it actually started and
ended. The running order is then re-timed from those actuals: a cue not yet called is projected
to start when the one before it actually ended (or, while that one runs, at its actual go plus
its planned duration), so everyone sees how late the show runs. After the show the calls stay as
its record (planned against actual), read-only."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from dragonfly.core.workflow import transition

from ..errors import EventInvalid
from ..models import Cue, CueStatus, Event
from . import clock
from ._common import aware, clean_text, require
from .clock import show_is_over
from .run_of_show import ScheduledCue, run_of_show

if TYPE_CHECKING:
    from django.contrib.auth.models import User

CS = CueStatus
SETTLED = (CS.DONE, CS.SKIPPED)
ZERO = datetime.timedelta(0)


def call_cue(cue: Cue, *, actor: User, to_status: Any, at: datetime.datetime | None = None, note: str = "") -> Cue:
    """Standby, go, done, skip (or stand a warned cue down): go records the actual start, done the
    actual end, at `at` (default: now). Refused once the show is over: its calls are the record."""
    require(actor, "events.call_cue", cue, _("Your role may not call cues on this run of show."))
    try:
        to_status = CueStatus(to_status)
    except ValueError:
        raise EventInvalid(
            _("“%(to_status)s” is not a cue call; call standby, go, done or skipped.") % {"to_status": to_status}
        ) from None
    moment = clock.show_clock() if at is None else aware(at, _("time of the call"))
    note = clean_text(note, _("note"), max_length=1000)
    if show_is_over(cue.event):
        raise EventInvalid(_("This show is over; its run of show is kept as it was called."))

    def stamp(locked: Cue) -> None:
        if to_status == CS.GO:
            locked.actual_start = moment
        elif to_status == CS.DONE:
            if locked.actual_start and moment < locked.actual_start:
                raise EventInvalid(_("A cue can't be done before it was given its go."))
            locked.actual_end = moment

    return transition(
        cue,
        to_status,
        actor=actor,
        note=note,
        fields=["actual_start", "actual_end"],
        prepare=stamp,
        related=("event__workspace",),
    ).obj


class Drift:
    """How a `drift` (late: positive) reads: whole minutes, "+2 min late", and a kind to colour it."""

    @property
    def drift(self) -> datetime.timedelta:
        raise NotImplementedError

    @property
    def drift_minutes(self) -> int:
        return whole_minutes(self.drift)

    @property
    def drift_text(self) -> str:
        return drift_words(self.drift)

    @property
    def drift_kind(self) -> str:
        return drift_kind(self.drift)


@dataclass
class TimedCue(Drift):
    """A cue with its planned slot and its actual (called) or projected one."""

    planned: ScheduledCue
    starts_at: datetime.datetime  # actual once it had its go, else projected
    ends_at: datetime.datetime  # actual once done, else projected

    @property
    def cue(self) -> Cue:
        return self.planned.cue

    @property
    def number(self) -> int:
        return self.planned.number

    @property
    def status(self) -> str:
        return self.cue.status

    @property
    def started(self) -> bool:
        return self.cue.actual_start is not None

    @property
    def drift(self) -> datetime.timedelta:
        """How late (positive) or early it starts against the plan."""
        return self.starts_at - self.planned.starts_at

    @property
    def ran_for(self) -> datetime.timedelta | None:
        if self.cue.actual_start and self.cue.actual_end:
            return self.cue.actual_end - self.cue.actual_start
        return None


@dataclass
class RunningOrder(Drift):
    event: Event
    cues: list[TimedCue]
    is_over: bool  # the event is over: the calls are its read-only record

    @property
    def current(self) -> TimedCue | None:
        """The cue running now (the last one given its go)."""
        running = [t for t in self.cues if t.status == CS.GO]
        return running[-1] if running else None

    @property
    def next(self) -> TimedCue | None:
        """The next cue to call: the first one after the running cue still waiting or on standby."""
        after = self.current.number if self.current else 0
        return next((t for t in self.cues if t.number > after and t.status in (CS.PENDING, CS.STANDBY)), None)

    @property
    def called(self) -> bool:
        return any(t.status != CS.PENDING for t in self.cues)

    @property
    def finished(self) -> bool:
        """Every cue is done or skipped (or the event is over): what is left is the record."""
        return self.is_over or (bool(self.cues) and all(t.status in SETTLED for t in self.cues))

    @property
    def last(self) -> TimedCue | None:
        """The cue the show ends with: the last one, or on the record the last one that was called."""
        cues = [t for t in self.cues if t.started] if self.finished else self.cues
        return cues[-1] if cues else None

    @property
    def drift(self) -> datetime.timedelta:
        """How late the show ends against its plan (projected until the last cue is done)."""
        return self.last.ends_at - self.last.planned.ends_at if self.last else ZERO

    @property
    def ends_at(self) -> datetime.datetime | None:
        """When the show ends (actual, or projected from the calls)."""
        return self.last.ends_at if self.last else None


def running_order(event: Event, cues: Iterable[Cue] | None = None) -> RunningOrder:
    """The run of show re-timed from what was called: actual times where there are some, and each
    later cue projected from the one before it."""
    timed = []
    free_at = event.starts_at
    for planned in run_of_show(event, cues):
        cue = planned.cue
        if cue.status == CS.SKIPPED:
            start = end = free_at  # a skipped cue takes no time: the next one follows on at once
        elif cue.actual_start is not None:
            start = cue.actual_start
            end = cue.actual_end or start + cue.duration
        else:
            start = max(free_at, cue.fixed_start) if cue.fixed_start else free_at
            end = start + cue.duration
        timed.append(TimedCue(planned, start, end))
        free_at = end
    return RunningOrder(event, timed, show_is_over(event))


def whole_minutes(delta: datetime.timedelta) -> int:
    """Rounded to the nearest minute (half a minute away from zero): 1:30 late reads "2 min"."""
    seconds = int(delta.total_seconds())
    minutes, rest = divmod(abs(seconds), 60)
    minutes += rest >= 30
    return minutes if seconds >= 0 else -minutes


def drift_words(delta: datetime.timedelta) -> str:
    """ "+2 min late", "on time", "−3 min early"."""
    minutes = whole_minutes(delta)
    if minutes > 0:
        return _("+%(minutes)s min late") % {"minutes": minutes}
    if minutes < 0:
        return _("−%(minutes)s min early") % {"minutes": -minutes}
    return _("on time")


def drift_kind(delta: datetime.timedelta) -> str:
    """ "late", "early" or "on-time": how a page colours it."""
    minutes = whole_minutes(delta)
    return "late" if minutes > 0 else "early" if minutes < 0 else "on-time"
