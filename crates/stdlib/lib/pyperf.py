"""A small ``pyperf``: enough of its ``Runner`` to run pyperformance's
``bm_*/run_benchmark.py`` files unmodified.

Unlike the real pyperf it measures in one process: it calibrates the
number of loops until one value takes at least ``--min-time`` seconds,
runs ``--warmups`` values that are discarded, then ``--values`` values,
and prints the mean and standard deviation per loop. ``-o FILE`` writes
the values as JSON (what ``cargo xtask pyperformance`` reads). The same
file runs under CPython, so both interpreters are measured alike.
"""

import sys
import time

__all__ = ['Runner', 'perf_counter', 'python_implementation', 'python_has_jit']

perf_counter = time.perf_counter
VERSION = (2, 6, 0)
__version__ = '2.6.0'


def python_implementation():
    return sys.implementation.name.lower()


def python_has_jit():
    return python_implementation() == 'pypy'


def _format_seconds(seconds):
    for unit, scale in (('sec', 1.0), ('ms', 1e-3), ('us', 1e-6), ('ns', 1e-9)):
        if seconds >= scale or unit == 'ns':
            value = seconds / scale
            return ('%.2f %s' if value < 100 else '%.1f %s') % (value, unit)


class Runner:
    """Runs benchmark functions and reports their time per loop."""

    _created = False

    def __init__(self, values=None, processes=None, loops=0, min_time=0.1,
                 metadata=None, show_name=True, program_args=None,
                 add_cmdline_args=None, _argparser=None, warmups=None):
        import argparse
        self.metadata = dict(metadata or {})
        self._add_cmdline_args = add_cmdline_args
        self._show_name = show_name
        self._parsed = None
        self._benchmarks = []
        parser = _argparser or argparse.ArgumentParser(description='Benchmark')
        parser.add_argument('--values', '-n', type=int, default=values or 3,
                            help='number of values to measure')
        parser.add_argument('--warmups', '-w', type=int, default=1 if warmups is None else warmups,
                            help='number of warmup values')
        parser.add_argument('--loops', '-l', type=int, default=loops,
                            help='loops per value (0: calibrate)')
        parser.add_argument('--min-time', type=float, default=min_time,
                            help='minimum seconds per value when calibrating')
        parser.add_argument('--processes', '-p', type=int, default=processes,
                            help='ignored: values are measured in one process')
        parser.add_argument('--quiet', '-q', action='store_true', help='print less')
        parser.add_argument('--verbose', '-v', action='store_true', help='print more')
        parser.add_argument('--output', '-o', default=None, help='write the values as JSON')
        parser.add_argument('--append', default=None, help='append the values as JSON')
        parser.add_argument('--fast', action='store_true', help='fewer values')
        parser.add_argument('--rigorous', action='store_true', help='more values')
        parser.add_argument('--debug-single-value', action='store_true',
                            help='one value, one loop')
        parser.add_argument('--inherit-environ', default=None, help='ignored')
        parser.add_argument('--worker', action='store_true', help='ignored')
        self.argparser = parser

    def parse_args(self, args=None):
        if self._parsed is None:
            self._parsed = self.argparser.parse_args(args)
            options = self._parsed
            if options.fast:
                options.values = max(1, options.values // 2)
            if options.rigorous:
                options.values *= 2
            if options.debug_single_value:
                options.values, options.warmups, options.loops = 1, 0, 1
        return self._parsed

    @property
    def args(self):
        return self.parse_args()

    def _measure(self, name, run_loops, inner_loops):
        options = self.parse_args()
        loops = options.loops
        if loops <= 0:
            loops = 1
            while True:
                elapsed = run_loops(loops)
                if elapsed >= options.min_time or loops >= 2 ** 30:
                    break
                loops *= 2
        for _ in range(options.warmups):
            run_loops(loops)
        values = []
        for _ in range(options.values):
            values.append(run_loops(loops) / (loops * (inner_loops or 1)))
        self._report(name, values, loops)
        return values

    def _report(self, name, values, loops):
        options = self.parse_args()
        mean = sum(values) / len(values)
        if len(values) > 1:
            variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
            deviation = variance ** 0.5
        else:
            deviation = 0.0
        if not options.quiet:
            prefix = name + ': ' if self._show_name else ''
            print('%sMean +- std dev: %s +- %s' % (prefix, _format_seconds(mean),
                                                  _format_seconds(deviation)))
        record = {'name': name, 'values': values, 'loops': loops,
                  'metadata': {k: str(v) for k, v in self.metadata.items()}}
        self._benchmarks.append(record)
        path = options.output or options.append
        if path:
            import json
            with open(path, 'w') as f:
                f.write(json.dumps({'benchmarks': self._benchmarks,
                                    'implementation': python_implementation()}))

    def bench_time_func(self, name, time_func, *args, inner_loops=None, metadata=None):
        """Benchmarks ``time_func(loops, *args)``, which returns the seconds
        its ``loops`` iterations took."""
        return self._measure(name, lambda loops: time_func(loops, *args), inner_loops)

    def bench_func(self, name, func, *args, inner_loops=None, metadata=None):
        """Benchmarks calls of ``func(*args)``."""
        def run_loops(loops):
            start = perf_counter()
            for _ in range(loops):
                func(*args)
            return perf_counter() - start
        return self._measure(name, run_loops, inner_loops)

    def bench_async_func(self, name, func, *args, **kwargs):
        raise NotImplementedError('pyperf.Runner.bench_async_func needs asyncio, '
                                  'which is not supported yet')

    def bench_command(self, name, command):
        raise NotImplementedError('pyperf.Runner.bench_command (running a subprocess) '
                                  'is not supported yet')

    def timeit(self, name, stmt=None, setup='pass', teardown='pass', inner_loops=None,
               duplicate=None, metadata=None, globals=None):
        raise NotImplementedError('pyperf.Runner.timeit needs exec(), '
                                  'which is not supported yet')
