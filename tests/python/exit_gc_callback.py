# gc.callbacks at the interpreter's exit: the first collection of the exit
# (PyGC_Collect) calls them, finalize_modules' collections do not; the
# callback's function holds the module's globals, so the objects they hold
# stay alive and their __del__ never runs.
import gc


class Noisy:
    def __del__(self):
        print("never printed")


def report(phase, info):
    print("callback", phase, info["generation"], info["collected"])


keep = Noisy()
gc.callbacks.append(report)
print("end")
