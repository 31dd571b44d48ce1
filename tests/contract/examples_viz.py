"""Contract examples for the execmath.viz package namespace."""

from contract import constant

EXAMPLES = {
    "PALETTE": constant("the Okabe-Ito colours, re-exported from style"),
}
