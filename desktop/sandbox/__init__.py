"""OS-enforced walls around Cloister's processes: no core dumps, and the worker's cages."""
