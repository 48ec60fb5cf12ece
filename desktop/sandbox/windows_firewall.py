"""Windows: the air gap is the firewall's, set by the installer; Cloister checks it is there.

A Windows process cannot close its own network for good the way seccomp or Seatbelt do, so
the installer's air-gapped option (`/AIRGAPPED`, installer/windows/cloister.iss) adds
Windows Defender Firewall rules named `RULE_NAME` that block every outbound and inbound
connection of Cloister's executables (the worker is Cloister.exe too). A block rule beats
every allow rule. At start an air-gapped Cloister reads the rules where the firewall keeps
them (the registry, as `v2.x|Action=Block|Dir=Out|App=...|` strings: no process to start,
the same in every language) and refuses to run air-gapped without them.

What counts: an active rule, action Block, direction Out, for this executable, on every
profile (no `Profile=` field, or all three), not narrowed to some addresses, ports or
protocols; and the firewall switched on for all three profiles. Group Policy rules and
switches (under SOFTWARE\\Policies) count and win over the local ones.
Written to Microsoft's documented rule format; not run on Windows by this project's CI.
"""

from __future__ import annotations

import ntpath
import sys
from collections.abc import Callable, Iterable, Mapping

from desktop.core.translatable import QT_TRANSLATE_NOOP, words
from desktop.sandbox.seal import NetworkSeal

RULE_NAME = "Cloister air gap"
LOCAL = r"SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy"
GROUP_POLICY = r"SOFTWARE\Policies\Microsoft\WindowsFirewall"
PROFILES = {"Domain": "DomainProfile", "Private": "StandardProfile", "Public": "PublicProfile"}
NARROWING = ("RA4", "RA6", "RPort", "LPort", "Protocol", "RPort2_10", "LPort2_10", "Svc")

# Reads the values of a key under HKEY_LOCAL_MACHINE: {} when the key is not there.
ReadKey = Callable[[str], Mapping[str, object]]


def parse_rule(text: str) -> dict[str, list[str]]:
    """`v2.30|Action=Block|Active=TRUE|Dir=Out|App=C:\\...|` -> {"Action": ["Block"], ...}."""
    fields: dict[str, list[str]] = {}
    for part in text.split("|")[1:]:
        name, sep, value = part.partition("=")
        if sep:
            fields.setdefault(name, []).append(value)
    return fields


def _same_program(listed: str, program: str) -> bool:
    """Windows paths (ntpath, whatever runs this): case-blind, %VARIABLES% expanded."""
    expanded = ntpath.expandvars(listed)  # %ProgramFiles%\Cloister\Cloister.exe
    return ntpath.normcase(ntpath.normpath(expanded)) == ntpath.normcase(ntpath.normpath(program))


def blocks_outbound(rule: Mapping[str, list[str]], program: str) -> bool:
    """Whether this rule blocks every outbound connection of `program` on every profile."""

    def one(name: str) -> str:
        values = rule.get(name, [])
        return values[0] if len(values) == 1 else ""

    if (one("Action"), one("Dir"), one("Active").upper()) != ("Block", "Out", "TRUE"):
        return False
    if not _same_program(one("App"), program):
        return False
    if any(name in rule for name in NARROWING):
        return False
    profiles = set(rule.get("Profile", []))
    return not profiles or profiles >= set(PROFILES)


def _switched_on(read: ReadKey, profile_key: str) -> bool:
    """Group Policy's switch wins where it is set; otherwise the local one (default: on)."""
    for base in (GROUP_POLICY, LOCAL):
        value = read(f"{base}\\{profile_key}").get("EnableFirewall")
        if isinstance(value, int):
            return value == 1
    return True


def check(program: str, read: ReadKey | None = None) -> NetworkSeal:
    """Whether the firewall blocks `program`'s network: the installer's rule and the switch."""
    read = read or _registry_reader()
    if read is None:
        return NetworkSeal(
            False, QT_TRANSLATE_NOOP("Sandbox", "not Windows: no Windows Firewall to check")
        )
    rules: Iterable[object] = [
        *read(f"{GROUP_POLICY}\\FirewallRules").values(),
        *read(f"{LOCAL}\\FirewallRules").values(),
    ]
    found = any(
        isinstance(text, str) and blocks_outbound(parse_rule(text), program) for text in rules
    )
    if not found:
        missing = QT_TRANSLATE_NOOP(
            "Sandbox",
            'no Windows Firewall rule blocks {program} (the installer\'s "{rule}" rules, '
            "added by its air-gapped option /AIRGAPPED, are missing or changed)",
        )
        return NetworkSeal(False, words(missing, program=program, rule=RULE_NAME))
    off = [name for name, key in PROFILES.items() if not _switched_on(read, key)]
    if off:
        switched_off = QT_TRANSLATE_NOOP(
            "Sandbox", "Windows Firewall is off for the {profiles} profile"
        )
        return NetworkSeal(False, words(switched_off, profiles=", ".join(off)))
    blocked = QT_TRANSLATE_NOOP(
        "Sandbox",
        'Windows Firewall rule "{rule}": every connection of {program} blocked, on every profile',
    )
    return NetworkSeal(True, words(blocked, rule=RULE_NAME, program=program))


def _registry_reader() -> ReadKey | None:
    if sys.platform != "win32":
        return None
    import winreg

    def read(path: str) -> Mapping[str, object]:
        try:
            key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path)
        except OSError:
            return {}
        values: dict[str, object] = {}
        with key:
            index = 0
            while True:
                try:
                    name, value, _ = winreg.EnumValue(key, index)
                except OSError:
                    return values
                values[name] = value
                index += 1

    return read
