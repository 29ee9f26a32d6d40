# unsupported: import of math
import sys
import math
print(math.sqrt(16.0), sys.getsizeof(1))
