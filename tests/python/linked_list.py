# A singly linked list of class instances: push, reverse, remove, walk;
# many small objects allocated and freed.
class Node:
    def __init__(self, value, next_node=None):
        self.value = value
        self.next = next_node

class LinkedList:
    def __init__(self):
        self.head = None
        self.length = 0
    def push(self, value):
        self.head = Node(value, self.head)
        self.length += 1
    def to_list(self):
        out = []
        node = self.head
        while node is not None:
            out.append(node.value)
            node = node.next
        return out
    def reverse(self):
        prev = None
        node = self.head
        while node is not None:
            nxt = node.next
            node.next = prev
            prev = node
            node = nxt
        self.head = prev
    def remove_if(self, pred):
        removed = 0
        while self.head is not None and pred(self.head.value):
            self.head = self.head.next
            removed += 1
        node = self.head
        while node is not None and node.next is not None:
            if pred(node.next.value):
                node.next = node.next.next
                removed += 1
            else:
                node = node.next
        self.length -= removed
        return removed

ll = LinkedList()
for i in range(20):
    ll.push(i * i)
print(ll.length, ll.to_list())
ll.reverse()
print(ll.to_list())
print(ll.remove_if(lambda v: v % 2 == 1), ll.length, ll.to_list())
big = LinkedList()
for i in range(5000):
    big.push(str(i))
print(big.length, big.head.value, big.to_list()[-3:])
print(big.remove_if(lambda s: s.endswith("7")), big.length)
big.reverse()
print(big.to_list()[:5])
big = None
print(ll.head.value, ll.head.next.value, vars(ll.head.next.next.next)["value"])
