# unsupported: from import
from sys import getsizeof
print(getsizeof(1))
