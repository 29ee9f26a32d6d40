# An exception raised while another is handled: the traceback shows both (the last line is the new one's).
def parse(s):
    try:
        return int(s)
    except ValueError:
        raise RuntimeError("cannot parse " + repr(s))


print(parse("12"))
print(parse("x"))
