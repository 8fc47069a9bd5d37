"""Document numbers: a bijective scramble of organisation ids.

The index stores documents in docno order. Because the scramble spreads consecutive ids evenly over the
whole range, the first K matches in docno order are a fair sample of all matches, whatever the order in
which organisations were created or imported (a DENUE file sorted by municipality, say). The sampled
totals and facet counts of very broad queries rely on this; see queries.py.
"""

BITS = 62
MASK = (1 << BITS) - 1
_A = 0x2545F4914F6CDD1D & MASK | 1
_B = 0x1D8E4E27C47D124F & MASK | 1
_A_INV = pow(_A, -1, 1 << BITS)
_B_INV = pow(_B, -1, 1 << BITS)
_SHIFT = 29
SPACE = 1 << BITS  # docnos are in [0, SPACE)


def docno(org_id: int) -> int:
    x = (org_id * _A) & MASK
    x ^= x >> _SHIFT
    return (x * _B) & MASK


def org_id(number: int) -> int:
    x = (number * _B_INV) & MASK
    x ^= (x >> _SHIFT) ^ (x >> (2 * _SHIFT))
    return (x * _A_INV) & MASK
