"""Opening a user's data source: URLs, paths and Ibis backends, read-only and without leaking secrets.

Every URL is parsed once into a :class:`SourceUrl` that knows its secrets (the password and every
query value that is not on a short list of harmless settings), so that no message, repr or
chained traceback can show them: :func:`scrub` removes them from any text, and errors are raised
``from None``.

What csm_kit opens itself is read-only: a DuckDB file is opened with ``read_only=True`` (a missing
file is an error, never created), a PostgreSQL session is set to ``default_transaction_read_only``.
A BigQuery URL connects lazily: nothing is imported, authenticated or sent until a query needs it.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csm_kit.errors import BackendError, CsmKitError

SUPPORTED_SCHEMES = ("duckdb", "postgres", "postgresql", "bigquery", "spark", "sc")
EXTRAS = {"postgres": "postgres", "postgresql": "postgres", "bigquery": "bigquery", "pyspark": "spark",
          "spark": "spark", "sc": "spark"}
# query settings whose values are safe to print; every other query value is treated as a secret
HARMLESS_QUERY_KEYS = frozenset({
    "host", "hostaddr", "port", "dbname", "user", "sslmode", "schema", "search_path",
    "connect_timeout", "application_name", "dataset_id", "project_id", "location",
    "target_session_attrs", "use_ssl", "user_id",
})
REDACTED = "***"


@dataclass(frozen=True)
class SourceUrl:
    """A connection URL split into its parts, with its secrets known."""

    scheme: str  # lower case
    user: str
    password: str | None = field(repr=False)
    hostpart: str = field(repr=False)  # host[:port][/path][;params], after the user info
    query: tuple[tuple[str, str], ...] = field(repr=False)
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def redacted(self) -> str:
        """The URL with the password and secret query values replaced by '***'."""
        return self._build(redact=True)

    @property
    def normalized(self) -> str:
        """The URL with its user info percent-encoded, so any URL parser reads it as meant."""
        return self._build(redact=False)

    def __repr__(self) -> str:
        return f"SourceUrl({self.redacted!r})"

    def _build(self, *, redact: bool) -> str:
        auth = ""
        if self.user or self.password is not None:
            user = urllib.parse.quote(self.user, safe="")
            auth = user
            if self.password is not None:
                auth += ":" + (REDACTED if redact else urllib.parse.quote(self.password, safe=""))
            auth += "@"
        query = urllib.parse.urlencode(
            [(k, REDACTED if redact and (k.lower() not in HARMLESS_QUERY_KEYS or v in self.secrets)
              else v)
             for k, v in self.query], safe="*/:")
        host = scrub(self.hostpart, self.secrets) if redact else self.hostpart
        return f"{self.scheme}://{auth}{host}" + (f"?{query}" if query else "")


def _split_userinfo(rest: str) -> tuple[str | None, str]:
    """(user info or None, the rest) of what follows 'scheme://'. The user info runs to the
    rightmost '@' that is not inside the query (an '@' after '/…?…=' with no '/' after it), so a
    password holding '@', '/' or '?' is still read as the password."""
    ats = [i for i, c in enumerate(rest) if c == "@"]
    for i in reversed(ats):
        before, after = rest[:i], rest[i + 1:]
        if re.search(r"/[^@]*\?[^@]*=", before) and "/" not in after:
            continue  # this '@' is inside a query value
        return before, after
    return None, rest


def _secret_values(pairs: str, sep: str) -> list[str]:
    """The values of `key=value` pairs separated by `sep` whose key is not harmless, raw,
    decoded and re-encoded (any of the three may reach a message)."""
    out: list[str] = []
    for raw in pairs.split(sep):
        key, eq, value = raw.partition("=")
        decoded = urllib.parse.unquote_plus(value)
        harmless = urllib.parse.unquote_plus(key).strip().lower() in HARMLESS_QUERY_KEYS
        if eq and not (harmless and not any(c in decoded for c in ";=&")):
            out += [value, decoded, urllib.parse.quote(decoded, safe=""),
                    urllib.parse.quote_plus(decoded)]
    return out


def parse_url(url: str) -> SourceUrl:
    """Split `url` ('scheme://user:password@host:port/path?query') without trusting its shape.

    A password holding '@', '/' or '?' is still recognised as the password (and kept secret)
    rather than read as a host, a path or a query; so are query values (except a few harmless
    settings) and ';key=value' parameters (Spark Connect's `;token=`).
    """
    scheme, _, rest = url.partition("://")
    userinfo, body = _split_userinfo(rest)
    body, qmark, query_text = body.partition("?")
    user, password, hostpart = "", None, body
    secrets: list[str] = []
    if userinfo is not None:
        user, colon, pw = userinfo.partition(":")
        password = urllib.parse.unquote(pw) if colon else None
        user = urllib.parse.unquote(user)
        secrets += [pw, password or "", urllib.parse.quote(password or "", safe="")]
    query = tuple(urllib.parse.parse_qsl(query_text, keep_blank_values=True)) if qmark else ()
    secrets += _secret_values(query_text, "&") if qmark else []
    if ";" in hostpart:
        secrets += _secret_values(hostpart.partition(";")[2], ";")
    unique = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))
    return SourceUrl(scheme.lower(), user, password, hostpart, query, unique)


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """`text` with every secret (longest first) replaced by '***'."""
    for s in secrets:
        text = text.replace(s, REDACTED)
    return text


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


# -- opening ------------------------------------------------------------------------------------
class LazyBackend:
    """A backend that connects on first use (BigQuery: no browser, network or credentials before)."""

    def __init__(self, open_: Callable[[], Any], name: str, description: str) -> None:
        self._open = open_
        self._backend: Any = None
        self._lock = threading.Lock()
        self.name = name
        self.description = description

    @property
    def connected(self) -> bool:
        """Whether the real backend has been opened."""
        return self._backend is not None

    def resolve(self) -> Any:
        """The real backend, opened now if needed."""
        with self._lock:
            if self._backend is None:
                self._backend = self._open()
            return self._backend

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.resolve(), name)


def missing_extra(scheme: str, exc: ImportError) -> BackendError:
    """The typed error for a backend whose optional dependencies are not installed."""
    extra = EXTRAS.get(scheme, scheme)
    return BackendError(
        f"the {scheme} backend is not installed ({type(exc).__name__}: {_first_line(exc)}); "
        f"install it with: pip install 'csm-kit[{extra}]'"
    )


def open_duckdb_file(path: str | os.PathLike, shown: str | None = None) -> tuple[Any, str]:
    """A read-only DuckDB backend on an existing file (BackendError when it does not exist)."""
    import ibis

    text = str(path)
    # a libpq connection string ('host=db password=...') or a URL missing its '://' is not a
    # path: never echo it, it may hold a password
    named = (repr(shown or text) if not any(c in text for c in "=@") else
             "(not shown: it looks like a connection string that may hold credentials; a URL "
             "needs a scheme such as postgres://)")
    try:
        p = Path(path).expanduser()
    except RuntimeError:  # '~nosuchuser/x.db'
        raise BackendError(f"DuckDB file {named}: its home directory cannot be resolved") from None
    if not p.is_file():
        what = "is a directory, not a DuckDB file" if p.is_dir() else "does not exist"
        raise BackendError(
            f"DuckDB file {named} {what}; csm_kit opens DuckDB files read-only and never "
            "creates one (write the sample with `csm-kit sample --out FILE`)"
        )
    try:
        return ibis.duckdb.connect(str(p), read_only=True), f"DuckDB file {shown or text}"
    except Exception as exc:
        raise BackendError(
            f"could not open DuckDB file {named} read-only: {type(exc).__name__}: "
            f"{_first_line(exc) if named.startswith(chr(39)) else '(details not shown)'}"
        ) from None


def _duckdb_path(parsed: SourceUrl) -> str | None:
    """The file path of a duckdb:// URL (None: in memory). duckdb:///rel.db, duckdb:////abs.db."""
    path = parsed.hostpart
    if path in ("", "/", "/:memory:", ":memory:"):
        return None
    return urllib.parse.unquote(path.removeprefix("/"))


def _open_postgres(parsed: SourceUrl) -> Any:
    import ibis

    try:
        backend = ibis.connect(parsed.normalized)
    except ImportError as exc:
        raise missing_extra(parsed.scheme, exc) from None
    backend.raw_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    return backend


def _open_bigquery(parsed: SourceUrl) -> Callable[[], Any]:
    """A function that opens BigQuery with application-default or service-account credentials."""
    project, _, dataset = parsed.hostpart.partition("/")
    if not project:
        raise BackendError("a BigQuery URL needs a project: bigquery://PROJECT/DATASET")

    def open_() -> Any:
        try:
            import google.auth
            import ibis
            from google.auth.exceptions import DefaultCredentialsError
        except ImportError as exc:
            raise missing_extra("bigquery", exc) from None
        try:
            credentials, _ = google.auth.default()
        except DefaultCredentialsError:
            raise BackendError(
                f"BigQuery project {project!r}: no credentials found. Authenticate with "
                "`gcloud auth application-default login` (Application Default Credentials), or "
                "point GOOGLE_APPLICATION_CREDENTIALS at a service-account key file"
            ) from None
        try:
            return ibis.bigquery.connect(project_id=project, dataset_id=dataset or None,
                                         credentials=credentials)
        except Exception as exc:
            raise BackendError(f"could not connect to BigQuery project {project!r}: "
                               f"{type(exc).__name__}: {_first_line(exc)}") from None

    return open_


def is_spark_session(obj: Any) -> bool:
    """Whether `obj` is a PySpark SparkSession (classic or Spark Connect)."""
    cls = type(obj)
    return cls.__name__ == "SparkSession" and cls.__module__.startswith("pyspark.sql")


def open_spark_session(session: Any) -> tuple[Any, str]:
    """An Ibis backend on a SparkSession; its tables are the session's catalog (tables and temp
    views). Ibis sets the session's time zone to UTC, as the canonical timestamps are."""
    try:
        import ibis

        backend = ibis.pyspark.connect(session)
    except ImportError as exc:
        raise missing_extra("pyspark", exc) from None
    try:
        master = session.sparkContext.master
    except Exception:  # Spark Connect sessions have no SparkContext
        master = "Spark Connect"
    return backend, f"Spark session ({master})"


def _open_spark_url(parsed: SourceUrl) -> tuple[Any, str]:
    """spark://local[N] (this machine), spark://HOST:PORT (a standalone cluster's master) or
    sc://HOST:PORT (a Spark Connect server, e.g. Databricks Connect's)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise missing_extra(parsed.scheme, exc) from None
    builder = SparkSession.builder.appName("csm_kit")
    if parsed.scheme == "sc":
        builder = builder.remote(parsed.normalized)
    else:
        local = re.fullmatch(r"(local(\[[^\]]*\])?)/?", parsed.hostpart)
        builder = builder.master(local.group(1) if local else parsed.normalized)
        # csm_kit writes nothing: keep Spark's own warehouse folder out of the working directory
        builder = builder.config("spark.sql.warehouse.dir",
                                 tempfile.mkdtemp(prefix="csm_kit_spark_warehouse_"))
    return open_spark_session(builder.getOrCreate())


def open_url(url: str) -> tuple[Any, str]:
    """An Ibis backend for a URL or a bare DuckDB file path, and a printable description."""
    if "://" not in url:
        return open_duckdb_file(url)
    parsed = parse_url(url)
    safe = parsed.redacted
    if parsed.scheme not in SUPPORTED_SCHEMES:
        raise BackendError(
            f"cannot open {safe}: scheme {parsed.scheme!r} is not one of "
            f"{', '.join(s + '://' for s in SUPPORTED_SCHEMES)}. For another engine, pass an Ibis "
            "backend: csm_kit.connect(ibis.<engine>.connect(...))"
        )
    try:
        if parsed.scheme == "duckdb":
            path = _duckdb_path(parsed)
            if path is None:
                import ibis

                return ibis.duckdb.connect(), "in-memory DuckDB"
            return open_duckdb_file(path, shown=safe)
        if parsed.scheme == "bigquery":
            lazy = LazyBackend(_open_bigquery(parsed), "bigquery", safe)
            return lazy, safe
        if parsed.scheme in ("spark", "sc"):
            backend, _ = _open_spark_url(parsed)
            return backend, safe
        return _open_postgres(parsed), safe
    except CsmKitError as exc:
        raise type(exc)(scrub(str(exc), parsed.secrets)) from None
    except Exception as exc:
        raise BackendError(
            f"could not connect to {safe}: {type(exc).__name__}: "
            f"{scrub(_first_line(exc), parsed.secrets)}"
        ) from None


def open_source(source: Any) -> tuple[Any, str]:
    """An Ibis backend for `source` (a URL, a DuckDB file path, a SparkSession or an Ibis backend)
    and a printable description that holds no secret."""
    if isinstance(source, os.PathLike):
        return open_duckdb_file(source)
    if isinstance(source, str):
        if not source.strip():
            raise BackendError("connect() got an empty string; give a URL such as "
                               "'duckdb:///file.duckdb' or 'postgres://user@host/db'")
        return open_url(source.strip())
    if is_spark_session(source):
        return open_spark_session(source)
    if hasattr(source, "list_tables") and hasattr(source, "table"):
        return source, f"ibis {getattr(source, 'name', type(source).__name__)} backend"
    raise BackendError(
        f"connect() got a {type(source).__name__}; give a URL such as 'duckdb:///file.duckdb' or "
        "'postgres://user@host/db', a path to a DuckDB file, or an Ibis backend"
    )
