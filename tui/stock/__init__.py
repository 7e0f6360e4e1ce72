"""Screen 5: stock per warehouse and item, the stock card, receipts; and ``supplydesk stock``."""
