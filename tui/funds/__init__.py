"""Screen 9: funds (资金保障)."""
