"""Everything that reads or writes the conversation store.

The store runs on SQLCipher (the `sqlcipher3` driver) through sqlite-utils. sqlite-utils uses
`pysqlite3` when it can import it, and catches that module's `OperationalError` - so unless
`pysqlite3` names sqlcipher3 before sqlite-utils is first imported, SQLCipher's errors slip
past sqlite-utils' own handling. Aliasing here, in the package's `__init__`, runs before any
module of the package imports sqlite-utils (tests/unit/storage/test_driver.py guards it).
"""

import sys

import sqlcipher3
import sqlcipher3.dbapi2

from desktop.core.imports import import_without_numpy

if "sqlite_utils" in sys.modules and sys.modules.get("pysqlite3") is not sqlcipher3:
    raise ImportError(
        "sqlite_utils was imported before desktop.storage could point it at SQLCipher"
    )
sys.modules["pysqlite3"] = sqlcipher3
sys.modules["pysqlite3.dbapi2"] = sqlcipher3.dbapi2

# sqlite-utils would import numpy (a third of a second at every start) for nothing we use.
import_without_numpy("sqlite_utils")
