"""`cloister server list | set-key | remove-key` (issue 23): the firm servers the policy names,
and their API keys, which the policy never holds. A key comes from a hidden prompt or from
standard input, never from the command line (where `ps` and the shell's history would show
it); it is kept by desktop.remote.keys, and storing or removing it is audited with the
server's name only. Where the policy sets an administrator passphrase, changing a key asks
for it, as placing a legal hold does."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desktop.cli.exits import BAD_INPUT, FAILED, OK, SecretError, report_error
from desktop.cli.secret_input import GivenSecret, ask_on_terminal, current_sources
from desktop.cli.table import format_table
from desktop.core.audit_events import ActorRole
from desktop.core.errors import KnownError
from desktop.core.policy import EffectivePolicy, FirmServer
from desktop.paths import AppPaths
from desktop.security.keychain import Keychain

if TYPE_CHECKING:
    from desktop.audit.log import AuditLog
    from desktop.remote.keys import ServerKeys

PIN_SHOWN = 12  # hex digits of a pin in the list: enough to tell pins apart


class UnknownServerError(KnownError):
    """The name is not one of the firm servers the policy names."""


def add_server_commands(actions: argparse._SubParsersAction, unlocking) -> None:  # type: ignore[type-arg]
    """The `server` command's actions; `unlocking(parent, name, help)` makes an action that
    unlocks the data (the key's place depends on it, and the audit log records the change)."""
    unlocking(
        actions,
        "list",
        "the firm servers the policy names: URL, pins, models, matters, whether a key is "
        "stored (asks to unlock)",
    )
    set_key = unlocking(
        actions,
        "set-key",
        "store a firm server's API key (typed at a hidden prompt, or one line on standard "
        "input; never an argument; audited)",
    )
    set_key.add_argument("name", help="the server's name in the policy")
    remove = unlocking(actions, "remove-key", "forget a firm server's API key (audited)")
    remove.add_argument("name", help="the server's name in the policy")


def server_command(args: argparse.Namespace, paths: AppPaths, policy: EffectivePolicy) -> int:
    from desktop.remote.keys import ServerKeyError

    action = args.server_command
    try:
        if action == "set-key":
            server = find_server(policy.firm_servers, args.name)  # before asking for anything
            with _server_keys(paths, policy) as (keys, log):
                role = _confirm_administrator(policy, log)
                keys.set(server.name, _read_api_key(server.name), role)
                print(f"API key of firm server {server.name} stored ({_place(keys)}).")
            return OK
        with _server_keys(paths, policy) as (keys, log):
            if action == "list":
                _print_servers(policy.firm_servers, keys)
                return OK
            return _remove_key(policy, keys, log, args.name)
    except (UnknownServerError, ServerKeyError) as exc:
        return report_error(exc, BAD_INPUT)
    except KnownError as exc:
        return report_error(exc, FAILED)


def find_server(servers: tuple[FirmServer, ...], name: str) -> FirmServer:
    """The server called `name` (in any case), or UnknownServerError naming those there are."""
    for server in servers:
        if server.name.casefold() == name.casefold():
            return server
    raise UnknownServerError(_unknown(servers, name))


def _unknown(servers: tuple[FirmServer, ...], name: str) -> str:
    if not servers:
        return (
            f"The policy names no firm server, so there is no '{name}'. An administrator "
            "adds servers under firm_servers in the policy file. Nothing was changed."
        )
    names = ", ".join(server.name for server in servers)
    return f"The policy names no firm server '{name}'; it names: {names}. Nothing was changed."


def _remove_key(policy: EffectivePolicy, keys: ServerKeys, log: AuditLog, name: str) -> int:
    """A server the policy no longer names may still have a key to forget."""
    servers = policy.firm_servers
    try:
        name = find_server(servers, name).name
    except UnknownServerError:
        if not keys.stored(name):
            raise
    role = _confirm_administrator(policy, log)
    if keys.remove(name, role):
        print(f"API key of firm server {name} removed.")
    else:
        print(f"No API key was stored for firm server {name}; nothing was changed.")
    return OK


def _read_api_key(name: str) -> str:
    """From the terminal without echo, else one line of standard input."""
    sources = current_sources()
    if sources.terminal:
        typed = ask_on_terminal(f"API key of firm server {name} (not shown): ")
        if not typed:
            raise SecretError("No API key was typed. Nothing was stored.")
        return typed
    return GivenSecret("API key", "standard input", fd=0).read()


def _confirm_administrator(policy: EffectivePolicy, log: AuditLog) -> ActorRole:
    from desktop.cli.witness import check_administrator

    check_administrator(policy, log)
    return ActorRole.ADMIN if policy.admin_passphrase_hash is not None else ActorRole.USER


def _place(keys: ServerKeys) -> str:
    if keys.in_keychain:
        return f"in the system keychain, {keys.keychain_name}"
    return f"encrypted under the data key in {keys.file}"


def _print_servers(servers: tuple[FirmServer, ...], keys: ServerKeys) -> None:
    if not servers:
        print("The policy names no firm server: only models on this computer are used.")
        return
    rows = [["NAME", "LABEL", "URL", "PINS", "MODELS", "MATTERS", "KEY"]]
    for server in servers:
        rows.append(
            [
                server.name,
                server.label or "Firm server",
                server.base_url,
                ", ".join(pin[:PIN_SHOWN] + "…" for pin in server.pin_sha256),
                ", ".join(server.models),
                _matters(server),
                "stored" if keys.stored(server.name) else "none",
            ]
        )
    for line in format_table(rows):
        print(line)


def _matters(server: FirmServer) -> str:
    if isinstance(server.matters, str):
        return server.matters
    return ", ".join(
        matter if isinstance(matter, str) else f"{matter.client}/{matter.number}"
        for matter in server.matters
    )


@contextmanager
def _server_keys(paths: AppPaths, policy: EffectivePolicy) -> Iterator[tuple[ServerKeys, AuditLog]]:
    """The unlocked profile's server keys, writing to its audit log."""
    import desktop.storage  # noqa: F401  # first: sqlite-utils on SQLCipher
    from desktop.audit.log import open_session_log
    from desktop.cli.unlock import unlock_from_terminal
    from desktop.core.key_prompts import UnlockReport
    from desktop.remote.keys import ServerKeys

    report = UnlockReport()
    data_key = unlock_from_terminal(paths, report)
    log = open_session_log(paths.audit_database, data_key, report, start=False, policy=policy)
    try:
        yield ServerKeys.for_profile(paths, data_key, Keychain(), log), log
    finally:
        log.close()
