using System.Reflection;
using Microsoft.AspNetCore.Identity;
using SecurityHub.Data;

namespace SecurityHub.Account;

/// <summary>
/// Refuses passwords from a bundled list of common and breached passwords (there is no internet to
/// ask a breach service) and passwords that repeat the account's own email.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<ApplicationUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        var candidate = (password ?? "").Trim();
        if (IsCommon(candidate))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = "This password is on a list of commonly used passwords. Choose something less predictable, such as a few unrelated words.",
            }));
        }
        var email = user.Email ?? user.UserName;
        if (!string.IsNullOrEmpty(email) && candidate.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 4)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordContainsEmail",
                Description = "The password must not contain your email name.",
            }));
        }
        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string password) => Common.Value.Contains(password.ToLowerInvariant());

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SecurityHub.Account.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}
