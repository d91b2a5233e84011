"""A tiny real OpenAI-compatible server in a thread: /v1/chat/completions, scripted per request.

Each request takes the next scripted reply (the last one repeats): a text, a stream of chunks,
an HTTP error with headers, a pause longer than the client's timeout, or a malformed body.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    text: str = "A fresh post from the model."
    stream: list[str] | None = None  # chunks sent as SSE `data:` lines
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    raw: str | None = None  # sent as is (malformed replies)
    chunk_pause: float = 0.0  # seconds between streamed chunks, to watch a stream arrive


class FakeLLM:
    def __init__(self):
        self.replies: list[Reply] = [Reply()]
        self.requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def script(self, *replies: Reply) -> None:
        self.replies = list(replies)

    def start(self) -> FakeLLM:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self) -> Reply:
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                fake.requests.append({"path": self.path, "body": body,
                                      "authorization": self.headers.get("authorization", "")})
                reply = fake._next()
                if reply.delay:
                    time.sleep(reply.delay)
                if self.path != "/v1/chat/completions":
                    return self._send(404, '{"error": "not found"}')
                if reply.raw is not None or reply.status != 200:
                    return self._send(reply.status, reply.raw or '{"error": {"message": "scripted"}}', reply.headers)
                if reply.stream is not None:
                    return self._stream(reply.stream, reply.chunk_pause)
                answer = {"id": "c1", "object": "chat.completion", "model": body.get("model"),
                          "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.text},
                                       "finish_reason": "stop"}]}
                return self._send(200, json.dumps(answer))

            def _send(self, status: int, text: str, headers: dict | None = None):
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                    pass

            def _stream(self, chunks: list[str], pause: float):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for chunk in chunks:
                    event = {"choices": [{"index": 0, "delta": {"content": chunk}}]}
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                    time.sleep(pause)
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        return Handler
