"""Errors that end the linting of one input (exit status 2), never a traceback."""


class InputError(Exception):
    """A report that cannot be read: binary, undecodable, too large, missing."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class PackError(Exception):
    """A malformed rule pack or configuration: names the file, the line and what is wrong."""

    def __init__(self, path: str, line: int | None, reason: str):
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason
