"""How a fact is worded for a reader: shared by answers and briefs, so a claim reads the same in
both. It sits below them (it knows the knowledge model and the message catalogues, nothing else).
"""
