"""Link checks: whether each registered address still works, and history."""
