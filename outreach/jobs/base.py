from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable


@dataclass
class JobResult:
    processed: int = 0
    emails_queued: int = 0
    failures: int = 0


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    func: Callable[[datetime], JobResult]
    schedule: dict  # APScheduler trigger arguments, e.g. {"trigger": "interval", "seconds": 30}

    @property
    def schedule_text(self) -> str:
        args = {k: v for k, v in self.schedule.items() if k != "trigger"}
        return f"{self.schedule['trigger']} " + ", ".join(f"{k}={v}" for k, v in args.items())
