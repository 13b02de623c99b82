namespace SecurityHub.Email;

/// <summary>The "SecurityHub:Email" configuration section.</summary>
public sealed class EmailOptions
{
    public const string Section = "SecurityHub:Email";

    /// <summary>
    /// Allow an SMTP host on a loopback, private, link-local or other internal address (a relay on this machine
    /// or the office network). Off: such hosts are refused when saved and, after DNS resolution, when sending.
    /// </summary>
    public bool AllowInternalHosts { get; set; }
}
