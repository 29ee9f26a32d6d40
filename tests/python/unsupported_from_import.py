# unsupported: import from os
from math import sqrt
from os import sep
print(sqrt(16.0), sep)
