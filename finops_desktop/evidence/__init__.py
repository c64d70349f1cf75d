"""Evidence from the client's billing data: FOCUS exports read, aggregated and matched to business units.

The raw rows stay where they are; what the app keeps is the output of one aggregation query
(:mod:`.query`) — sums per data value, billing period and day — and where it came from.
DuckDB reads the files and sqlglot writes the query for a warehouse; both are imported only
inside the functions that use them.
"""
