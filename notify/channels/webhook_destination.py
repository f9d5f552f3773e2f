"""Where the webhook channel may POST: the addresses a destination's host resolves to, each
checked before the connection is opened (the text of a URL proves nothing: a public-looking
name can resolve to 127.0.0.1, and 0x7f.1 or [::ffff:127.0.0.1] are loopback too).

Loopback, link-local (169.254.0.0/16: cloud metadata), private, shared, multicast, reserved
and unspecified addresses are refused unless GRIDOPS_WEBHOOK_ALLOWED_NETWORKS holds them, or
the host's name is in GRIDOPS_WEBHOOK_ALLOWED_HOSTS (a staff-configured receiver inside the
network). The connection then goes to the very address that was checked, so a second lookup
(DNS rebinding) cannot send it elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class DestinationRefusedError(ValueError):
    """A webhook host that resolves to an address the allow-list does not name (permanent).
    The message names neither the host nor the address (they are contact details)."""


@dataclass(frozen=True)
class DestinationPolicy:
    """Which hosts and networks webhooks may reach beyond the public internet."""

    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IpNetwork, ...] = ()

    @classmethod
    def of(cls, hosts: Sequence[str], networks: Sequence[str]) -> DestinationPolicy:
        """The policy from the settings' host names and network ranges."""
        return cls(
            frozenset(h.strip().lower().rstrip(".") for h in hosts if h.strip()),
            tuple(ipaddress.ip_network(n, strict=False) for n in networks),
        )

    def permits(self, address: IpAddress) -> bool:
        """Whether a webhook may connect to this address: allowed networks, public unicast."""
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if any(address in network for network in self.allowed_networks):
            return True
        return address.is_global and not address.is_multicast

    def resolve(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for host, in the resolver's order, every one of them
        permitted; DestinationRefusedError otherwise (OSError when it does not resolve)."""
        name = host.lower().rstrip(".")
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
        if not addresses:
            raise OSError("the webhook host resolves to no address")
        if name not in self.allowed_hosts:
            for address in addresses:
                if not self.permits(address):
                    raise DestinationRefusedError(
                        "webhook host resolves to a loopback, link-local, private or reserved "
                        "address: add it to GRIDOPS_WEBHOOK_ALLOWED_NETWORKS or its name to "
                        "GRIDOPS_WEBHOOK_ALLOWED_HOSTS if it is a receiver of ours"
                    )
        return list(dict.fromkeys(str(address) for address in addresses))
