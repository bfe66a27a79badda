"""The numpy backprop core: feed-forward networks in Nielsen's notation
(column vectors, examples as the columns of one (n_l, m) matrix, float64).

Modules, each readable in one sitting:

- :mod:`.activations` -- σ next to σ' (and the softmax Jacobian);
- :mod:`.costs` -- C_x next to ∇_a C_x; L2/L1 regularisation;
- :mod:`.network` -- ``Network``, ``forward``, ``cost``, ``backprop`` (BP1-BP4
  in matrix form), the per-example loop, ``sgd_step``;
- :mod:`.random_nets` -- seeded random networks, alone or stacked;
- :mod:`.axis_differences` -- the 2P perturbed networks of a full gradient
  check as extra batch columns of one forward pass;
- :mod:`.gradcheck` -- finite differences and gradient checks.

Python list index 0 is book layer 2 throughout (the input layer has no
weights). This package never imports SymPy.
"""

from .activations import (ACTIVATIONS, Activation, linear, linear_prime, relu, relu_prime,
                          sigmoid, sigmoid_prime, softmax, softmax_jacobian, softmax_prime,
                          tanh, tanh_prime)
from .costs import COSTS, REGULARISERS, VALUE_FROM_Z, Cost, Regulariser, softplus
from .gradcheck import (GradCheck, finite_difference_gradients, flatten, gradient_check,
                        random_direction_check, rel_error, unflatten)
from .network import (SHORTCUTS, Gradients, Network, backprop, cost, forward, output_delta,
                      parameter_count, per_example_backprop, sgd_step)
from .random_nets import (DEFINED_FOR_COST, HIDDEN, OUTPUTS_FOR_COST, StackedNetworks,
                          backprop_stacked, cost_stacked, forward_stacked, random_network,
                          random_targets, stack, stacked_networks)

__all__ = [
    "ACTIVATIONS", "Activation", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu",
    "relu_prime", "linear", "linear_prime", "softmax", "softmax_prime", "softmax_jacobian",
    "COSTS", "Cost", "REGULARISERS", "Regulariser", "VALUE_FROM_Z", "softplus",
    "Network", "Gradients", "forward", "cost", "backprop", "per_example_backprop", "sgd_step",
    "output_delta", "parameter_count", "SHORTCUTS",
    "random_network", "random_targets", "stacked_networks", "stack", "StackedNetworks",
    "forward_stacked", "cost_stacked", "backprop_stacked",
    "HIDDEN", "OUTPUTS_FOR_COST", "DEFINED_FOR_COST",
    "finite_difference_gradients", "gradient_check", "random_direction_check", "GradCheck",
    "rel_error", "flatten", "unflatten",
]
