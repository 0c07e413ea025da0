"""policy-rhetoric: militarized and self-reliance rhetoric in Chinese Party-state S&T texts.

One module per pipeline stage (ingest, tokenization, scoring, topics, figures, report helpers);
every table row that counts words carries character offsets into the source file as read.
"""

__version__ = "0.1.0"
