"""enterprises"""
