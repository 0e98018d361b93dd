"""Warnings: ``warn`` prints ``file:line: Category: message`` to stderr
once per location (the default filter), as CPython does."""

import sys

__all__ = ["warn", "warn_explicit", "showwarning", "formatwarning",
           "filterwarnings", "simplefilter", "resetwarnings", "catch_warnings"]

filters = []
_seen = set()
defaultaction = "default"


def formatwarning(message, category, filename, lineno, line=None):
    text = "%s:%s: %s: %s\n" % (filename, lineno, category.__name__, message)
    if line is None:
        import linecache
        line = linecache.getline(filename, lineno)
    line = line.strip() if line else ''
    if line:
        text += "  %s\n" % line
    return text


def showwarning(message, category, filename, lineno, file=None, line=None):
    if file is None:
        file = sys.stderr
    file.write(formatwarning(message, category, filename, lineno, line))


def _action_for(category, message):
    for action, text, cat, lineno in filters:
        if issubclass(category, cat) and (text is None or str(message).startswith(text)):
            return action
    if issubclass(category, (DeprecationWarning, PendingDeprecationWarning, ImportWarning,
                             ResourceWarning)):
        return "ignore"
    return defaultaction


def warn(message, category=None, stacklevel=1, source=None):
    """Issues a warning (printed to stderr unless filtered)."""
    if isinstance(message, Warning):
        category = message.__class__
    if category is None:
        category = UserWarning
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise TypeError("category must be a Warning subclass, not '%s'"
                        % type(category).__name__)
    try:
        frame = sys._getframe(stacklevel)
    except ValueError:
        filename, lineno = "sys", 1
    else:
        filename, lineno = frame.f_code.co_filename, frame.f_lineno
    warn_explicit(message, category, filename, lineno)


def warn_explicit(message, category, filename, lineno, module=None, registry=None,
                  module_globals=None, source=None):
    action = _action_for(category, message)
    if action == "ignore":
        return
    if action == "error":
        raise category(message) if not isinstance(message, Warning) else message
    key = (str(message), category, filename, lineno)
    if action in ("default", "module", "once") and key in _seen:
        return
    _seen.add(key)
    showwarning(message, category, filename, lineno)


def filterwarnings(action, message="", category=Warning, module="", lineno=0, append=False):
    entry = (action, message or None, category, lineno)
    if append:
        filters.append(entry)
    else:
        filters.insert(0, entry)


def simplefilter(action, category=Warning, lineno=0, append=False):
    filterwarnings(action, "", category, "", lineno, append)


def resetwarnings():
    filters[:] = []


class catch_warnings:
    """Saves and restores the warning filters around a block."""

    def __init__(self, *, record=False, module=None, action=None, category=Warning,
                 lineno=0, append=False):
        self._record = record
        self._action = action
        self._category = category

    def __enter__(self):
        global showwarning
        self._filters = filters[:]
        self._showwarning = showwarning
        if self._action is not None:
            simplefilter(self._action, self._category)
        if self._record:
            log = []

            def record(message, category, filename, lineno, file=None, line=None):
                log.append(WarningMessage(message, category, filename, lineno))
            showwarning = record
            return log
        return None

    def __exit__(self, *exc_info):
        global showwarning
        filters[:] = self._filters
        showwarning = self._showwarning


class WarningMessage:
    def __init__(self, message, category, filename, lineno, file=None, line=None):
        self.message = message if isinstance(message, Warning) else category(message)
        self.category = category
        self.filename = filename
        self.lineno = lineno
        self.file = file
        self.line = line
