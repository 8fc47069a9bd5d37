"""The marketplace of the production chain: listings (offers, needs, collaborations, jobs), browsing and
search, private attachments, the supply-chain view (which sectors buy from which), and its API.
Announces a published listing through market.signals (matching listens). Imports core, reference,
accounts, directory and roles."""
