"""The national benchmark (`make bench`, issue 13): not an app of the product, never imported by it.

``settings`` serves the product as is plus one minimal page and a measuring middleware; ``run`` drives
gunicorn over HTTP and writes ``var/bench.json``; ``locustfile`` is the bounded load test.
"""
