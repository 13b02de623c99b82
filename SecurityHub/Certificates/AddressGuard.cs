using System.Net;
using System.Net.Sockets;

namespace SecurityHub.Certificates;

/// <summary>
/// The SSRF rule: outbound checks go only to public addresses. Applied to every address a name resolves
/// to, and the connection then uses those same addresses, so DNS cannot answer differently the second time.
/// </summary>
public static class AddressGuard
{
    /// <summary>Why the address is internal (e.g. "loopback"), or null for a public address.</summary>
    public static string? InternalKind(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b switch
            {
                [127, ..] => "loopback",
                [0, ..] => "unspecified",
                [10, ..] => "private",
                [172, >= 16 and <= 31, ..] => "private",
                [192, 168, ..] => "private",
                [169, 254, 169, 254] => "cloud metadata",
                [169, 254, ..] => "link-local",
                [100, >= 64 and <= 127, ..] => "carrier-grade NAT",
                [192, 0, 0, ..] => "reserved",
                [198, 18 or 19, ..] => "reserved",
                [>= 224, ..] => "multicast or reserved",
                _ => null,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Loopback))
            {
                return "loopback";
            }
            if (address.Equals(IPAddress.IPv6Any))
            {
                return "unspecified";
            }
            var b = address.GetAddressBytes();
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
            {
                return "link-local";
            }
            if ((b[0] & 0xFE) == 0xFC)
            {
                return b is [0xFD, 0x00, 0x0E, 0xC2, ..] ? "cloud metadata" : "unique-local";
            }
            if (address.IsIPv6Multicast)
            {
                return "multicast";
            }
            // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that must pass too.
            if (b is [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0, ..])
            {
                return InternalKind(new IPAddress(b[12..16]));
            }
            if (b is [0x20, 0x02, ..])
            {
                return InternalKind(new IPAddress(b[2..6]));
            }
            return null;
        }
        return "unsupported";
    }
}
