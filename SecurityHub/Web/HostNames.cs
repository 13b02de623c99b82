using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SecurityHub.Web;

/// <summary>Host-name rules shared by every form that takes a server's name (SMTP, certificate endpoints).</summary>
public static partial class HostNames
{
    /// <summary>A DNS name (letters, digits, hyphens; dot-separated labels) or an IPv4/IPv6 address. No scheme, port or spaces.</summary>
    public static bool IsValid(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }
        if (host.Contains(':', StringComparison.Ordinal))
        {
            var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
            return IPAddress.TryParse(bare, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }
        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            // IPAddress.TryParse takes "1" or "1.2" as well; a host here must be four dotted numbers.
            return host.Count(c => c == '.') == 3 && IPAddress.TryParse(host, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork;
        }
        return HostNamePattern().IsMatch(host);
    }

    [GeneratedRegex(@"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostNamePattern();
}
