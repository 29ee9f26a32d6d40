# __exit__ raising: on the normal exit (caught), and while it handles the
# body's exception, which becomes the new one's context (the traceback shows both).
class Transaction:
    def __init__(self, name):
        self.name = name
        self.log = []

    def __enter__(self):
        self.log.append("begin")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.log.append("commit")
            if self.name == "strict":
                raise RuntimeError("commit refused")
            return False
        self.log.append("rollback " + exc_type.__name__)
        raise RuntimeError("rollback of " + self.name + " failed: " + str(exc))


t = Transaction("ok")
with t:
    t.log.append("work")
print(t.log)

t = Transaction("strict")
try:
    with t:
        t.log.append("work")
except RuntimeError as e:
    print("caught", e, t.log)

t = Transaction("inner")
try:
    with t:
        raise ValueError("bad row")
except RuntimeError as e:
    print("caught", e, t.log)


def transfer(amount):
    with Transaction("transfer") as tx:
        tx.log.append("debit")
        if amount > 10:
            raise ValueError("amount too large: " + str(amount))
        tx.log.append("credit")
    return tx.log


print(transfer(5))
print(transfer(50))
