"""Contract examples for execmath.roadmap."""

from contract import call, constant, returned_by
from execmath import roadmap as rm

SMALL = rm.make_graph([1, 2, 3, 4], [[1, 2], [2, 3], [1, 4]], [1, 1, 2, 2])

EXAMPLES = {
    "CHAPTERS": constant("the book's 26 chapters"),
    "EDGES": constant("the book's dependency edges"),
    "PARTS": constant("the book's part titles"),
    "PART_TAGS": constant("short part headings"),
    "Chapter": returned_by("chapter_info"),
    "chapter_info": call(6),
    "Graph": returned_by("make_graph"),
    "book_graph": call(),
    "depths": call(SMALL),
    "layout": call(SMALL),
    "longest_chain": call(SMALL),
    "make_graph": call([1, 2, 3, 4], [[1, 2], [2, 3], [1, 4]],
                       [1, 1, 2, 2]),
    "order_violations": call(SMALL, [1, 3, 2, 4]),
    "prerequisites": call(SMALL, 3),
    "reading_order": call(SMALL, [3, 4]),
    "topological_order": call(SMALL),
}
