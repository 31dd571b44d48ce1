"""Contract examples for execmath.tensors."""

import numpy as np

from contract import call, returned_by

RNG = np.random.default_rng(0)
A3 = RNG.standard_normal((2, 2, 3))
B3 = RNG.standard_normal((2, 3, 2))

EXAMPLES = {
    "MatmulTimingStudy": returned_by("matmul_timing_study"),
    "TimingRecord": returned_by("time_callable"),
    "batched_matmul": call(A3, B3),
    "batched_matmul_loop": call(A3, B3),
    "batched_matmul_per_batch": call(A3, B3),
    "broadcast_add": call([[1.0], [2.0]], [10.0, 20.0, 30.0]),
    "broadcast_shape": call((2, 1), (3,), 1),
    "byte_offset": call((1, 2), (24, 8)),
    "c_strides": call((2, 3), 4),
    "matmul_timing_study": call([1, 2], 2, 2, 2, rng=np.random.default_rng(0),
                                repeat=1),
    "outer_sum": call([1.0, 2.0], [10.0, 20.0, 30.0]),
    "pairwise_sq_distances": call([[0.0, 0.0], [1.0, 1.0]],
                                  [[1.0, 0.0], [2.0, 2.0], [0.0, 3.0]],
                                  clip=True),
    "pairwise_sq_distances_direct": call([[0.0, 0.0], [1.0, 1.0]],
                                         [[1.0, 0.0], [2.0, 2.0]]),
    "standardize": call([[1.0, 2.0], [3.0, 5.0], [4.0, 9.0]], axis=0),
    "stretch": call([[1.0], [2.0]], (2, 3),
                    _nonfinite="documented: values are copied as they are"),
    "time_callable": call(lambda: sum(range(10)), repeat=2, number=3),
}

EXAMPLES["matmul_kernel_timing_study"] = call(
    [1, 2], 2, 2, 2, rng=np.random.default_rng(0), repeat=1)
