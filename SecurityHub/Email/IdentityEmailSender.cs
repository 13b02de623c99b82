using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;

namespace SecurityHub.Email;

/// <summary>Identity's account emails (password reset) go through the outbox like every other message.</summary>
public sealed class IdentityEmailSender(IDbContextFactory<ApplicationDbContext> factory, Outbox outbox) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        QueueAsync(user, email, "Confirm your email address", "Confirm your email address for SecurityHub.", ("Confirm email", confirmationLink));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        QueueAsync(user, email, "Reset your SecurityHub password",
            "Someone asked to reset the password of your SecurityHub account. If it was not you, ignore this email: your password stays as it is.",
            ("Choose a new password", resetLink));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        QueueAsync(user, email, "Your SecurityHub password reset code", $"Your password reset code is {resetCode}.", null);

    private async Task QueueAsync(ApplicationUser user, string email, string subject, string paragraph, (string, string)? action)
    {
        await using var db = await factory.CreateDbContextAsync();
        var business = await db.Organizations.Select(o => o.BusinessName).FirstOrDefaultAsync();
        outbox.Enqueue(db, EmailTemplates.Build(email, user.DisplayName, subject, "account",
            $"Hello {(string.IsNullOrWhiteSpace(user.DisplayName) ? "there" : user.DisplayName)},", [paragraph], action, business));
        await db.SaveChangesAsync();
    }
}
