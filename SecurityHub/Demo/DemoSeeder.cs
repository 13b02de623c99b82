using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Data;
using SecurityHub.Organization;

namespace SecurityHub.Demo;

/// <summary>
/// Fills the separate demo database with a sample bakery and its team. Passwords are random and
/// printed once, at the start that creates them.
/// </summary>
public sealed class DemoSeeder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DemoSeeder> logger) : IHostedService
{
    public static readonly (string Email, string Name, string Role)[] People =
    [
        ("owner@demo-bakery.example", "Rosa Baker", Roles.Owner),
        ("manager@demo-bakery.example", "Sam Flour", Roles.Manager),
        ("staff@demo-bakery.example", "Kim Crust", Roles.Staff),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        if (await db.Organizations.AnyAsync(cancellationToken))
        {
            logger.LogWarning("Demo database already seeded: sign in with the passwords printed when it was created, or delete the data/demo folder to start over.");
            return;
        }
        await RoleSeeder.EnsureRolesAsync(scope.ServiceProvider);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Organizations.Add(new OrganizationProfile
        {
            BusinessName = "Crumb & Co. Bakery",
            WebsiteDomains = "crumbandco.example\nshop.crumbandco.example",
            TimeZoneId = "Europe/London",
            TakesCardPayments = true,
            CustomersHaveAccounts = true,
            StaffCount = 8,
            UpdatedUtc = now,
        });
        await db.SaveChangesAsync(cancellationToken);

        var lines = new List<string>();
        foreach (var (email, name, role) in People)
        {
            var password = RandomPassword();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedUtc = now };
            var result = await users.CreateAsync(user, password);
            if (result.Succeeded)
            {
                await users.AddToRoleAsync(user, role);
                lines.Add($"  {role,-8} {email,-32} {password}");
            }
        }
        await DemoInventory.SeedAsync(db, now, Inventory.BusinessDay.Today(clock, "Europe/London"), cancellationToken);
        await db.SetupStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.UsedUtc, now), cancellationToken);
        db.AuditEvents.Add(new AuditEvent { OccurredUtc = now, EventType = AuditEvents.Setup, Details = "Demo business created" });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Demo business created. These passwords are shown only now:\n{Accounts}", string.Join('\n', lines));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string RandomPassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return new string(RandomNumberGenerator.GetItems<char>(alphabet, 16));
    }
}
