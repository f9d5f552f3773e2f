"""OpenADR 2.0b for demand response: the VTN (vtn.py, on openleadr) with its state in
PostgreSQL, the VENs it knows (ven.py), DR events as OpenADR events and the VENs' opt-ins
(event.py), its settings (settings.py), TLS material and fingerprints (tls.py), the XML
signature checks openleadr leaves out (signatures.py), demo certificates (demo_certificates.py)
and the `gridops` commands that serve and feed it (cli.py)."""
