"""The XML signature checks openleadr leaves out, as a middleware of the VTN's aiohttp app.

openleadr (0.5.36) checks a VEN's XML signature only on messages that carry a venID: a first
oadrCreatePartyRegistration (and oadrQueryRegistration) is never checked, and a message with a
venID but no signature makes it fail with an HTTP 500 (utils.extract_pem_cert on None). Over
HTTPS with signing on, this middleware
- refuses (403) a message without an XML signature;
- verifies a message without a venID: its signature, its ReplayProtect, and that it was signed
  with the certificate of the TLS connection (whose fingerprint the registration then checks
  against the one registered for the VEN).
A message with a venID is left to openleadr's own check (checking it here as well would find its
ReplayProtect nonce already used).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus

from aiohttp import web
from lxml.etree import XMLSyntaxError
from openleadr import errors, utils
from openleadr.messaging import parse_message, validate_xml_schema, validate_xml_signature
from signxml.exceptions import InvalidSignature

logger = logging.getLogger(__name__)

XMLDSIG_CERTIFICATE = ".//{http://www.w3.org/2000/09/xmldsig#}X509Certificate"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def require_signatures(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse unsigned messages over HTTPS; verify those openleadr does not (no venID)."""
    if not request.secure:
        return await handler(request)
    content = await request.read()  # aiohttp keeps the body: the handler reads it again
    try:
        tree = validate_xml_schema(content)
        _, payload = parse_message(content)
    except (XMLSyntaxError, ValueError, KeyError):
        return await handler(request)  # not OpenADR: openleadr answers it (400)
    if tree.find(XMLDSIG_CERTIFICATE) is None:
        return _refuse(request, "the message is not signed (OpenADR XML signature)")
    if "ven_id" not in payload:
        connection = utils.get_cert_fingerprint_from_request(request)
        try:
            validate_xml_signature(tree, cert_fingerprint=connection)
        except errors.FingerprintMismatch:
            return _refuse(request, "the message is not signed with the TLS client certificate")
        except (InvalidSignature, ValueError) as exc:
            return _refuse(request, f"the message signature is not valid: {exc}")
    return await handler(request)


def _refuse(request: web.Request, reason: str) -> web.Response:
    logger.warning("refused a message to %s from %s: %s", request.path, request.remote, reason)
    return web.Response(status=HTTPStatus.FORBIDDEN, text=reason)
