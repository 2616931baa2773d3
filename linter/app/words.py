"""The words of the command line in both languages: help texts, the app's own messages, and
click's (usage, options, usage errors), so that `xxgk-lint` speaks Chinese by default and
English with `--lang en` (or `XXGK_LINT_LANG=en`). The words of findings are the packs'.

`say(key, **values)` renders one of ours in the current language; `use(lang)` sets it and
hooks click's gettext calls, which click looks up at the moment it prints.
"""

from __future__ import annotations

import os

_CURRENT = ["zh"]

WORDS: dict[str, tuple[str, str]] = {
    # the program and its commands
    "app": (
        "xxgk-lint：政府信息公开工作年度报告合规检查工具。\n\n按《政府信息公开条例》和国务院办公厅规定的年度报告格式，检查年度报告的结构、表格勾稽关系和正文数字。",
        "xxgk-lint: a compliance linter for government information-disclosure annual reports (政府信息公开工作年度报告).\n\nChecks a report's structure, the identities of its tables and the figures of its text against the regulations and the official report formats.",
    ),
    "check": (
        "检查年度报告：文件、目录（查找 .txt .md .html .docx .pdf）或 '-'（标准输入）。\n\n目录中的 .doc .wps .rtf .ofd .xls .xlsx .et 文件报错并说明如何转换，其他文件跳过并计数；没有报告的目录报错。",
        "Lint reports: files, directories (walked for .txt .md .html .docx .pdf) or '-' for stdin.\n\nIn a directory, .doc .wps .rtf .ofd .xls .xlsx .et files are errors that say how to convert them, other files are skipped and counted; a directory with no report is an error.",
    ),
    "rules": ("列出规则包中的全部规则。", "List every rule of the packs."),
    "text": (
        "按 xxgk-lint 读到的样子逐行打印文档（编号即问题的“行:列”所指；PDF 另有页码和页内行号，表格单元格有其位置）。适用于各种输入格式。",
        "Print the document lines as xxgk-lint read them, numbered: the text a finding's line:column count in (for a PDF also the page and the line on it, for a table cell its place in the table). Any input format.",
    ),
    "explain": ("说明一条规则：检查什么、为什么、法律依据和示例。", "Document one rule: what it checks, why, the legal basis and its examples."),
    # options of check
    "opt.format": ("输出格式（标准输出）。", "Output format on stdout."),
    "opt.output_file": ("同时把 FORMAT 格式写入 PATH（可重复），如 sarif:xxgk-lint.sarif；PATH 为 - 时写到标准输出。", "Also write FORMAT to PATH (repeatable), e.g. sarif:xxgk-lint.sarif; - is stdout."),
    "opt.select": ("只检查这些规则编号或前缀（逗号分隔，如 XG1,XG201）。", "Only these rule ids or prefixes (comma separated, e.g. XG1,XG201)."),
    "opt.ignore": ("不检查这些规则编号或前缀。", "Skip these rule ids or prefixes."),
    "opt.era": ("指定报告所属时期，不自动判断：auto、规则包的时期编号或别名（rules/common.yaml 的 eras:）  [默认：配置文件的，否则 auto]",
                "Force the report era instead of detecting it: auto, an era id of the packs or its alias (the `eras:` table of rules/common.yaml)  [default: the configuration's, else auto]"),
    "opt.fail_on": ("退出状态为 1 的最低严重程度  [默认：配置文件的，否则 error]", "Lowest severity that makes the exit status 1  [default: the configuration's, else error]"),
    "opt.exit_zero": ("有问题也以 0 退出（输入和用法错误仍为 2）。", "Exit 0 even when there are findings (input and usage errors still exit 2)."),
    "opt.config": ("使用此配置文件（.xxgk-lint.yaml 或 pyproject.toml），不向上查找。", "Use this configuration (.xxgk-lint.yaml or pyproject.toml) instead of the one found upwards from each report."),
    "opt.baseline": ("不报告记入此基线文件的问题。", "Do not report the findings recorded in this baseline file."),
    "opt.write_baseline": ("把本次发现的全部问题作为已知问题记入 FILE，并以 0 退出。", "Record every finding of this run in FILE as accepted, and exit 0."),
    "opt.stdin_filename": ("从 '-' 读入时报告所用的文件名。", "The name to report for input read from '-'."),
    "opt.max_bytes": ("拒绝大于此字节数的输入（默认 20 MB）。", "Refuse inputs larger than this (default 20 MB)."),
    "opt.jobs": ("用这么多个工作进程检查；0 = 每个 CPU 一个。", "Lint with this many worker processes; 0 = one per CPU."),
    "opt.lang": ("消息的语言  [默认：配置文件的，否则 zh]", "Language of the messages  [default: the configuration's, else zh]"),
    "opt.color": ("强制使用或不使用颜色（默认：输出到终端时使用；也遵从 NO_COLOR、FORCE_COLOR）。", "Force or disable colour (default: when writing to a terminal; NO_COLOR and FORCE_COLOR are honoured)."),
    "opt.exclude": ("遍历目录时跳过与此模式匹配的文件（可重复；相对于当前目录；不含 / 的模式匹配路径中的任一部分）；配置文件中也可写 exclude:。",
                    "Skip the files a directory walk finds that match this glob (repeatable; relative to the working directory; a glob without / matches any part of the path); also `exclude:` in the configuration."),
    "opt.no_cache": ("不读也不写用户缓存（已检查的规则包和语法表；见 README）。",
                     "Neither read nor write the user cache (checked rule packs, grammar tables; see the README)."),
    "opt.timeout": ("每个文件的检查时间上限（秒；0 表示不限）：超时的文件报错，不影响其他文件。",
                    "Time budget per file in seconds (0: none): a file that takes longer is an error, the others are still linted."),
    "opt.statistics": ("不逐条列出问题，只列出每个文件和每条规则的问题数。", "Instead of each finding, show how many findings each file and each rule has."),
    "opt.version": ("显示版本并退出。", "Show the version and exit."),
    "opt.help": ("显示此帮助并退出。", "Show this message and exit."),
    "opt.only_reports": ("只检查看起来是年报的文件：在 reports/、年报/ 等目录中，或文件名含“年报”“年度报告”“信息公开”，或符合配置的 include；其余跳过（供 pre-commit 钩子使用）。",
                         "Lint only the files that look like reports: in a reports/ folder (or “年报/”), named with “年报”, “年度报告” or “信息公开”, or matching the configuration's include globs; skip the rest (for the pre-commit hook)."),
    "opt.as_linted": ("显示清理和规范化之后的文本（繁转简、全角半角、PDF 空格），即规则所匹配的文本。", "The text after clean-up and normalisation (t2s, widths, PDF spacing), as the rules match it."),
    "opt.rules_format": ("markdown 即规则说明文档 docs/rules.md。", "markdown is the rule reference, docs/rules.md."),
    # messages of the app
    "error": ("xxgk-lint: 错误: {message}", "xxgk-lint: error: {message}"),
    "internal": ("内部错误：{what}（请报告此问题）", "internal error: {what} (please report this)"),
    "out.cannot_write": ("{path}：无法写入：{reason}", "{path}: cannot write: {reason}"),
    "out.spec": ("--output-file {spec!r}：应写作 格式:路径，例如 sarif:results.sarif", "--output-file {spec!r}: expected FORMAT:PATH, e.g. sarif:results.sarif"),
    "out.format": ("--output-file {spec!r}：未知的格式 {fmt!r}（可用：{formats}）", "--output-file {spec!r}: unknown format {fmt!r} (expected one of {formats})"),
    "out.stdout_twice": ("--output-file：标准输出（-）被指定了两次", "--output-file: standard output (-) is named twice"),
    "out.twice": ("{path}：被指定了两次（{first} 和 {second}）", "{path}: named twice ({first} and {second})"),
    "out.directory": ("{path}：是一个目录（{option}）", "{path}: is a directory ({option})"),
    "out.no_directory": ("{path}：目录 {parent} 不存在（{option}）", "{path}: directory {parent} does not exist ({option})"),
    "out.not_writable": ("{path}：不可写（{option}）", "{path}: not writable ({option})"),
    "out.protected": ("{path}：是{what}，不会覆盖它（{option}）", "{path}: is {what}, refusing to overwrite it ({option})"),
    "protected.report": ("正在检查的报告", "a report being linted"),
    "protected.baseline": ("正在读取的基线", "the baseline being read"),
    "protected.config": ("配置文件", "the configuration"),
    "protected.pack": ("正在读取的规则包", "a rule pack being read"),
    "protected.stdin_name": ("--stdin-filename 所指的文件", "the file named by --stdin-filename"),
    "unknown_rule": ("未知的规则编号或前缀 {rule!r}（见 `xxgk-lint rules`）", "unknown rule id or prefix {rule!r} (see `xxgk-lint rules`)"),
    "recorded": ("xxgk-lint: 已将 {count} 个问题记入基线 {path}", "xxgk-lint: recorded {count} findings in {path}"),
    "explain.message": ("消息", "Message"),
    "explain.basis": ("依据", "Basis"),
    "explain.docs": ("文档", "Docs"),
}

# click's own words (gettext message ids), in Chinese
CLICK_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Error: {message}": "错误：{message}",
    "No such option: {name}": "没有这个选项：{name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是否要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否要用其中之一：{possibilities}？）",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "integer": "整数",
    "Aborted!": "已中止。",
}


def language_of(args: list[str]) -> str:
    """The language a command line asks for: `--lang en`/`--lang=en`, else the environment
    (`XXGK_LINT_LANG`), else Chinese. (A configuration's `lang:` applies once it is read.)"""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "zh"
    return "en" if os.environ.get("XXGK_LINT_LANG", "").lower().startswith("en") else "zh"


def use(lang: str) -> None:
    """Speak `lang` from now on, click included."""
    _CURRENT[0] = "en" if lang == "en" else "zh"
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        module._ = _click  # click calls `_()` (gettext) when it prints
        if hasattr(module, "ngettext"):
            module.ngettext = _click_n


def current() -> str:
    return _CURRENT[0]


def say(key: str, **values) -> str:
    zh, en = WORDS[key]
    text = en if _CURRENT[0] == "en" else zh
    return text.format(**values) if values else text


def help_text(key: str) -> str:
    return WORDS[key][1 if _CURRENT[0] == "en" else 0]


def _click(message: str) -> str:
    return CLICK_ZH.get(message, message) if _CURRENT[0] == "zh" else message


def _click_n(singular: str, plural: str, n: int) -> str:
    return _click(singular if n == 1 else plural)
