"""Streams: ``open`` (text files), ``StringIO``; ``BytesIO`` needs bytes,
which Copperhead does not support yet."""

from _io import open, TextIOWrapper

__all__ = ["open", "StringIO", "TextIOWrapper", "IOBase", "TextIOBase",
           "UnsupportedOperation", "SEEK_SET", "SEEK_CUR", "SEEK_END",
           "DEFAULT_BUFFER_SIZE"]

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2
DEFAULT_BUFFER_SIZE = 8192


class UnsupportedOperation(OSError, ValueError):
    pass


class IOBase:
    pass


class TextIOBase(IOBase):
    pass


class StringIO(TextIOBase):
    """A text stream in memory."""

    def __init__(self, initial_value='', newline='\n'):
        if initial_value is None:
            initial_value = ''
        if not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not %s"
                            % type(initial_value).__name__)
        # The value is ``_text`` followed by ``_chunks`` (appended writes,
        # joined only when read), ``_length`` characters in all.
        self._chunks = [initial_value] if initial_value else []
        # How many of the last chunks are single writes not joined yet.
        self._tail = 0
        self._text = None
        self._length = len(initial_value)
        self._position = 0
        self._closed = False

    def _value(self):
        if self._text is None or self._chunks:
            text = (self._text or '') + ''.join(self._chunks)
            self._chunks = []
            self._tail = 0
            self._text = text
        return self._text

    def _check(self):
        if self._closed:
            raise ValueError("I/O operation on closed file.")

    @property
    def closed(self):
        return self._closed

    def getvalue(self):
        self._check()
        return self._value()

    def write(self, s):
        self._check()
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '%s'" % type(s).__name__)
        if self._position == self._length:
            # Appending: keep chunks, join lazily. Every 256 small writes
            # become one string, so a log kept in memory costs about its
            # text, not an object per line.
            chunks = self._chunks
            chunks.append(s)
            self._length += len(s)
            self._tail += 1
            if self._tail == 256:
                chunks[-256:] = [''.join(chunks[-256:])]
                self._tail = 0
        else:
            text = self._value()
            if self._position > len(text):
                text += '\0' * (self._position - len(text))
            text = text[:self._position] + s + text[self._position + len(s):]
            self._text = text
            self._chunks = []
            self._tail = 0
            self._length = len(text)
        self._position += len(s)
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def read(self, size=-1):
        self._check()
        text = self._value()
        if size is None or size < 0:
            result = text[self._position:]
        else:
            result = text[self._position:self._position + size]
        self._position += len(result)
        return result

    def readline(self, size=-1):
        self._check()
        text = self._value()
        end = text.find('\n', self._position)
        end = len(text) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._position + size)
        result = text[self._position:end]
        self._position = end
        return result

    def readlines(self, hint=-1):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            if pos < 0:
                raise ValueError("Negative seek position %d" % pos)
            self._position = pos
        elif whence == 1:
            if pos != 0:
                raise OSError("Can't do nonzero cur-relative seeks")
        elif whence == 2:
            if pos != 0:
                raise OSError("Can't do nonzero end-relative seeks")
            self._position = self._length
        else:
            raise ValueError("Invalid whence (%d, should be 0, 1 or 2)" % whence)
        return self._position

    def tell(self):
        self._check()
        return self._position

    def truncate(self, size=None):
        self._check()
        if size is None:
            size = self._position
        self._text = self._value()[:size]
        self._length = len(self._text)
        return size

    def close(self):
        self._closed = True

    def flush(self):
        pass

    def readable(self):
        return True

    def writable(self):
        return True

    def seekable(self):
        return True

    def isatty(self):
        return False

    def __enter__(self):
        self._check()
        return self

    def __exit__(self, *args):
        self.close()


class BytesIO:
    def __init__(self, *args, **kwargs):
        raise NotImplementedError("io.BytesIO needs bytes, which are not supported yet")
