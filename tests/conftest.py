"""Settings shared by every test."""

import torch

# The networks under test are tiny: one thread is as fast as several, and several threads
# spin-waiting on a busy machine slow a test down many times over.
torch.set_num_threads(1)
