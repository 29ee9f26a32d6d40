# TypeError: calling an instance of a class without __call__.
class Config:
    def __init__(self, **opts):
        self.opts = opts

    def get(self, k):
        return self.opts[k]


c = Config(debug=True)
print(c.get('debug'))
print(c('debug'))
