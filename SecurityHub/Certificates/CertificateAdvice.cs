namespace SecurityHub.Certificates;

/// <summary>Each status in plain words, with what to do about it.</summary>
public static class CertificateAdvice
{
    public static string Label(CertificateStatus? status) => status switch
    {
        CertificateStatus.Ok => "OK",
        CertificateStatus.Expiring => "Expiring",
        CertificateStatus.Expired => "Expired",
        CertificateStatus.Invalid => "Invalid",
        CertificateStatus.Unreachable => "Unreachable",
        _ => "Not checked",
    };

    /// <summary>
    /// When the certificate expires, in words: "expires in 5 days", "expires today", "expired 4 days ago". Days
    /// are whole days as the checker counts them (<see cref="CertificateCheck.DaysLeft"/>), negative once expired.
    /// </summary>
    public static string Expiry(int daysLeft) => daysLeft switch
    {
        0 => "expires today",
        > 0 => $"expires in {Days(daysLeft)}",
        < 0 => $"expired {Days(-daysLeft)} ago",
    };

    private static string Days(int count) => count == 1 ? "1 day" : $"{count} days";

    /// <summary>What the status means and what to do, for the owner of the site.</summary>
    public static string WhatToDo(CertificateStatus? status, string? trustProblems) => status switch
    {
        CertificateStatus.Ok => "Nothing to do. The certificate is valid and trusted.",
        CertificateStatus.Expiring => "Renew the certificate with your host or certificate provider before it expires, and turn on auto-renew so this does not come back.",
        CertificateStatus.Expired => "Visitors now see a security warning. Renew the certificate with your host today, then turn on auto-renew.",
        CertificateStatus.Invalid => InvalidAdvice(trustProblems ?? ""),
        CertificateStatus.Unreachable => "The check could not reach the server. Check that the site is up and the host name and port are right; if it is an internal server, an Owner can allow internal hosts.",
        _ => "Not checked yet. Use \"Check now\".",
    };

    /// <summary>
    /// Advice from the website checks (HTTP redirect, HSTS) of an HTTPS endpoint. These are findings, not
    /// a status: a site without them still has a valid certificate. Empty when all is well or not checked.
    /// </summary>
    public static IReadOnlyList<string> WebsiteAdvice(CertificateCheck? check)
    {
        var advice = new List<string>();
        if (check?.HttpNote is null)
        {
            return advice;
        }
        if (check.RedirectsToHttps == false)
        {
            advice.Add("Redirect http to https: have your web server or host answer every http:// address with a permanent (301) redirect to the same https:// address.");
        }
        else if (check.RedirectsToHttps is null)
        {
            advice.Add("Redirect http to https: plain http:// (port 80) gave no HTTP answer, so visitors who type the address without https:// may not reach the site. Let port 80 answer with a redirect to https://.");
        }
        if (check.SendsHsts == false)
        {
            advice.Add("Turn on HSTS: send the header Strict-Transport-Security: max-age=31536000 from the HTTPS site (most hosts have a switch for it), so browsers never fall back to plain http://.");
        }
        return advice;
    }

    /// <summary>What to do about the certificate, followed by the website advice when there is any.</summary>
    public static string WhatToDo(CertificateCheck? check)
    {
        var text = WhatToDo(check?.Status, check?.TrustProblems);
        var actions = WebsiteAdvice(check).Select(a => a[..a.IndexOf(':', StringComparison.Ordinal)]).ToList();
        if (actions.Count == 0)
        {
            return text;
        }
        if (check?.Status == CertificateStatus.Ok)
        {
            text = "The certificate is valid and trusted.";
        }
        var first = actions[0];
        return $"{text} For the website: {char.ToLowerInvariant(first[0])}{first[1..]}{string.Concat(actions.Skip(1).Select(a => $" and {char.ToLowerInvariant(a[0])}{a[1..]}"))} (see the findings).";
    }

    private static string InvalidAdvice(string problems)
    {
        var advice = new List<string>();
        if (problems.Contains("mismatch", StringComparison.OrdinalIgnoreCase))
        {
            advice.Add("Get a certificate that names this host (ask your host to add it), or fix the host name here.");
        }
        if (problems.Contains("Self-signed", StringComparison.Ordinal) || problems.Contains("Untrusted", StringComparison.Ordinal))
        {
            advice.Add("Replace the certificate with one from a trusted authority; most hosts offer a free one (Let's Encrypt).");
        }
        if (problems.Contains("Incomplete chain", StringComparison.Ordinal))
        {
            advice.Add("Install the full chain (the certificate plus the intermediate your provider gave you) on the server.");
        }
        if (problems.Contains("Weak", StringComparison.Ordinal))
        {
            advice.Add("Turn off TLS 1.0 and 1.1 and reissue the certificate with an RSA key of 2048 bits or more and a SHA-256 signature.");
        }
        if (problems.Contains("Not yet valid", StringComparison.Ordinal))
        {
            advice.Add("Check the server's clock, or wait until the certificate's start date.");
        }
        if (advice.Count == 0)
        {
            advice.Add("Visitors see a security warning. Ask your host to install a valid certificate.");
        }
        return "Visitors see a security warning. " + string.Join(" ", advice);
    }
}
