"""The administrator's policy and the settings it can lock: plain data, shared by every layer.

A key present in the machine-wide policy file is locked: its value wins and nobody can change
it from the GUI or the command line. A key absent from the policy takes the user's own setting,
else the default. desktop.policy reads the files; this module only says what they mean.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from desktop.core.audit_events import AuditEvent, EventType, Outcome
from desktop.core.errors import KnownError
from desktop.core.scrypt_limits import scrypt_cost_problem
from desktop.core.translatable import QT_TRANSLATE_NOOP, words

# HIPAA keeps required documentation six years (45 CFR 164.316(b)(2)); leap days included.
DEFAULT_RETENTION_DAYS = 6 * 366
SCRYPT_HASH = re.compile(r"^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$")


class AuditContent(StrEnum):
    METADATA = "metadata"  # prompts and replies appear as a SHA-256 and a length
    FULL = "full"  # ...and their text, for sites whose rules require it


class Appearance(StrEnum):
    """Light or dark, or whichever the operating system is set to (followed live)."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


# The text size in 10% steps of the platform's size (Ctrl/Cmd + and -).
TEXT_STEP_MIN, TEXT_STEP_MAX = -2, 6


class Source(StrEnum):
    POLICY = "policy file"
    EXTRA = "extra policy file (--policy, stricter only)"
    FAIL_CLOSED = "failed closed (the policy file could not be used)"
    USER = "user setting"
    APP = "app setting (kept in the encrypted audit log)"
    DEFAULT = "default"


def _sha256(value: str) -> str:
    value = value.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise ValueError("must be a SHA-256 as 64 hexadecimal digits")
    return value


def _passphrase_hash(value: str) -> str:
    """Checked whole before use (issue 20): its scrypt cost within bounds, its base64 strict."""
    problem = _passphrase_hash_problem(value)
    if problem:
        raise ValueError(
            "must be made by `cloister policy hash-passphrase` (scrypt$N$r$p$salt$hash): " + problem
        )
    return value


def _passphrase_hash_problem(value: str) -> str | None:
    if not SCRYPT_HASH.match(value):
        return "it is not in that form"
    _, *cost, salt, digest = value.split("$")
    if any(len(number) > 20 for number in cost):  # int() of thousands of digits is slow
        return "its scrypt cost is out of bounds"
    n, r, p = (int(number) for number in cost)
    if problem := scrypt_cost_problem(n, r, p):
        return problem
    try:
        base64.b64decode(salt, validate=True)
        base64.b64decode(digest, validate=True)
    except ValueError:
        return "its salt or hash is not base64"
    return None


def _witness_key(value: str) -> str:
    """A C2SP verifier key as `cloister audit witness-keygen` prints it (audit/witness_files)."""
    value = value.strip()
    name, _, rest = value.partition("+")
    key_id, _, material = rest.partition("+")
    try:
        raw = base64.b64decode(material, validate=True)
    except ValueError:
        raw = b""
    expected = hashlib.sha256(name.encode() + b"\n" + raw).hexdigest()[:8]  # raw: 0x04 || key
    if name != "cloister-audit-witness" or len(raw) != 33 or raw[0] != 4 or key_id != expected:
        raise ValueError("must be the key `cloister audit witness-keygen` printed")
    return value


Sha256 = Annotated[str, AfterValidator(_sha256)]


class WallKind(StrEnum):
    EXCLUSIONARY = "exclusionary"  # the accounts it names are screened from the matter
    INCLUSIONARY = "inclusionary"  # only the accounts it names may use the matter


_WALL_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _plain_name(value: str) -> str:
    """A client, matter number or account as a wall names it: one line, something in it."""
    if not value.strip():
        raise ValueError("must not be empty")
    if _CONTROL.search(value):
        raise ValueError("must not hold control characters or line breaks")
    return value.strip()


PlainName = Annotated[str, Field(max_length=200), AfterValidator(_plain_name)]


class Wall(BaseModel):
    """An ethical wall (issue 22): who is screened from one matter, or who alone may use it.

    desktop.matters.walls decides access from these; a wall names its matter by client and
    matter number (as every profile knows it) and people by their operating-system account."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_WALL_ID, description="The wall's own name, as records cite it.")
    client: PlainName
    number: PlainName
    kind: WallKind
    accounts: tuple[PlainName, ...] = Field(
        min_length=1,
        max_length=10_000,
        description="OS accounts: user, or DOMAIN\\user on Windows to name one domain's.",
    )
    memo: str | None = Field(
        None,
        min_length=1,
        max_length=20_000,
        description="Read and acknowledged by each permitted person before first access.",
    )


def memo_sha256(memo: str) -> str:
    """What a wall memo's acknowledgement is kept by: a changed memo is a new one, asked again."""
    return hashlib.sha256(memo.encode("utf-8")).hexdigest()


def _distinct_walls(walls: tuple[Wall, ...] | None) -> tuple[Wall, ...] | None:
    seen: set[str] = set()
    for wall in walls or ():
        if wall.id.casefold() in seen:
            raise ValueError(f"the wall id '{wall.id}' is used twice")
        seen.add(wall.id.casefold())
    return walls


_SERVER_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


def _https_base_url(value: str) -> str:
    """A firm server's base URL: https only (the pin is checked on its certificate), no user
    name or password in it (the API key lives in the keychain), no query or fragment."""
    from urllib.parse import urlsplit

    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme != "https":
        raise ValueError("must start with https://")
    if not parts.hostname:
        raise ValueError("must name a host")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError("must not hold a user name, password, query or fragment")
    try:
        parts.port  # noqa: B018 (raises for a port out of range)
    except ValueError as exc:
        raise ValueError("its port is not a number from 1 to 65535") from exc
    return value.rstrip("/")


class ServerMatter(BaseModel):
    """A matter a firm server may be sent, named like a wall names it (client and number)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    client: PlainName
    number: PlainName


class FirmServer(BaseModel):
    """The firm's own inference server (issue 23): vLLM or llama-server speaking the OpenAI API.

    Only the administrator's policy names one. Its API key is not here: `cloister server
    set-key NAME` puts it in the keychain (desktop/remote)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(
        pattern=_SERVER_NAME, description="The server's own name, as records cite it."
    )
    label: PlainName | None = Field(
        None, description='What the model picker calls it ("Firm server" when not set).'
    )
    base_url: Annotated[str, AfterValidator(_https_base_url)] = Field(
        description="Where its OpenAI API is, up to /v1: https://host:port/v1."
    )
    pin_sha256: tuple[Sha256, ...] = Field(
        min_length=1,
        max_length=16,
        description="SHA-256 of the server's certificate, or of a CA certificate that signed "
        "it (DER bytes, as `openssl x509 -outform der | sha256sum` prints).",
    )
    models: tuple[PlainName, ...] = Field(
        min_length=1, max_length=100, description="The model ids (as /v1/models names them)."
    )
    matters: Literal["all", "none"] | tuple[ServerMatter | Literal["General"], ...] = Field(
        "none",
        description='Which matters may be sent: "all", "none", or a list of {client, number} '
        '(and "General" for conversations outside any client matter).',
    )
    timeout_seconds: float = Field(
        60.0, gt=0, le=3600, description="The longest wait for the first token or the next one."
    )
    ca_file: str | None = Field(
        None,
        description="A CA certificate (PEM file) that signs the server's certificate: the server "
        "is then checked against it alone (chain and host name) and its SHA-256 must be a pin.",
    )

    def allows_matter(self, client: str, number: str) -> bool:
        """May a conversation of this matter go to this server? General is ("", "")."""
        if self.matters == "all":
            return True
        if self.matters == "none":
            return False
        general = not client and not number
        for allowed in self.matters:
            if allowed == "General":
                if general:
                    return True
            elif not general and (allowed.client, allowed.number) == (client, number):
                return True
        return False


def _distinct_servers(servers: tuple[FirmServer, ...] | None) -> tuple[FirmServer, ...] | None:
    seen: set[str] = set()
    for server in servers or ():
        if server.name.casefold() in seen:
            raise ValueError(f"the server name '{server.name}' is used twice")
        seen.add(server.name.casefold())
    return servers


# The window's languages: the operating system's, or one Cloister is translated into.
Language = Literal["system", "en", "de"]


class Policy(BaseModel):
    """The policy file's schema. Unknown keys are an error: a typo must not unlock anything."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    air_gapped: bool | None = Field(None, description="Block every network access.")
    allowed_models: tuple[Sha256, ...] | None = Field(
        None, description="Only models with one of these SHA-256s may be imported or loaded."
    )
    downloads_allowed: bool | None = Field(None, description="Model downloads are possible.")
    unlisted_models_allowed: bool | None = Field(
        None, description="Models in no catalog and no allowlist may be imported (unverified)."
    )
    catalog_file: str | None = Field(
        None, description="The site's own model catalog (JSON), replacing or extending ours."
    )
    catalog_sha256: Sha256 | None = Field(
        None, description="The site catalog must have this SHA-256, or it is not used."
    )
    audit_content: AuditContent | None = Field(
        None, description="metadata: prompts as hash and length; full: their text as well."
    )
    retention_days: int | None = Field(
        None, ge=1, le=36_500, description="Audit records are purged after this many days."
    )
    legal_hold: bool | None = Field(None, description="Nothing is purged while on.")
    audit_erase_on_delete: bool | None = Field(
        None,
        description="Deleting a conversation may also erase its prompts and replies kept in the "
        "audit log (audit_content: full); hashes, lengths and times stay.",
    )
    idle_lock_minutes: int | None = Field(
        None, ge=0, le=1440, description="Lock the window after this long idle; 0 never."
    )
    export_allowed: bool | None = Field(None, description="Conversations may be exported.")
    admin_passphrase_hash: Annotated[str, AfterValidator(_passphrase_hash)] | None = Field(
        None, description="The administrator's passphrase, hashed (scrypt)."
    )
    audit_signing_fingerprints: tuple[Sha256, ...] | None = Field(
        None,
        description="`cloister audit verify` vouches for bundles signed by these keys "
        "(their fingerprints).",
    )
    audit_witness_dir: str | None = Field(
        None, description="Every signed audit checkpoint is also written to this folder."
    )
    audit_witness_pubkey: Annotated[str, AfterValidator(_witness_key)] | None = Field(
        None, description="The administrator's witness key that cosigns those checkpoints."
    )
    appearance: Appearance | None = Field(
        None, description="Light, dark, or following the operating system's setting."
    )
    text_step: int | None = Field(
        None,
        ge=TEXT_STEP_MIN,
        le=TEXT_STEP_MAX,
        description="Text size in 10% steps of the system's size (Ctrl/Cmd + and -).",
    )
    language: Language | None = Field(
        None,
        description='The window\'s language: "system" (the operating system\'s), "en" or "de".',
    )
    gpu_offload: bool | None = Field(
        None,
        description="Run the model's layers on the graphics card where the engine has one "
        "(Metal, Vulkan, CUDA); off: the processor only.",
    )
    walls: tuple[Wall, ...] | None = Field(
        None,
        max_length=10_000,
        description="Ethical walls: matters screened from some accounts, or open to some only.",
    )

    firm_servers: tuple[FirmServer, ...] | None = Field(
        None,
        max_length=32,
        description="The firm's own inference servers (OpenAI API, TLS pinned) that may be used; "
        "in air-gapped mode the only addresses Cloister may reach.",
    )
    local_api_allowed: bool | None = Field(
        None,
        description="Other programs on this computer may use Cloister's local model through its "
        "OpenAI-compatible API on 127.0.0.1, once turned on in Settings.",
    )
    local_api_enabled: bool | None = Field(
        None, description="The local API is on (where the policy allows it)."
    )
    local_api_port: int | None = Field(
        None, ge=1024, le=65535, description="The local API's port on 127.0.0.1."
    )
    local_api_store_conversations: bool | None = Field(
        None, description="Conversations through the local API are kept like the window's."
    )

    _walls_distinct = field_validator("walls")(_distinct_walls)
    _servers_distinct = field_validator("firm_servers")(_distinct_servers)


class Preferences(BaseModel):
    """What a user may set for themselves, where the policy leaves a key open."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    air_gapped: bool | None = None
    downloads_allowed: bool | None = None
    unlisted_models_allowed: bool | None = None
    audit_content: AuditContent | None = None
    idle_lock_minutes: int | None = Field(None, ge=0, le=1440)
    export_allowed: bool | None = None
    appearance: Appearance | None = None
    text_step: int | None = Field(None, ge=TEXT_STEP_MIN, le=TEXT_STEP_MAX)
    language: Language | None = None
    gpu_offload: bool | None = None
    local_api_enabled: bool | None = None
    local_api_port: int | None = Field(None, ge=1024, le=65535)
    local_api_store_conversations: bool | None = None


DEFAULTS: dict[str, Any] = {
    "air_gapped": False,
    "allowed_models": None,  # no allowlist: any valid GGUF
    "downloads_allowed": True,
    "unlisted_models_allowed": True,
    "catalog_file": None,  # the built-in catalog
    "catalog_sha256": None,
    "audit_content": AuditContent.METADATA,
    "retention_days": DEFAULT_RETENTION_DAYS,
    "legal_hold": False,
    # Off: the audit log is evidence, and a regulated firm keeps it for its retention period;
    # only the administrator's policy can let users erase its texts.
    "audit_erase_on_delete": False,
    "idle_lock_minutes": 15,
    "export_allowed": True,
    "admin_passphrase_hash": None,
    "audit_signing_fingerprints": None,  # none pinned: verify vouches only for a given key
    "audit_witness_dir": None,  # checkpoints are not witnessed
    "audit_witness_pubkey": None,
    "appearance": Appearance.SYSTEM,
    "text_step": 0,
    "language": "system",
    "gpu_offload": True,
    "walls": None,  # no ethical walls: every account may use every matter
    "firm_servers": None,  # no firm server: only models on this computer
    "local_api_allowed": False,  # a listening port is the administrator's decision
    "local_api_enabled": False,
    "local_api_port": 8765,
    "local_api_store_conversations": False,  # every call is audited either way
}
# Kept in the encrypted audit log (changing them is audited there), not in the preferences file.
APP_SETTINGS = frozenset({"retention_days", "legal_hold"})
# Only an administrator's policy file can set these.
POLICY_ONLY = frozenset(
    {
        "allowed_models",
        "admin_passphrase_hash",
        "catalog_file",
        "catalog_sha256",
        "audit_signing_fingerprints",
        "audit_witness_dir",
        "audit_witness_pubkey",
        "audit_erase_on_delete",
        "walls",
        "firm_servers",
        "local_api_allowed",
    }
)
# What a policy file that cannot be used turns on, and locks.
FAIL_CLOSED = {"air_gapped": True, "downloads_allowed": False}
# An extra policy file (`--policy`) may only add restrictions. These keys have no "stricter"
# value that the files alone can decide (a catalog, a passphrase, how much the audit log keeps;
# retention's value otherwise lives in the audit log), so only the machine-wide policy sets them:
# an extra file may repeat its value, nothing else.
MACHINE_ONLY = frozenset(
    {
        "catalog_file",
        "catalog_sha256",
        "admin_passphrase_hash",
        "audit_content",
        "retention_days",
        "appearance",  # a look is not a restriction
        "text_step",
        "language",
        "gpu_offload",  # where the model runs is not a restriction
        "firm_servers",  # a server list is not narrowed by merging: only one file names them
        "local_api_port",
        "local_api_store_conversations",
    }
)
# For these yes/no keys, this value is the restrictive one.
RESTRICTIVE = {
    "air_gapped": True,
    "legal_hold": True,
    "audit_erase_on_delete": False,
    "downloads_allowed": False,
    "unlisted_models_allowed": False,
    "export_allowed": False,
    "local_api_allowed": False,
    "local_api_enabled": False,
}


class LooseningError(ValueError):
    """An extra policy file tried to set what only the machine-wide policy may set."""


def stricter_value(name: str, current: Any, extra: Any) -> Any:
    """The stricter of the value in force and an extra policy file's, for one key that is not
    MACHINE_ONLY."""
    if name in RESTRICTIVE:
        return RESTRICTIVE[name] if RESTRICTIVE[name] in (current, extra) else current
    if name == "allowed_models":
        if current is None:
            return tuple(extra)
        return tuple(sha for sha in current if sha in set(extra))  # both lists must allow it
    if name == "idle_lock_minutes":  # 0 is "never": the loosest
        nonzero = [minutes for minutes in (current, extra) if minutes]
        return min(nonzero) if nonzero else 0
    if name == "walls":
        return combined_walls(current, extra)
    raise LooseningError(f"{name} may only be set by the machine-wide policy")


def combined_walls(current: Any, extra: Any) -> tuple[Any, ...]:
    """Every wall of both files (deny wins across them all); one id must mean one wall."""
    walls = {str(wall["id"]).casefold(): wall for wall in current or ()}
    for wall in extra:
        known = walls.setdefault(str(wall["id"]).casefold(), wall)
        if known != wall:
            raise LooseningError(f"the wall '{wall['id']}' is already defined otherwise")
    return tuple(walls.values())


def _restricts(name: str, value: Any) -> bool:
    """False for a value that can never restrict anything (downloads on, idle lock never)."""
    if name in RESTRICTIVE:
        return value == RESTRICTIVE[name]
    if name == "walls":
        return bool(value)
    return not (name == "idle_lock_minutes" and value == 0)


@dataclass(frozen=True)
class PolicyFileUsed:
    """A policy file this session runs under, for `policy show` and the audit record."""

    path: str
    role: str  # "machine" or "extra"
    sha256: str | None  # of its bytes; None when there was no file


@dataclass(frozen=True)
class Setting:
    name: str
    value: Any
    source: Source

    @property
    def locked(self) -> bool:
        return self.source in (Source.POLICY, Source.EXTRA, Source.FAIL_CLOSED)


@dataclass(frozen=True)
class EffectivePolicy:
    """Every setting with the value in force and where it came from."""

    settings: dict[str, Setting]
    policy_path: str | None = None  # the policy file looked at
    problem: str | None = None  # why the policy file failed closed; None when it is fine
    warning: str | None = None  # something an administrator should know; nothing is unlocked
    policy_found: bool = False  # a file was at policy_path (usable or not)
    files: tuple[PolicyFileUsed, ...] = ()  # the machine policy, then any extra files
    # A policy file is in force whose keys could not be read (broken, missing --policy file):
    # its ethical walls are unknown, so no matter but General may be used (issue 22).
    unread: bool = False

    @classmethod
    def resolve(
        cls,
        policy: Policy | None,
        preferences: Preferences,
        *,
        policy_path: str | None = None,
        problem: str | None = None,
        warning: str | None = None,
        policy_found: bool = False,
    ) -> EffectivePolicy:
        locked = policy.model_dump(exclude_none=True) if policy else {}
        chosen = preferences.model_dump(exclude_none=True)
        settings: dict[str, Setting] = {}
        for name, default in DEFAULTS.items():
            if problem is not None and name in FAIL_CLOSED:
                settings[name] = Setting(name, FAIL_CLOSED[name], Source.FAIL_CLOSED)
            elif name in locked:
                settings[name] = Setting(name, locked[name], Source.POLICY)
            elif name in chosen:
                settings[name] = Setting(name, chosen[name], Source.USER)
            elif name in APP_SETTINGS:
                settings[name] = Setting(name, default, Source.APP)
            else:
                settings[name] = Setting(name, default, Source.DEFAULT)
        unread = problem is not None and policy is None and policy_found
        return cls(settings, policy_path, problem, warning, policy_found, unread=unread)

    def tightened_by(self, extra: Policy, used: PolicyFileUsed) -> EffectivePolicy:
        """The policy with an extra file's restrictions added: for each key the stricter of
        the value in force and the file's. Raises LooseningError for a MACHINE_ONLY key set
        to another value. A value no stricter than the one in force changes nothing."""
        settings = dict(self.settings)
        for name, value in extra.model_dump(exclude_none=True).items():
            current = settings[name]
            if name in MACHINE_ONLY:
                if current.source is Source.POLICY and current.value == value:
                    continue  # a repeat of the machine policy
                raise LooseningError(
                    f"'{name}' may only be set by the machine-wide policy, and only an extra "
                    "file's repeat of its value is accepted"
                )
            if not _restricts(name, value):
                continue
            stricter = stricter_value(name, current.value, value)
            if stricter != current.value or not current.locked:
                settings[name] = Setting(name, stricter, Source.EXTRA)
        return replace(self, settings=settings).with_file(used)

    def with_file(self, used: PolicyFileUsed) -> EffectivePolicy:
        """The policy, naming one more file it was read from."""
        return replace(self, files=(*self.files, used))

    def failed_closed(self, problem: str) -> EffectivePolicy:
        """The policy with FAIL_CLOSED locked on top, and `problem` said (an extra file that
        could not be used: its walls, too, are unknown)."""
        settings = dict(self.settings)
        for name, value in FAIL_CLOSED.items():
            settings[name] = Setting(name, value, Source.FAIL_CLOSED)
        said = f"{self.problem} {problem}" if self.problem else problem
        return replace(self, settings=settings, problem=said, unread=True)

    def in_force(self, name: str) -> tuple[Any, str | None]:
        """The value that applies, and why it differs from the setting (None when it does
        not): downloads are off while air-gapped whatever downloads_allowed says."""
        value = self.value(name)
        if name == "downloads_allowed" and value and self.air_gapped:
            return False, "air-gapped"
        if name == "unlisted_models_allowed" and value and self.allowed_models is not None:
            return False, "allowed_models is set"
        return value, None

    @classmethod
    def resolve_defaults(cls) -> EffectivePolicy:
        """No policy file, no preferences: what tests and a bare build() use."""
        return cls.resolve(None, Preferences())

    def with_user_setting(self, name: str, value: Any) -> EffectivePolicy:
        """The policy after the user changed an open setting (callers check it is open)."""
        return replace(self, settings={**self.settings, name: Setting(name, value, Source.USER)})

    def value(self, name: str) -> Any:
        return self.settings[name].value

    def is_locked(self, name: str) -> bool:
        return self.settings[name].locked

    def refusal(self, name: str, what: str) -> str | None:
        """Why `what` may not happen, in words for the user; None when yes/no setting `name`
        allows it. Says who turned it off: the administrator, or the user in Settings."""
        if self.value(name):
            return None
        if self.is_locked(name):
            return words(
                QT_TRANSLATE_NOOP(
                    "PolicyErrors", "Your administrator's policy does not allow {what}."
                ),
                what=what,
            )
        return words(
            QT_TRANSLATE_NOOP("PolicyErrors", "You turned off {what} in Settings."), what=what
        )

    @property
    def air_gapped(self) -> bool:
        return bool(self.value("air_gapped"))

    @property
    def downloads_allowed(self) -> bool:
        return bool(self.value("downloads_allowed")) and not self.air_gapped

    @property
    def audit_content(self) -> AuditContent:
        return AuditContent(self.value("audit_content"))

    @property
    def audit_erase_on_delete(self) -> bool:
        return bool(self.value("audit_erase_on_delete"))

    @property
    def idle_lock_minutes(self) -> int:
        return int(self.value("idle_lock_minutes"))

    @property
    def export_allowed(self) -> bool:
        return bool(self.value("export_allowed"))

    @property
    def admin_passphrase_hash(self) -> str | None:
        return self.value("admin_passphrase_hash")

    @property
    def unlisted_models_allowed(self) -> bool:
        """Models in no catalog may be imported; never when an allowlist is in force."""
        return bool(self.value("unlisted_models_allowed")) and self.allowed_models is None

    @property
    def catalog_file(self) -> str | None:
        return self.value("catalog_file")

    @property
    def catalog_sha256(self) -> str | None:
        return self.value("catalog_sha256")

    @property
    def audit_witness_dir(self) -> str | None:
        return self.value("audit_witness_dir")

    @property
    def audit_witness_pubkey(self) -> str | None:
        return self.value("audit_witness_pubkey")

    @property
    def allowed_models(self) -> frozenset[str] | None:
        """The SHA-256s a model must have; None: no allowlist."""
        allowed = self.value("allowed_models")
        return None if allowed is None else frozenset(allowed)

    @property
    def audit_signing_fingerprints(self) -> frozenset[str]:
        """The audit signing keys an administrator pinned for `audit verify` (may be none)."""
        return frozenset(self.value("audit_signing_fingerprints") or ())

    @property
    def walls(self) -> tuple[Wall, ...]:
        """The ethical walls in force (none without a policy that lists them)."""
        return tuple(Wall.model_validate(wall) for wall in self.value("walls") or ())

    @property
    def walls_unknown(self) -> bool:
        """A policy file failed closed before its walls could be read: no matter but General
        may be used (desktop.matters.walls), since a broken file must not lift a wall."""
        return self.unread

    @property
    def firm_servers(self) -> tuple[FirmServer, ...]:
        """The firm's inference servers the policy names (none without a policy)."""
        return tuple(
            FirmServer.model_validate(server) for server in self.value("firm_servers") or ()
        )

    @property
    def local_api_on(self) -> bool:
        """The local API listens: the policy allows it and it is turned on."""
        return bool(self.value("local_api_allowed")) and bool(self.value("local_api_enabled"))

    def model_allowed(self, sha256: str) -> bool:
        """True without an allowlist, else only for a listed SHA-256."""
        allowed = self.allowed_models
        return allowed is None or sha256.lower() in allowed


# What a refusal names ("…does not allow {what}"), marked so that the window translates it.
EXPORTING = QT_TRANSLATE_NOOP("PolicyErrors", "exporting")
DOWNLOADS = QT_TRANSLATE_NOOP("PolicyErrors", "downloads")


class PolicyLockedError(KnownError):
    """A setting the administrator's policy fixes was about to be changed."""

    def __init__(self, name: str) -> None:
        super().__init__(
            words(
                QT_TRANSLATE_NOOP(
                    "PolicyErrors",
                    "'{name}' is set by your administrator's policy and cannot be changed.",
                ),
                name=name,
            )
        )
        self.name = name


def check_preference(effective: EffectivePolicy, name: str, value: Any) -> None:
    """Raises unless a user may set `name` (PolicyLockedError) to `value` (ValueError)."""
    if name not in effective.settings:
        raise ValueError(f"There is no setting called '{name}'.")
    if effective.is_locked(name) or name in POLICY_ONLY:
        raise PolicyLockedError(name)
    if name in APP_SETTINGS:
        raise ValueError(f"'{name}' is kept in the audit log: an admin sets it in Settings.")
    try:
        Preferences.model_validate({name: value})
    except ValidationError as exc:
        raise ValueError(f"{name}: {exc.errors()[0]['msg']}") from None


# The sources that mean "an administrator's (or an extra) policy file fixes this value".
LOCKED_BY_A_FILE = frozenset({Source.POLICY, Source.EXTRA})


def policy_loaded_event(policy: EffectivePolicy) -> AuditEvent:
    """The `policy.loaded` record: which files were in force (path, role, SHA-256), whether
    one failed closed and why, and every locked value (the passphrase hash left out)."""
    counted = ("allowed_models", "walls")  # how many; the walls have records of their own
    locked = {
        name: setting.value if name not in counted else len(setting.value or ())
        for name, setting in policy.settings.items()
        if setting.locked and name != "admin_passphrase_hash"
    }
    files = [{"path": used.path, "role": used.role, "sha256": used.sha256} for used in policy.files]
    from_extra = sorted(n for n, s in policy.settings.items() if s.source is Source.EXTRA)
    return AuditEvent(
        event_type=EventType.POLICY_LOADED,
        outcome=Outcome.FAILURE if policy.problem else Outcome.SUCCESS,
        reason=policy.problem or policy.warning,
        target_type="policy",
        target_id=policy.policy_path,
        details={**locked, "policy_files": files, "from_extra_files": from_extra},
    )
