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
