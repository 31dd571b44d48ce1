"""execmath: the executable mathematics behind the book.

Topic modules (not chapter modules) hold pure computations that return
arrays or small result records; ``execmath.viz`` mirrors them with plotting
functions. Compute modules never import matplotlib.
"""

__version__ = "0.1.0"
