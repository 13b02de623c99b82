using System.Net;
using System.Net.Sockets;

namespace SecurityHub.Certificates;

/// <summary>Thrown when an outbound connection would go to an internal address while internal hosts are not allowed.</summary>
public sealed class InternalAddressException(string host, IPAddress address, string kind)
    : IOException($"{host} resolves to {address}, a {kind} address.")
{
    public string Host { get; } = host;
    public IPAddress Address { get; } = address;
    public string Kind { get; } = kind;
}

/// <summary>
/// The SSRF rule: outbound connections (certificate checks, SMTP) go only to public addresses. Applied to every
/// address a name resolves to, and the connection then uses those same addresses, so DNS cannot answer
/// differently the second time. Every form of an address is classified by what it reaches: the IPv6 zone
/// index is dropped (<c>::1%1</c> is loopback) and IPv4 carried in IPv6 (mapped, compatible, NAT64, 6to4)
/// is classified as that IPv4 address.
/// </summary>
public static class AddressGuard
{
    /// <summary>The address without its IPv6 zone index, and IPv4-mapped IPv6 as plain IPv4.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // IPAddress equality includes the scope id, so ::1%1 would not equal ::1.
            if (address.ScopeId != 0)
            {
                address = new IPAddress(address.GetAddressBytes());
            }
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }
        }
        return address;
    }

    /// <summary>Why the address is internal (e.g. "loopback"), or null for a public address.</summary>
    public static string? InternalKind(IPAddress address)
    {
        address = Normalize(address);
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
            // IPv4-compatible (::a.b.c.d, deprecated): never a public destination, whatever it carries.
            if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
            {
                return InternalKind(new IPAddress(b[12..16])) ?? "reserved";
            }
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
            // Local-use NAT64 (64:ff9b:1::/48) translates into a private network by definition.
            if (b is [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01, ..])
            {
                return "private";
            }
            if (b is [0x20, 0x02, ..])
            {
                return InternalKind(new IPAddress(b[2..6]));
            }
            // Discard-only (100::/64) and documentation (2001:db8::/32) prefixes.
            if (b is [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..] or [0x20, 0x01, 0x0D, 0xB8, ..])
            {
                return "reserved";
            }
            return null;
        }
        return "unsupported";
    }

    /// <summary>The first address that is internal, with its kind, or null when all are public.</summary>
    public static (IPAddress Address, string Kind)? FirstInternal(IEnumerable<IPAddress> addresses)
    {
        foreach (var address in addresses)
        {
            if (InternalKind(address) is { } kind)
            {
                return (address, kind);
            }
        }
        return null;
    }

    /// <summary>
    /// The addresses of a host: an address literal (brackets and zone index allowed) without DNS, otherwise
    /// what DNS answers. Throws <see cref="SocketException"/> when DNS has no answer.
    /// </summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var name = host.Trim().TrimEnd('.');
        if (IPAddress.TryParse(name.Trim('[', ']'), out var literal))
        {
            return [literal];
        }
        var addresses = await Dns.GetHostAddressesAsync(name, cancellationToken);
        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.NoData);
    }

    /// <summary>Throws <see cref="InternalAddressException"/> unless every address is public or internal hosts are allowed.</summary>
    public static void EnsureAllowed(string host, IEnumerable<IPAddress> addresses, bool allowInternalHosts)
    {
        if (!allowInternalHosts && FirstInternal(addresses) is { } found)
        {
            throw new InternalAddressException(host, found.Address, found.Kind);
        }
    }

    /// <summary>
    /// Connects a TCP socket to the first of the addresses that answers, after checking every one of them.
    /// The one place outbound connections are made, so no path can skip the rule.
    /// </summary>
    public static async Task<Socket> ConnectAsync(string host, IReadOnlyList<IPAddress> addresses, int port, bool allowInternalHosts, CancellationToken cancellationToken)
    {
        EnsureAllowed(host, addresses, allowInternalHosts);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
