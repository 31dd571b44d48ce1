"""Contract examples for execmath.viz.style."""

from contract import call, constant

EXAMPLES = {
    "PALETTE": constant("the Okabe-Ito colours"),
    "STYLE_PATH": constant("the path of book.mplstyle"),
    "book_style": call(),
    "use_book_style": call(),
}
