"""policy-rhetoric: militarized and self-reliance rhetoric in Chinese Party-state S&T texts.

One subpackage per stage (corpus, rhetoric, topics, paper) over a shared core; see ARCHITECTURE.md.
Every table row that counts words carries character offsets into the source file as read.
"""

__version__ = "0.1.0"
