# A list of a million floats, then del.
#
# Look for, in `memsim py million_floats.py --report`:
#   - line 11: one million 24-byte float objects, each a 32-byte pymalloc
#     block: about 32 MB in blocks of 16 KiB pools inside 1 MiB arenas, plus
#     the 8 MB pointer array of the list (one large malloc);
#   - line 15 (del): a million deallocations; 100 floats stay on the float
#     free list, the rest go back to their pools and whole arenas are released.
import sys

floats = [i * 0.5 for i in range(1000000)]
print(len(floats), floats[0], floats[1], floats[-1])
print(sys.getsizeof(floats), sys.getsizeof(floats[12345]))
print(sum(floats))
del floats
print("deleted")
