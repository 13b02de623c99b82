using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Data;

namespace SecurityHub.Organization;

public sealed class SetupInput
{
    public string Code { get; set; } = "";
    public OrganizationInput Organization { get; set; } = new();
    public string OwnerName { get; set; } = "";
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>
/// First run: there is no default account. While no Owner exists, a one-time code is printed to the
/// log; /setup trades it (once) for the business profile and the first Owner.
/// </summary>
public sealed class SetupService(
    IDbContextFactory<ApplicationDbContext> factory,
    IServiceScopeFactory scopes,
    AuditLog audit,
    TimeProvider clock)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task<bool> IsOpenAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return !await OwnerExistsAsync(db, cancellationToken);
    }

    /// <summary>Makes a fresh code (replacing any earlier one) and returns it, or null when setup is done.</summary>
    public async Task<string?> IssueCodeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await OwnerExistsAsync(db, cancellationToken))
        {
            return null;
        }
        var code = NewCode();
        await db.SetupStates.ExecuteDeleteAsync(cancellationToken);
        db.SetupStates.Add(new SetupState { CodeHash = Hash(code), CreatedUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    /// <summary>Validates everything, then creates the profile and the first Owner in one go. Invalid input changes nothing.</summary>
    public async Task<SaveResult> CompleteAsync(SetupInput input, CancellationToken cancellationToken = default)
    {
        var errors = OrganizationRules.Validate(input.Organization)
            .ToDictionary(e => $"Organization.{e.Key}", e => e.Value);
        ValidateOwner(input.OwnerName, input.Email, input.Password, input.ConfirmPassword, errors);

        await Gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            if (await OwnerExistsAsync(db, cancellationToken))
            {
                return SaveResult.Invalid(nameof(SetupInput.Code), "Setup is already complete.");
            }
            var state = await db.SetupStates.FirstOrDefaultAsync(s => s.UsedUtc == null, cancellationToken);
            if (state is null || !FixedTimeEquals(state.CodeHash, Hash(NormalizeCode(input.Code))))
            {
                // The visitor is anonymous whatever email they typed; the client IP is recorded with every event, the code never.
                await audit.WriteAsync(AuditEvents.SetupCodeRejected, actorEmail: AuditLog.Anonymous,
                    details: "Wrong or used setup code", cancellationToken: cancellationToken);
                errors[nameof(SetupInput.Code)] = "That setup code is not valid. Use the code printed in the server log at the last start.";
            }
            if (errors.Count > 0)
            {
                return SaveResult.Invalid(errors);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var created = await CreateOwnerAsync(scope.ServiceProvider, input.Email, input.OwnerName, input.Password);
            if (!created.Succeeded)
            {
                return created;
            }
            var profile = new OrganizationProfile();
            OrganizationService.Apply(profile, input.Organization, clock.GetUtcNow().UtcDateTime);
            db.Organizations.Add(profile);
            state!.UsedUtc = clock.GetUtcNow().UtcDateTime;
            audit.Add(db, AuditEvents.Setup, actorEmail: input.Email.Trim(), target: profile.BusinessName, details: "First owner created with the setup code");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return SaveResult.Ok;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The headless path (create-owner CLI): an operator on the machine creates an Owner without a code.</summary>
    public async Task<SaveResult> CreateOwnerFromCommandLineAsync(string email, string password, string? businessName, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        ValidateOwner(email.Split('@')[0], email, password, password, errors);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await CreateOwnerAsync(scope.ServiceProvider, email, email.Split('@')[0], password);
        if (!created.Succeeded)
        {
            return created;
        }
        if (!await db.Organizations.AnyAsync(cancellationToken))
        {
            var input = new OrganizationInput { BusinessName = string.IsNullOrWhiteSpace(businessName) ? "My business" : businessName };
            var orgErrors = OrganizationRules.Validate(input);
            if (orgErrors.Count > 0)
            {
                return SaveResult.Invalid(orgErrors);
            }
            var profile = new OrganizationProfile();
            OrganizationService.Apply(profile, input, clock.GetUtcNow().UtcDateTime);
            db.Organizations.Add(profile);
        }
        await db.SetupStates.Where(s => s.UsedUtc == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.UsedUtc, clock.GetUtcNow().UtcDateTime), cancellationToken);
        audit.Add(db, AuditEvents.Setup, actorEmail: email, details: "Owner created with the create-owner command");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SaveResult.Ok;
    }

    internal static void ValidateOwner(string name, string email, string password, string confirm, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100 || name.Any(char.IsControl))
        {
            errors[nameof(SetupInput.OwnerName)] = "Enter your name (at most 100 characters).";
        }
        if (!SecurityHub.Email.EmailAddresses.IsValid(email?.Trim()))
        {
            errors[nameof(SetupInput.Email)] = "Enter a valid email address, like owner@example.com.";
        }
        if (password != confirm)
        {
            errors[nameof(SetupInput.ConfirmPassword)] = "The two passwords do not match.";
        }
    }

    // The UserManager shares the scope's context, and so the caller's transaction.
    private async Task<SaveResult> CreateOwnerAsync(IServiceProvider scoped, string email, string name, string password)
    {
        var users = scoped.GetRequiredService<UserManager<ApplicationUser>>();
        await RoleSeeder.EnsureRolesAsync(scoped);
        var user = new ApplicationUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            DisplayName = name.Trim(),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, Roles.Owner);
        }
        if (!result.Succeeded)
        {
            var field = result.Errors.Any(e => e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal))
                ? nameof(SetupInput.Email) : nameof(SetupInput.Password);
            return SaveResult.Invalid(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        return SaveResult.Ok;
    }

    private static async Task<bool> OwnerExistsAsync(ApplicationDbContext db, CancellationToken cancellationToken) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               where r.Name == Roles.Owner
               select ur).AnyAsync(cancellationToken);

    // 15 characters from a 32-letter alphabet without look-alikes: 75 bits, shown in groups of five.
    private static string NewCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 15);
        return $"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}-{new string(chars, 10, 5)}";
    }

    internal static string NormalizeCode(string? code) =>
        new string((code ?? "").Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray()) is { Length: 15 } c
            ? $"{c[..5]}-{c[5..10]}-{c[10..]}" : (code ?? "");

    private static string Hash(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}

public static class RoleSeeder
{
    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}

/// <summary>At start-up: makes sure the roles exist and, while there is no Owner, prints a fresh setup code.</summary>
public sealed class SetupCodeIssuer(IServiceScopeFactory scopes, SetupService setup, ILogger<SetupCodeIssuer> logger,
    Microsoft.Extensions.Options.IOptions<SecurityHubOptions> options, IHostApplicationLifetime lifetime,
    Microsoft.AspNetCore.Hosting.Server.IServer server) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await RoleSeeder.EnsureRolesAsync(scope.ServiceProvider);
        }
        if (options.Value.Demo)
        {
            // The demo seeder creates the owner; no code is needed or printed.
            return;
        }
        var code = await setup.IssueCodeAsync(cancellationToken);
        if (code is not null)
        {
            // Print once the server listens, so the line can name the real address.
            lifetime.ApplicationStarted.Register(() =>
            {
                var baseUrl = options.Value.PublicBaseUrl
                    ?? server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                    ?? "";
                logger.LogWarning("No owner exists yet. One-time setup code: {SetupCode} - open {SetupUrl} to create the first owner.",
                    code, $"{baseUrl.TrimEnd('/')}/setup");
            });
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
