"""Errors that end the linting of one input (exit status 2), never a traceback."""


class InputError(Exception):
    """A report that cannot be read: binary, undecodable, too large, missing. `reason` is
    English; `zh` the same in Chinese when given (the command line speaks Chinese by default)."""

    def __init__(self, path: str, reason: str, zh: str | None = None):
        reason = " ".join(reason.split())  # one line, whatever an exception's text held
        zh = " ".join(zh.split()) if zh else zh
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.zh = zh

    def text(self, lang: str) -> str:
        return f"{self.path}: {self.zh if lang == 'zh' and self.zh else self.reason}"


class PackError(Exception):
    """A malformed rule pack or configuration: names the file, the line and what is wrong."""

    def __init__(self, path: str, line: int | None, reason: str):
        reason = " ".join(reason.split())  # one line, whatever a parser's message held
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason
