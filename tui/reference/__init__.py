"""reference data"""
