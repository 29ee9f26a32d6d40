# unsupported: import of json
import sys
import math
import json
print(math.sqrt(16.0), sys.getsizeof(1), json.dumps(1))
