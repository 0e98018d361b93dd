import logging, io
logging.warning("root %s", "warning")
log = logging.getLogger("app.sub")
stream = io.StringIO()
handler = logging.StreamHandler(stream)
handler.setFormatter(logging.Formatter("%(levelname)s|%(name)s|%(message)s"))
log.addHandler(handler)
log.setLevel(logging.DEBUG)
log.debug("x=%d", 5); log.info("info"); log.warning("warn %s", [1]); log.error("err")
log.log(25, "custom")
print(stream.getvalue(), end="")
print(log.getEffectiveLevel(), logging.getLogger("app").getEffectiveLevel(), logging.getLevelName(30), logging.getLevelName("INFO"))
print(log.isEnabledFor(logging.DEBUG), logging.getLogger("app.sub") is log, log.parent.name, log)
f2 = logging.Formatter("{levelname}:{message}", style="{")
h2 = logging.StreamHandler(io.StringIO()); h2.setFormatter(f2); other = logging.getLogger("other"); other.addHandler(h2); other.propagate = False
other.warning("braces"); print(h2.stream.getvalue(), end="")
try:
print(stream.getvalue().splitlines()[-1])
