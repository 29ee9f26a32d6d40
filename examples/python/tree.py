# A class-based binary search tree, built and walked.
#
# Look for, in `memsim py tree.py --report`:
#   - Node(key) (lines 26, 33, 39): one instance (object header) plus its
#     inline values array per node; a method call binds self, no allocation;
#   - the recursive walks (lines 48, 56): frames are pushed and popped, lists
#     grow; nothing is freed until the tree is dropped (line 65), when each
#     node's refcount falls to 0 in turn, top down.
import sys


class Node:
    def __init__(self, key):
        self.key = key
        self.left = None
        self.right = None


class Tree:
    def __init__(self):
        self.root = None
        self.size = 0

    def insert(self, key):
        if self.root is None:
            self.root = Node(key)
            self.size += 1
            return
        node = self.root
        while True:
            if key < node.key:
                if node.left is None:
                    node.left = Node(key)
                    self.size += 1
                    return
                node = node.left
            elif key > node.key:
                if node.right is None:
                    node.right = Node(key)
                    self.size += 1
                    return
                node = node.right
            else:
                return

    def inorder(self, node, out):
        if node is not None:
            self.inorder(node.left, out)
            out.append(node.key)
            self.inorder(node.right, out)
        return out

    def height(self, node):
        if node is None:
            return 0
        return 1 + max(self.height(node.left), self.height(node.right))


t = Tree()
for i in range(2000):
    t.insert((i * 7919) % 2003)
keys = t.inorder(t.root, [])
print(t.size, len(keys), keys[:10], keys[-3:], t.height(t.root))
print(keys == sorted(keys), sys.getsizeof(t.root), sorted(vars(t.root)))
t = None
print("dropped")
