using Microsoft.AspNetCore.Identity;

namespace SecurityHub.Data;

public class ApplicationUser : IdentityUser
{
    [PersonalData]
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled user cannot sign in, and their sessions and circuits are ended.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? LastSignInUtc { get; set; }

    /// <summary>"system" (follow the operating system, until the person picks one), "light" or "dark".</summary>
    public string Theme { get; set; } = UserThemes.System;

    public DateTime? TwoFactorEnrolledUtc { get; set; }
}

public static class UserThemes
{
    public const string System = "system";
    public const string Light = "light";
    public const string Dark = "dark";

    public static bool IsKnown(string? theme) => theme is System or Light or Dark;
}
