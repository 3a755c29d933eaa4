"""Screen JSON lines from stdin: `{"text": ...}` in, one JSON result per line out.

    printf '{"text": "I cried at the film"}\n' | python manage.py screen

Every input line gets exactly one output line, in order. A line that cannot be screened (empty,
not UTF-8, not JSON, too long, or a model failure) gets {"line": n, "error": "..."} and the
command keeps going. Lines are read as bytes so bad encodings never stop the stream.
"""

import json
from dataclasses import asdict, is_dataclass
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser

from tearspace.safety import screening

DEFAULT_MAX_BYTES = 100_000
CHUNK = 65_536


def read_lines(stream: IO[bytes], max_bytes: int) -> Any:
    """Yield (raw line or None when too long, byte length) without holding a huge line in memory."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            size = len(line)
            while True:  # skip the rest of the over-long line in chunks
                rest = stream.readline(CHUNK)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None, size
            continue
        yield line, len(line)


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return value


def screen_line(raw: bytes) -> dict[str, Any]:
    """Screen one input line; raise ValueError with a clear message when it cannot be read."""
    stripped = raw.strip()
    if not stripped:
        raise ValueError("empty line")
    try:
        decoded = stripped.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValueError('expected an object with a "text" string')
    text = data["text"]
    models = screening.ml()
    try:
        crisis = models.assess_crisis(text)
        reply = models.assess_reply(text)
        emotions = models.detect_emotions(text, top=5)
    except Exception as exc:
        raise ValueError(f"screening failed ({type(exc).__name__})") from None
    return {
        "crisis": _plain(crisis),
        "reply": _plain(reply),
        "emotions": [[str(label), float(score)] for label, score in emotions],
    }


class Command(BaseCommand):
    help = "Screen JSON lines {'text': ...} from stdin; write one JSON result line per input."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            help="Longest line accepted, in bytes; longer lines get an error.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import sys

        max_bytes = int(options["max_bytes"])
        stdin: IO[bytes] = sys.stdin.buffer
        for number, (raw, size) in enumerate(read_lines(stdin, max_bytes), start=1):
            out: dict[str, Any] = {"line": number}
            if raw is None:
                out["error"] = f"line too long ({size} bytes; the limit is {max_bytes})"
            else:
                try:
                    out.update(screen_line(raw))
                except ValueError as exc:
                    out["error"] = str(exc)
            self.stdout.write(json.dumps(out, ensure_ascii=False, default=str))
            self.stdout.flush()
