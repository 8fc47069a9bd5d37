"""In-app notices and their e-mails (sent by the worker). Any app above may notify a person through
services.notify; this app knows none of them. Imports core and accounts."""
