# del of a class attribute that is not there: AttributeError naming the type
# object, without the "Did you mean" a read would suggest.
class Config:
    verbose = True
del Config.verbose
del Config.verbose
