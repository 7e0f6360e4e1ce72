"""Screen 8: donations (捐赠): offers, vetting, receipts, publication and certificates."""
