"""OS-enforced walls around Cloister's processes (no Qt): no core dumps, the worker's cages, the
network closed by seccomp."""
