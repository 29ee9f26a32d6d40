# An exception class of the script escapes: its name and str() end the traceback.
class ConfigError(Exception):
    def __init__(self, key):
        self.key = key

    def __str__(self):
        return "missing key " + repr(self.key)


def load(config, key):
    if key not in config:
        raise ConfigError(key)
    return config[key]


print(load({"a": 1}, "a"))
print(load({"a": 1}, "b"))
