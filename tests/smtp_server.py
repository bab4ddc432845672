"""A loopback SMTP server (aiosmtpd) that keeps what it receives, for tests."""
from __future__ import annotations

import email
import re
import socket
import threading
import time
from email.message import Message
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, sink: "SmtpSink"):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        with self.sink.lock:
            self.sink.messages.append(message)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    def __init__(self):
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self.port = _free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if address.lower() in m["To"].lower()]

    def wait_for(self, address: str, count: int = 1, timeout: float = 5.0) -> list[Message]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"expected {count} email(s) to {address}, got {len(self.to(address))}")

    @staticmethod
    def text_of(message: Message) -> str:
        return message.get_body(("plain",)).get_content()

    @staticmethod
    def html_of(message: Message) -> str:
        return message.get_body(("html",)).get_content()

    @classmethod
    def link_in(cls, message: Message, path_fragment: str) -> str:
        """The first link in the plain-text part containing path_fragment, as a local path."""
        for url in re.findall(r"https?://\S+", cls.text_of(message)):
            if path_fragment in url:
                return "/" + url.split("/", 3)[3]
        raise AssertionError(f"no link containing {path_fragment!r} in email")
