"""Time: clocks (``time``, ``perf_counter``, ``monotonic``,
``process_time``), ``sleep``, and calendar conversions (``localtime``,
``gmtime``, ``mktime``, ``strftime``, ``asctime``, ``ctime``) with
``struct_time``."""

from _time import (time, time_ns, perf_counter, perf_counter_ns, monotonic,
                   monotonic_ns, process_time, process_time_ns, thread_time,
                   thread_time_ns, sleep)
import _time

__all__ = ['time', 'time_ns', 'perf_counter', 'perf_counter_ns', 'monotonic',
           'monotonic_ns', 'process_time', 'process_time_ns', 'thread_time',
           'thread_time_ns', 'sleep', 'localtime', 'gmtime', 'mktime',
           'strftime', 'asctime', 'ctime', 'struct_time', 'timezone',
           'altzone', 'daylight', 'tzname']

_FIELDS = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec',
           'tm_wday', 'tm_yday', 'tm_isdst')


class struct_time(tuple):
    """The time as (year, month, day, hour, minute, second, weekday,
    yearday, dst), with ``tm_zone`` and ``tm_gmtoff`` as attributes."""

    n_fields = 11
    n_sequence_fields = 9
    n_unnamed_fields = 0

    def __new__(cls, values):
        values = tuple(values)
        if not 9 <= len(values) <= 11:
            raise TypeError('time.struct_time() takes a 9-sequence (%d-sequence given)'
                            % len(values))
        self = tuple.__new__(cls, values[:9])
        self._zone = values[9] if len(values) > 9 else None
        self._gmtoff = values[10] if len(values) > 10 else None
        return self

    tm_year = property(lambda self: self[0])
    tm_mon = property(lambda self: self[1])
    tm_mday = property(lambda self: self[2])
    tm_hour = property(lambda self: self[3])
    tm_min = property(lambda self: self[4])
    tm_sec = property(lambda self: self[5])
    tm_wday = property(lambda self: self[6])
    tm_yday = property(lambda self: self[7])
    tm_isdst = property(lambda self: self[8])
    tm_zone = property(lambda self: self._zone)
    tm_gmtoff = property(lambda self: self._gmtoff)

    def __repr__(self):
        return 'time.struct_time(%s)' % ', '.join(
            '%s=%r' % (name, value) for name, value in zip(_FIELDS, self))

    def __reduce__(self):
        return (struct_time, (tuple(self) + (self._zone, self._gmtoff),))


def _full(t):
    if isinstance(t, struct_time):
        return tuple(t) + (t._zone or '', t._gmtoff or 0)
    return tuple(t)


def localtime(secs=None):
    return struct_time(_time.localtime(secs))


def gmtime(secs=None):
    return struct_time(_time.gmtime(secs))


def mktime(t):
    return _time.mktime(tuple(t))


def strftime(format, t=None):
    if t is None:
        t = localtime()
    elif len(t) != 9 and not isinstance(t, struct_time):
        raise TypeError('function takes exactly 9 arguments (%d given)' % len(t))
    return _time.strftime(format, _full(t))


_DAYS = ('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')
_MONTHS = ('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep',
           'Oct', 'Nov', 'Dec')


def asctime(t=None):
    if t is None:
        t = localtime()
    return '%s %s %2d %02d:%02d:%02d %d' % (_DAYS[t[6]], _MONTHS[t[1] - 1], t[2],
                                            t[3], t[4], t[5], t[0])


def ctime(secs=None):
    return asctime(localtime(secs))


timezone, altzone, daylight, tzname = _time.timezone_info()
