using System.ComponentModel.DataAnnotations;

namespace SecurityHub.Data;

/// <summary>The "SecurityHub" configuration section: where data lives and how the app reaches people.</summary>
public class SecurityHubOptions
{
    public const string Section = "SecurityHub";

    /// <summary>Folder for the SQLite file, Data Protection keys and the email pickup folder.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Absolute URL used in emails (invitation links). Empty: the address the request came in on.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>Start the demo business in its own database (set by the --demo switch).</summary>
    public bool Demo { get; set; }

    /// <summary>Sign-in, setup, 2FA and recovery-code posts allowed per client IP per minute.</summary>
    [Range(1, 10_000)]
    public int SignInPostsPerMinute { get; set; } = 10;

    /// <summary>How often an open page re-checks that its user is still enabled, in role and signed in.</summary>
    [Range(5, 60)]
    public int CircuitRevalidationSeconds { get; set; } = 60;

    /// <summary>Days a browser is remembered after a two-factor sign-in when the user ticks "remember"; 0 hides the option.</summary>
    [Range(0, 90)]
    public int RememberBrowserDays { get; set; } = 30;

    /// <summary>Run the job scheduler (tests turn it off).</summary>
    public bool SchedulerEnabled { get; set; } = true;
}
