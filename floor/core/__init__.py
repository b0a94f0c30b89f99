"""The pure floor core: catalog, tickets, counters, commands, events and state.

Nothing here does I/O. The clock is passed in; state is a fold of events.
"""
