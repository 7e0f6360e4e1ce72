"""Screen 7: procurement and transport (采购、运输)."""
