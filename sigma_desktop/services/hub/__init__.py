"""The hub's server side: it authenticates replicas, applies their pushed changes under the hub's own rules
and answers their pulls (service.py; the HTTP server in sync/http.py calls its endpoint)."""
