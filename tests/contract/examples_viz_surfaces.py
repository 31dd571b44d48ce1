"""Contract examples for execmath.viz.surfaces."""

from contract import call
from execmath import surfaces

G = surfaces.evaluate_on_grid(lambda x, y: x**2 - y**2, n=9)

EXAMPLES = {
    "plot_contours": call(G.X, G.Y, G.Z, levels=5, filled=True,
                          cmap="viridis"),
    "plot_surface3d": call(G.X, G.Y, G.Z, cmap="viridis", zlabel="z",
                           elev=30.0, azim=-60.0),
}
