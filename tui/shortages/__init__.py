"""shortages"""
