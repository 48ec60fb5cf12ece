"""What the user is told when a request to a firm server fails (the window translates it)."""

from __future__ import annotations

from desktop.core.translatable import QT_TRANSLATE_NOOP, words

UNKNOWN_SERVER = QT_TRANSLATE_NOOP("RemoteErrors", "The policy names no firm server {server}")
NOT_ALLOWED = QT_TRANSLATE_NOOP(
    "RemoteErrors", "The policy does not allow the model {model} on the firm server {server}"
)
NO_KEY = QT_TRANSLATE_NOOP(
    "RemoteErrors",
    "No API key is stored for the firm server {server}: ask your administrator to run "
    "`cloister server set-key {server}`",
)
UNREACHABLE = QT_TRANSLATE_NOOP(
    "RemoteErrors", "The firm server {server} cannot be reached at {address}: {why}"
)
PIN_MISMATCH = QT_TRANSLATE_NOOP(
    "RemoteErrors",
    "The firm server {server} showed a certificate that does not match the administrator's pin "
    "(SHA-256 {seen}): nothing was sent",
)
CERTIFICATE_REFUSED = QT_TRANSLATE_NOOP(
    "RemoteErrors",
    "The firm server {server} showed a certificate its pinned CA did not sign for {host}: "
    "nothing was sent ({why})",
)
KEY_REFUSED = QT_TRANSLATE_NOOP(
    "RemoteErrors",
    "The firm server {server} refused Cloister's API key (HTTP {status}): ask your "
    "administrator to run `cloister server set-key {server}`",
)
NOT_SERVED = QT_TRANSLATE_NOOP(
    "RemoteErrors", "The firm server {server} does not serve the model {model}"
)
SERVER_ERROR = QT_TRANSLATE_NOOP(
    "RemoteErrors", "The firm server {server} failed (HTTP {status}): {detail}"
)
TIMEOUT = QT_TRANSLATE_NOOP(
    "RemoteErrors", "The firm server {server} did not answer within {seconds} seconds"
)
CUT_OFF = QT_TRANSLATE_NOOP(
    "RemoteErrors",
    "The connection to the firm server {server} was lost mid-answer: the answer is "
    "incomplete ({why})",
)
LOST = QT_TRANSLATE_NOOP(
    "RemoteErrors",
    "The connection to the firm server {server} was lost before it answered ({why})",
)
UNREADABLE = QT_TRANSLATE_NOOP(
    "RemoteErrors", "The firm server {server} sent an answer Cloister cannot read: {detail}"
)
GATEWAY_STOPPED = QT_TRANSLATE_NOOP(
    "RemoteErrors", "The process that connects to the firm server stopped ({how})"
)
EXIT_CODE = QT_TRANSLATE_NOOP("RemoteErrors", "exit code {code}")
NOT_RUNNING = QT_TRANSLATE_NOOP("RemoteErrors", "it is not running")
GATEWAY_RESTART = QT_TRANSLATE_NOOP(
    "RemoteErrors",
    "The process that connects to the firm server stopped: restart Cloister to reach the firm "
    "server again",
)
NO_ANSWER = QT_TRANSLATE_NOOP(
    "RemoteErrors", "The process that connects to the firm server did not answer in time"
)


def say(template: str, **fields: object) -> str:
    return words(template, **fields)


def gateway_stopped(exit_code: int | None) -> str:
    """The sentence for a gateway that died (negative codes are signals on POSIX)."""
    import signal

    if exit_code is None:
        how: str = NOT_RUNNING
    elif exit_code < 0:
        try:
            how = signal.Signals(-exit_code).name
        except ValueError:
            how = f"signal {-exit_code}"
    else:
        how = words(EXIT_CODE, code=exit_code)
    return words(GATEWAY_STOPPED, how=how)
