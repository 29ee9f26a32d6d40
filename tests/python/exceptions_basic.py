# try/except/else/finally, raise and assert: which handler runs, what the
# exception holds, and the order finally blocks run in.
import sys


def divide(a, b):
    try:
        q = a // b
    except ZeroDivisionError as e:
        print("caught", type(e).__name__, e, e.args)
        return None
    else:
        print("no error", q)
        return q
    finally:
        print("finally for", a, b)


print(divide(7, 2))
print(divide(7, 0))

# exceptions the interpreter raises, caught by class, by base class and by tuple
gone = 1
del gone
cases = [
    lambda: {}["missing"],
    lambda: [1, 2, 3][10],
    lambda: int("forty"),
    lambda: 1 + "x",
    lambda: gone,
    lambda: getattr(5, "nope"),
    lambda: 10 % 0,
    lambda: 2.0 / 0,
]
for i, f in enumerate(cases):
    try:
        f()
    except (KeyError, IndexError) as e:
        print(i, "lookup", type(e).__name__, repr(e), str(e), e.args)
    except ArithmeticError as e:
        print(i, "arithmetic", type(e).__name__, e)
    except Exception as e:
        print(i, "other", type(e).__name__, e)

# the name bound by `as` is gone after the handler
try:
    raise ValueError("gone")
except ValueError as err:
    print("in handler:", err)
try:
    print(err)
except NameError as e:
    print("after handler:", e)

# raise forms
def check(x):
    if x < 0:
        raise ValueError("negative: " + str(x))
    if x == 0:
        raise ZeroDivisionError
    return x * 2


for x in (3, -1, 0):
    try:
        print("check", x, check(x))
    except ValueError as e:
        print("value error", e.args)
    except ZeroDivisionError as e:
        print("zero", repr(e), e.args, str(e) == "")

# re-raising: bare raise in a handler, caught further out
def inner():
    try:
        [][0]
    except IndexError:
        print("inner saw it")
        raise


def outer():
    try:
        inner()
    except LookupError as e:
        print("outer caught", type(e).__name__, e)
        return "handled"


print(outer())

# nested try, finally order, exception in else
log = []
try:
    try:
        log.append("body")
        raise KeyError("k")
    except KeyError:
        log.append("handler")
        raise TypeError("from handler")
    finally:
        log.append("inner finally")
except TypeError as e:
    log.append("outer " + str(e))
finally:
    log.append("outer finally")
print(log)

try:
    pass
except Exception:
    print("not run")
else:
    print("else runs")

# return, break and continue through finally
def through_finally(n):
    out = []
    for i in range(n):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append("f" + str(i))
    return out


print(through_finally(6))


def return_in_try():
    try:
        return "try"
    finally:
        print("finally before return")


print(return_in_try())


def return_in_finally():
    try:
        raise ValueError("swallowed")
    finally:
        return "finally wins"


print(return_in_finally())

# assert
def positive(x):
    assert x > 0, "x must be positive"
    assert x != 5
    return x


for x in (1, -2, 5):
    try:
        print("positive", positive(x))
    except AssertionError as e:
        print("assertion", repr(e), e.args)

# a bare except catches everything but memsim's own refusals
try:
    {}[1]
except:
    print("bare except")

# exceptions are objects: kept, compared, counted
errors = []
for key in ("a", "b", "c"):
    try:
        {}[key]
    except KeyError as e:
        errors.append(e)
print(errors, [e.args[0] for e in errors])
print(sys.getrefcount(errors[0]))
print(sys.getsizeof(errors[0]), sys.getsizeof(ValueError()), sys.getsizeof(ValueError("x", "y")))

# raise ... from
try:
    try:
        {}["x"]
    except KeyError as e:
        raise ValueError("bad key") from e
except ValueError as e:
    print("cause", repr(e.args))

# an exception class that is not one
try:
    try:
        raise 42
    except TypeError as e:
        print("raise 42:", e)
        raise
except TypeError as e:
    print("re-raised:", e)
try:
    raise
except RuntimeError as e:
    print(e)
try:
    try:
        pass
    except 42:
        pass
    [][1]
except TypeError as e:
    print(e)
except IndexError as e:
    print("index", e)
try:
    try:
        [][1]
    except int:
        pass
except TypeError as e:
    print(e)
