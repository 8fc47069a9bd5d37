"""The bottom layer: one of each thing every app shares.

People's input made storable (cleaning), where a form may send people next (redirects), the client's
address, private attachments, text folding and stemming for search, the private-cache middleware, the
admin's bounded dates, the one refusal exception (errors), the signed-in person and absolute links
of a request (http), and the API's error shapes and strict input fields (api_errors, api_fields).

It imports only Django and libraries, never another td2035 app, so that every app may import it
(td2035/core/tests/test_layers.py checks this).
"""
