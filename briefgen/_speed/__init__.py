"""Private: the fast reader, the cache, digests, the build manifest and the worker pools.

Nothing outside loading, the check runner and the build orchestrator imports from here.
"""
