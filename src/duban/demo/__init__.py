"""Demo data for `duban demo`: the cases of the reference report and a province's year.

Everything is created through services, so the demo's ledger is a real, verifiable chain.

The entry point is load.load_demo. This file imports none of the modules beside it: they
import one another, and a package that imported them would take part in their loops.
"""
