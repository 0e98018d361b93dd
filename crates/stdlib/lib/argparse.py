"""Command-line parsing: ``ArgumentParser`` with positional and optional
arguments, ``type``, ``default``, ``choices``, ``nargs``, the common
actions, groups, and CPython's ``usage:``/``error:`` messages (exit
status 2)."""

import sys as _sys

__all__ = ['ArgumentParser', 'ArgumentError', 'Namespace', 'Action',
           'FileType', 'HelpFormatter', 'RawDescriptionHelpFormatter',
           'RawTextHelpFormatter', 'ArgumentDefaultsHelpFormatter',
           'SUPPRESS', 'OPTIONAL', 'ZERO_OR_MORE', 'ONE_OR_MORE', 'REMAINDER']

SUPPRESS = '==SUPPRESS=='
OPTIONAL = '?'
ZERO_OR_MORE = '*'
ONE_OR_MORE = '+'
REMAINDER = '...'


class HelpFormatter:
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        self._prog = prog


RawDescriptionHelpFormatter = RawTextHelpFormatter = ArgumentDefaultsHelpFormatter = HelpFormatter


class ArgumentError(Exception):
    def __init__(self, argument, message):
        self.argument_name = argument
        self.message = message

    def __str__(self):
        if self.argument_name is None:
            return self.message
        return 'argument %s: %s' % (self.argument_name, self.message)


class ArgumentTypeError(Exception):
    pass


class Namespace:
    """The parsed arguments, as attributes."""

    def __init__(self, **kwargs):
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __repr__(self):
        return 'Namespace(%s)' % ', '.join('%s=%r' % item for item in self.__dict__.items())

    def __eq__(self, other):
        if not isinstance(other, Namespace):
            return NotImplemented
        return vars(self) == vars(other)

    def __contains__(self, key):
        return key in self.__dict__


class Action:
    def __init__(self, option_strings, dest, nargs=None, const=None, default=None,
                 type=None, choices=None, required=False, help=None, metavar=None):
        self.option_strings = option_strings
        self.dest = dest
        self.nargs = nargs
        self.const = const
        self.default = default
        self.type = type
        self.choices = choices
        self.required = required
        self.help = help
        self.metavar = metavar

    def __call__(self, parser, namespace, values, option_string=None):
        raise NotImplementedError('.__call__() not defined')


class _Argument:
    def __init__(self, option_strings, dest, action='store', nargs=None, const=None,
                 default=None, type=None, choices=None, required=False, help=None,
                 metavar=None, version=None):
        self.option_strings = option_strings
        self.dest = dest
        self.action = action
        self.nargs = nargs
        self.const = const
        self.default = default
        self.type = type
        self.choices = choices
        self.required = required
        self.help = help
        self.metavar = metavar
        self.version = version

    def display(self):
        if self.option_strings:
            return '/'.join(self.option_strings)
        return self.metavar or self.dest

    def takes_value(self):
        return self.action in ('store', 'append') or (
            isinstance(self.action, type) and self.nargs != 0)


class _Group:
    def __init__(self, parser, title=None, description=None):
        self._parser = parser
        self.title = title
        self.description = description

    def add_argument(self, *args, **kwargs):
        return self._parser.add_argument(*args, **kwargs)

    def add_argument_group(self, *args, **kwargs):
        return _Group(self._parser, *args, **kwargs)

    def add_mutually_exclusive_group(self, **kwargs):
        return _Group(self._parser)

    def set_defaults(self, **kwargs):
        self._parser.set_defaults(**kwargs)


class FileType:
    def __init__(self, mode='r', bufsize=-1, encoding=None, errors=None):
        self._mode = mode

    def __call__(self, string):
        if string == '-':
            return _sys.stdin if 'r' in self._mode else _sys.stdout
        return open(string, self._mode)


class ArgumentParser(_Group):
    """Parses ``sys.argv[1:]`` (or a given list) into a ``Namespace``."""

    def __init__(self, prog=None, usage=None, description=None, epilog=None,
                 parents=(), formatter_class=HelpFormatter, prefix_chars='-',
                 fromfile_prefix_chars=None, argument_default=None,
                 conflict_handler='error', add_help=True, allow_abbrev=True,
                 exit_on_error=True):
        super().__init__(self)
        if prog is None:
            import os
            prog = os.path.basename(_sys.argv[0]) if _sys.argv and _sys.argv[0] else 'copperhead'
        self.prog = prog
        self.usage = usage
        self.description = description
        self.epilog = epilog
        self.exit_on_error = exit_on_error
        self._arguments = []
        self._defaults = {}
        if add_help:
            self.add_argument('-h', '--help', action='help',
                              help='show this help message and exit')
        for parent in parents:
            self._arguments.extend(a for a in parent._arguments if a.action != 'help')
            self._defaults.update(parent._defaults)

    def add_argument(self, *names, **kwargs):
        if names and names[0][:1] == '-':
            option_strings = list(names)
            dest = kwargs.pop('dest', None)
            if dest is None:
                long_names = [n for n in names if n.startswith('--')]
                dest = (long_names[0] if long_names else names[0]).lstrip('-').replace('-', '_')
        else:
            option_strings = []
            dest = names[0] if names else kwargs.pop('dest')
            kwargs.pop('dest', None)
        action = kwargs.pop('action', 'store')
        if action == 'store_true':
            kwargs.setdefault('default', False)
            action, kwargs['const'], kwargs['nargs'] = 'store_const', True, 0
        elif action == 'store_false':
            kwargs.setdefault('default', True)
            action, kwargs['const'], kwargs['nargs'] = 'store_const', False, 0
        elif action in ('store_const', 'append_const', 'count', 'help', 'version'):
            kwargs['nargs'] = 0
        elif isinstance(action, type):
            kwargs.setdefault('nargs', None)
        argument = _Argument(option_strings, dest, action, **kwargs)
        if not option_strings and argument.nargs in ('?', '*') and argument.default is None \
                and argument.nargs == '*':
            argument.default = []
        self._arguments.append(argument)
        return argument

    def set_defaults(self, **kwargs):
        self._defaults.update(kwargs)
        for argument in self._arguments:
            if argument.dest in kwargs:
                argument.default = kwargs[argument.dest]

    def get_default(self, dest):
        for argument in self._arguments:
            if argument.dest == dest:
                return argument.default
        return self._defaults.get(dest)

    def format_usage(self):
        parts = []
        for a in self._arguments:
            if a.option_strings:
                shown = a.option_strings[0]
                if a.nargs != 0:
                    shown += ' ' + (a.metavar or a.dest.upper())
                parts.append('[%s]' % shown)
        for a in self._arguments:
            if not a.option_strings:
                shown = a.metavar or a.dest
                if a.choices is not None and a.metavar is None:
                    shown = '{%s}' % ','.join(map(str, a.choices))
                if a.nargs == '?':
                    shown = '[%s]' % shown
                elif a.nargs == '*':
                    shown = '[%s ...]' % shown
                elif a.nargs == '+':
                    shown = '%s [%s ...]' % (shown, shown)
                parts.append(shown)
        return 'usage: %s %s\n' % (self.prog, ' '.join(parts)) if parts else 'usage: %s\n' % self.prog

    def format_help(self):
        text = self.format_usage()
        if self.description:
            text += '\n' + self.description + '\n'
        positionals = [a for a in self._arguments if not a.option_strings]
        if positionals:
            text += '\npositional arguments:\n'
            for a in positionals:
                text += '  %-22s%s\n' % (a.metavar or a.dest, a.help or '')
        text += '\noptions:\n'
        for a in self._arguments:
            if a.option_strings:
                text += '  %-22s%s\n' % (', '.join(a.option_strings), a.help or '')
        if self.epilog:
            text += '\n' + self.epilog + '\n'
        return text

    def print_usage(self, file=None):
        (file or _sys.stdout).write(self.format_usage())

    def print_help(self, file=None):
        (file or _sys.stdout).write(self.format_help())

    def exit(self, status=0, message=None):
        if message:
            _sys.stderr.write(message)
        raise SystemExit(status)

    def error(self, message):
        self.print_usage(_sys.stderr)
        self.exit(2, '%s: error: %s\n' % (self.prog, message))

    def _convert(self, argument, text):
        if argument.type is None:
            value = text
        else:
            try:
                value = argument.type(text)
            except (TypeError, ValueError):
                name = getattr(argument.type, '__name__', repr(argument.type))
                raise ArgumentError(argument.display(),
                                    'invalid %s value: %r' % (name, text))
        if argument.choices is not None and value not in argument.choices:
            choices = ', '.join(map(repr, argument.choices))
            raise ArgumentError(argument.display(),
                                'invalid choice: %r (choose from %s)' % (value, choices))
        return value

    def _store(self, namespace, argument, values, option):
        action = argument.action
        if action == 'help':
            self.print_help()
            self.exit()
        if action == 'version':
            print(argument.version)
            self.exit()
        if action == 'store_const':
            setattr(namespace, argument.dest, argument.const)
        elif action == 'append_const':
            current = list(getattr(namespace, argument.dest, None) or [])
            current.append(argument.const)
            setattr(namespace, argument.dest, current)
        elif action == 'count':
            setattr(namespace, argument.dest, (getattr(namespace, argument.dest, None) or 0) + 1)
        elif action == 'append':
            current = list(getattr(namespace, argument.dest, None) or [])
            current.append(values)
            setattr(namespace, argument.dest, current)
        elif action == 'extend':
            current = list(getattr(namespace, argument.dest, None) or [])
            current.extend(values)
            setattr(namespace, argument.dest, current)
        elif isinstance(action, type):
            instance = action(argument.option_strings, argument.dest, nargs=argument.nargs,
                              const=argument.const, default=argument.default,
                              type=argument.type, choices=argument.choices,
                              required=argument.required, help=argument.help,
                              metavar=argument.metavar)
            instance(self, namespace, values, option)
        else:
            setattr(namespace, argument.dest, values)

    def _count(self, argument):
        nargs = argument.nargs
        if argument.action in ('store_const', 'append_const', 'count', 'help', 'version'):
            return 0, 0
        if nargs is None:
            return 1, 1
        if nargs == '?':
            return 0, 1
        if nargs == '*' or nargs == '...':
            return 0, None
        if nargs == '+':
            return 1, None
        return nargs, nargs

    def _finish(self, argument, texts):
        values = [self._convert(argument, t) for t in texts]
        if argument.nargs is None:
            return values[0]
        if argument.nargs == '?':
            return values[0] if values else (argument.const if argument.option_strings
                                             else argument.default)
        return values

    def parse_known_args(self, args=None, namespace=None):
        if args is None:
            args = _sys.argv[1:]
        else:
            args = list(args)
        if namespace is None:
            namespace = Namespace()
        for argument in self._arguments:
            if argument.action in ('help', 'version'):
                continue
            if not hasattr(namespace, argument.dest):
                default = argument.default
                if isinstance(default, str) and argument.type is not None and argument.option_strings:
                    default = self._convert(argument, default)
                setattr(namespace, argument.dest, default)
        for dest, value in self._defaults.items():
            if not hasattr(namespace, dest):
                setattr(namespace, dest, value)
        options = {}
        for argument in self._arguments:
            for name in argument.option_strings:
                options[name] = argument
        positionals = [a for a in self._arguments if not a.option_strings]
        loose = []
        extras = []
        seen = set()
        i = 0
        while i < len(args):
            text = args[i]
            if text == '--':
                loose.extend(args[i + 1:])
                break
            if text.startswith('-') and len(text) > 1 and not _looks_negative(text, options):
                name, equals, attached = text.partition('=')
                argument = options.get(name)
                if argument is None and not equals and not text.startswith('--') and len(text) > 2:
                    argument = options.get(text[:2])
                    if argument is not None:
                        name, attached, equals = text[:2], text[2:], '='
                if argument is None:
                    matches = [o for o in options if o.startswith(name) and name.startswith('--')]
                    if len(matches) == 1:
                        argument = options[matches[0]]
                if argument is None:
                    extras.append(text)
                    i += 1
                    continue
                seen.add(argument)
                least, most = self._count(argument)
                texts = [attached] if equals else []
                i += 1
                while (most is None or len(texts) < most) and i < len(args) and not (
                        args[i].startswith('-') and len(args[i]) > 1
                        and not _looks_negative(args[i], options)):
                    if most is None or len(texts) < most:
                        texts.append(args[i])
                        i += 1
                if len(texts) < least:
                    self._fail(argument, _expected_text(argument))
                try:
                    value = self._finish(argument, texts) if argument.nargs != 0 else None
                except ArgumentError as error:
                    self.error(str(error))
                self._store(namespace, argument, value, name)
            else:
                loose.append(text)
                i += 1
        index = 0
        for argument in positionals:
            least, most = self._count(argument)
            available = len(loose) - index
            remaining_least = sum(self._count(a)[0] for a in positionals[positionals.index(argument) + 1:])
            take = available - remaining_least
            if most is not None:
                take = min(take, most)
            take = max(take, 0)
            if take < least:
                missing = [a.metavar or a.dest for a in positionals[positionals.index(argument):]
                           if self._count(a)[0] > 0]
                self.error('the following arguments are required: %s' % ', '.join(missing))
            texts = loose[index:index + take]
            index += take
            try:
                value = self._finish(argument, texts)
            except ArgumentError as error:
                self.error(str(error))
            self._store(namespace, argument, value, None)
        extras.extend(loose[index:])
        required = [a for a in self._arguments
                    if a.required and a.option_strings and a not in seen]
        if required:
            self.error('the following arguments are required: %s'
                       % ', '.join(a.display() for a in required))
        return namespace, extras

    def _fail(self, argument, message):
        self.error('argument %s: %s' % (argument.display(), message))

    def parse_args(self, args=None, namespace=None):
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:
            self.error('unrecognized arguments: %s' % ' '.join(extras))
        return namespace

    def parse_intermixed_args(self, args=None, namespace=None):
        return self.parse_args(args, namespace)

    def add_subparsers(self, **kwargs):
        raise NotImplementedError('argparse subparsers are not supported yet')


def _looks_negative(text, options):
    if not text[1:2].isdigit() and not text[1:2] == '.':
        return False
    return not any(o[1:2].isdigit() for o in options)


def _expected_text(argument):
    nargs = argument.nargs
    if nargs is None:
        return 'expected one argument'
    if nargs == '+':
        return 'expected at least one argument'
    if isinstance(nargs, int):
        return 'expected %d argument%s' % (nargs, '' if nargs == 1 else 's')
    return 'expected an argument'
