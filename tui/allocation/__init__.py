"""Screen 6: allocation (调拨): requests, allocation orders, deliveries waiting for a signature."""
