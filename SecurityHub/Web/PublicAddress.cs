using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using SecurityHub.Data;

namespace SecurityHub.Web;

/// <summary>
/// The site's address for links that leave the app (password reset, invitations). It comes from
/// <c>SecurityHub:PublicBaseUrl</c> when set, never from the request's Host header; when unset, the
/// address the request came in on is used only if its host is named in <c>AllowedHosts</c>, so a forged
/// Host header cannot put an attacker's site into a reset email.
/// </summary>
public sealed class PublicAddress(IOptions<SecurityHubOptions> options, IOptionsMonitor<HostFilteringOptions> hosts, NavigationManager navigation)
{
    /// <summary>The base URL ending in "/", or null when no trustworthy address is known.</summary>
    public string? BaseUrl()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl))
        {
            return options.Value.PublicBaseUrl.TrimEnd('/') + "/";
        }
        return Uri.TryCreate(navigation.BaseUri, UriKind.Absolute, out var uri) && IsListed(uri.Host, hosts.CurrentValue.AllowedHosts)
            ? uri.GetLeftPart(UriPartial.Authority) + "/"
            : null;
    }

    /// <summary>An absolute link to a path of this site, or null when no trustworthy address is known.</summary>
    public string? Link(string path) => BaseUrl() is { } root ? root + path.TrimStart('/') : null;

    /// <summary>
    /// Whether a host is named in the list: exactly, or by a "*.example.com" pattern. A lone "*" names no
    /// host, since it is no list at all.
    /// </summary>
    public static bool IsListed(string host, IEnumerable<string>? allowed)
    {
        host = host.Trim('[', ']');
        foreach (var entry in allowed ?? [])
        {
            var name = entry.Trim().Trim('[', ']');
            if (name == "*" || name.Length == 0)
            {
                continue;
            }
            if (name.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(name[1..], StringComparison.OrdinalIgnoreCase)
                : string.Equals(host, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
