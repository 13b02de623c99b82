using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Certificates;
using SecurityHub.Data;
using SecurityHub.Inventory;
using SecurityHub.Organization;

namespace SecurityHub.Benchmarks;

/// <summary>How big the seeded business is. The defaults are the scale of issue 19.</summary>
public sealed record ScaleOptions(
    int Systems = 1000,
    int ItemsPerSystem = 10,
    int Endpoints = 1000,
    int HistoryMonths = 24,
    int Users = 200,
    int AuditEvents = 50_000);

/// <summary>The seeded business: the Owner the benchmarks act as, and the key of their authenticator.</summary>
public sealed record ScaleBusiness(ClaimsPrincipal Owner, string OwnerEmail, string Password, string AuthenticatorKey);

/// <summary>
/// One large business, written into the app's own database (through the app's services where they exist for
/// it, and the same rows they write where a service would take hours: certificate history, audit events).
/// Every benchmark uses it, so their figures are about the same data.
/// </summary>
public static class ScaleSeed
{
    public const string OwnerEmail = "owner@bench.example";
    public const string Password = "correct horse battery staple";

    public static async Task<ScaleBusiness> SeedAsync(IServiceProvider services, ScaleOptions options)
    {
        var (owner, key) = await SeedOwnerAsync(services);
        await SeedInventoryAsync(services, options.Systems, options.ItemsPerSystem);
        await SeedUsersAsync(services, options.Users);
        await SeedCertificatesAsync(services, options.Endpoints, options.HistoryMonths);
        await SeedAuditAsync(services, options.AuditEvents, options.HistoryMonths);
        return new ScaleBusiness(owner, OwnerEmail, Password, key);
    }

    public static async Task<(ClaimsPrincipal Owner, string Key)> SeedOwnerAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        db.Organizations.Add(new OrganizationProfile { BusinessName = "Benchmark Bakery", TimeZoneId = "UTC", StaffCount = 12, UpdatedUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
        await RoleSeeder.EnsureRolesAsync(scope.ServiceProvider);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = OwnerEmail, Email = OwnerEmail, EmailConfirmed = true, DisplayName = "Owner", CreatedUtc = DateTime.UtcNow };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, Roles.Owner));
        Check(await users.ResetAuthenticatorKeyAsync(user));
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        // Services check that the principal's session is live, as after a real sign-in.
        await scope.ServiceProvider.GetRequiredService<DbTicketStore>().StoreAsync(new AuthenticationTicket(principal, IdentityConstants.ApplicationScheme));
        return (principal, key);
    }

    /// <summary>Systems of every type, vendors with and without agreements, items of every category, a few shares each: findings of every kind.</summary>
    public static async Task SeedInventoryAsync(IServiceProvider services, int systemCount, int itemsPerSystem)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var types = Enum.GetValues<SystemType>();
        var categories = Enum.GetValues<DataCategory>().Where(c => c != DataCategory.Other).ToArray();
        var systems = new List<InventorySystem>();
        for (var s = 0; s < systemCount; s++)
        {
            var vendor = s % 3 != 0;
            var system = new InventorySystem
            {
                Name = $"System {s:D4}",
                Type = types[s % types.Length],
                Operator = vendor ? SystemOperator.Vendor : SystemOperator.InHouse,
                VendorName = vendor ? $"Vendor {s % 97}" : "",
                VendorContact = vendor ? $"support{s % 97}@vendor.example" : "",
                HasDpa = vendor ? (Answer)(s % 3) : Answer.Unknown,
                AdminUrl = s % 2 == 0 ? $"https://admin{s}.example/" : "",
                EncryptedAtRest = (Answer)(s % 3),
                AdminTwoFactor = (Answer)((s + 1) % 3),
                DefaultPasswordsChanged = (Answer)((s + 2) % 3),
                Updates = (UpdatePolicy)(s % 4),
                EndOfLife = s % 4 == 3 ? today.AddYears(-1) : null,
                LastReviewed = today.AddDays(-(s % 700)),
                Notes = "Benchmark notes",
                CreatedUtc = now,
                UpdatedUtc = now,
            };
            for (var i = 0; i < itemsPerSystem; i++)
            {
                var category = i < categories.Length ? categories[i] : DataCategory.Other;
                system.Items.Add(new DataItem
                {
                    Category = category,
                    OtherCategory = category == DataCategory.Other ? $"Other data {i}" : "",
                    Purpose = $"Benchmark purpose {i}",
                    ApproxRecords = 100 * (i + 1) + s,
                    RetentionTrigger = (RetentionTrigger)(i % 6),
                    RetentionAmount = i % 6 == 0 ? 0 : 1 + i % 3,
                    RetentionUnit = i % 6 == 0 ? RetentionUnit.Days : RetentionUnit.Years,
                    DeletionMethod = "Deleted by hand",
                    OldestRecord = today.AddDays(-(100 * i + s % 365)),
                    LastReviewed = today.AddDays(-(s % 500)),
                    CreatedUtc = now,
                    UpdatedUtc = now,
                });
            }
            systems.Add(system);
        }
        db.InventorySystems.AddRange(systems);
        await db.SaveChangesAsync();
        // Each system's first two items flow to two other systems.
        for (var s = 0; s < systems.Count; s++)
        {
            foreach (var item in systems[s].Items.Take(2))
            {
                foreach (var to in new[] { (s + 1) % systems.Count, (s + 7) % systems.Count }.Where(t => t != s).Distinct())
                {
                    db.DataItemShares.Add(new DataItemShare { DataItemId = item.Id, SystemId = systems[to].Id });
                }
            }
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// People in every role (a tenth Owners, three tenths Managers, the rest Staff), some disabled, most enrolled in
    /// 2FA. One password hash serves them all: hashing each (210,000 PBKDF2 iterations) would only slow the seed.
    /// </summary>
    public static async Task SeedUsersAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var hash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<ApplicationUser>>().HashPassword(new ApplicationUser(), Password);
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id);
        var now = DateTime.UtcNow;
        for (var u = 0; u < count; u++)
        {
            var email = $"person{u:D3}@bench.example";
            var role = u % 10 == 0 ? Roles.Owner : u % 10 <= 3 ? Roles.Manager : Roles.Staff;
            var user = new ApplicationUser
            {
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                DisplayName = $"Person {u:D3}",
                PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
                IsDisabled = u % 25 == 24,
                CreatedUtc = now.AddDays(-u),
                LastSignInUtc = u % 4 == 3 ? null : now.AddHours(-u),
                TwoFactorEnabled = u % 5 != 4,
                TwoFactorEnrolledUtc = u % 5 != 4 ? now.AddDays(-u) : null,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[role] });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Endpoints with a daily check for the months given (the rows the check job writes), most of them OK, some
    /// expiring, expired, invalid or unreachable; each endpoint's latest result copied onto it, as the job does.
    /// </summary>
    public static async Task SeedCertificatesAsync(IServiceProvider services, int endpoints, int months)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        var now = DateTime.UtcNow;
        var days = (int)(now - now.AddMonths(-months)).TotalDays;
        var statuses = new[] { CertificateStatus.Ok, CertificateStatus.Ok, CertificateStatus.Ok, CertificateStatus.Ok, CertificateStatus.Ok, CertificateStatus.Ok,
            CertificateStatus.Expiring, CertificateStatus.Expired, CertificateStatus.Invalid, CertificateStatus.Unreachable };
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var e = 0; e < endpoints; e++)
            {
                var latest = statuses[e % statuses.Length];
                var daysLeft = latest switch { CertificateStatus.Expiring => 3 + e % 25, CertificateStatus.Expired => -(1 + e % 30), CertificateStatus.Unreachable => (int?)null, _ => 40 + e % 300 };
                db.CertificateEndpoints.Add(new CertificateEndpoint
                {
                    Host = $"site{e:D4}.bench-shop.example",
                    Port = e % 10 == 9 ? 587 : 443,
                    StartTls = e % 10 == 9 ? StartTlsMode.Smtp : StartTlsMode.None,
                    Label = e % 3 == 0 ? $"Shop {e}" : "",
                    CreatedUtc = now.AddMonths(-months),
                    LastCheckedUtc = now.AddHours(-1),
                    LastStatus = latest,
                    NotAfterUtc = daysLeft is null ? null : now.AddDays(daysLeft.Value),
                    DaysLeft = daysLeft,
                });
            }
            await db.SaveChangesAsync();
        }

        // The history as the job writes it, one prepared insert in one transaction (EF Core would take minutes).
        await using var connection = new SqliteConnection(ConnectionString(services));
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var ids = new List<int>();
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT Id FROM CertificateEndpoints ORDER BY Id";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetInt32(0));
            }
        }
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO CertificateChecks (EndpointId, CheckedUtc, DurationMs, Status, Protocol, Subject, Issuer, SerialNumber, Thumbprint,
                NotBeforeUtc, NotAfterUtc, DaysLeft, KeyType, KeySize, SignatureAlgorithm, Message)
            VALUES ($endpoint, $checked, 120, $status, 'Tls13', $subject, 'CN=Bench Issuing CA', $serial, $thumb,
                $notBefore, $notAfter, $daysLeft, 'ECDSA', 256, 'sha256ECDSA', $message)
            """;
        var endpoint = insert.Parameters.Add("$endpoint", SqliteType.Integer);
        var checkedUtc = insert.Parameters.Add("$checked", SqliteType.Text);
        var status = insert.Parameters.Add("$status", SqliteType.Integer);
        var subject = insert.Parameters.Add("$subject", SqliteType.Text);
        var serial = insert.Parameters.Add("$serial", SqliteType.Text);
        var thumb = insert.Parameters.Add("$thumb", SqliteType.Text);
        var notBefore = insert.Parameters.Add("$notBefore", SqliteType.Text);
        var notAfter = insert.Parameters.Add("$notAfter", SqliteType.Text);
        var daysLeftParameter = insert.Parameters.Add("$daysLeft", SqliteType.Integer);
        var message = insert.Parameters.Add("$message", SqliteType.Text);
        insert.Prepare();
        for (var e = 0; e < ids.Count; e++)
        {
            endpoint.Value = ids[e];
            subject.Value = $"CN=site{e:D4}.bench-shop.example";
            for (var d = days; d >= 1; d--)
            {
                var at = now.AddDays(-d).Date.AddHours(3);
                // A 90-day certificate renewed every 60 days: the days left saw-tooth from 90 down to 30.
                var age = (d + e) % 60;
                var expires = at.AddDays(90 - age);
                checkedUtc.Value = at.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                status.Value = (int)CertificateStatus.Ok;
                serial.Value = $"{e:X4}{(d + e) / 60:X4}";
                thumb.Value = $"{e:X8}{(d + e) / 60:X8}";
                notBefore.Value = expires.AddDays(-90).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                notAfter.Value = expires.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                daysLeftParameter.Value = 90 - age;
                message.Value = "The certificate is valid.";
                await insert.ExecuteNonQueryAsync();
            }
        }
        await transaction.CommitAsync();
    }

    /// <summary>Audit events of every kind spread over the months given, by the seeded people.</summary>
    public static async Task SeedAuditAsync(IServiceProvider services, int count, int months)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var people = await db.Users.OrderBy(u => u.Email).Select(u => new { u.Id, u.Email }).ToListAsync();
        var kinds = typeof(AuditEvents).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!).ToArray();
        var now = DateTime.UtcNow;
        var span = (now - now.AddMonths(-months)).TotalSeconds;
        for (var a = 0; a < count; a++)
        {
            var actor = people[a % people.Count];
            var target = people[(a * 7 + 3) % people.Count];
            db.AuditEvents.Add(new AuditEvent
            {
                OccurredUtc = now.AddSeconds(-span * (count - a) / count),
                EventType = kinds[a % kinds.Length],
                ActorUserId = actor.Id,
                ActorEmail = actor.Email,
                Target = target.Email,
                Details = a % 3 == 0 ? "Staff -> Manager" : null,
                IpAddress = $"192.0.2.{a % 250 + 1}",
            });
            if (a % 5000 == 4999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
    }

    private static string ConnectionString(IServiceProvider services)
    {
        using var db = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        return db.Database.GetConnectionString()!;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
