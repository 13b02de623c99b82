using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Data;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Account;

public class AuthenticatorTests
{
    private static async Task<(AppFactory App, ApplicationUser User, byte[] Key)> ArrangeAsync()
    {
        var app = new AppFactory();
        var id = await app.SeedUserAsync("owner@test.example", Roles.Owner);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(id))!;
        await users.ResetAuthenticatorKeyAsync(user);
        var key = Totp.DecodeBase32((await users.GetAuthenticatorKeyAsync(user))!)!;
        return (app, user, key);
    }

    private static async Task<bool> VerifyAsync(AppFactory app, string userId, string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        return await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
    }

    private static string Code(byte[] key, long step) => Totp.Compute(key, step).ToString("D6", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Verify_WithinOneStep_Accepted(int offset)
    {
        var (app, user, key) = await ArrangeAsync();
        using var _ = app;
        var step = Totp.StepAt(app.Clock.GetUtcNow());
        Assert.True(await VerifyAsync(app, user.Id, Code(key, step + offset)));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    [InlineData(-10)]
    public async Task Verify_TwoOrMoreStepsAway_Refused(int offset)
    {
        var (app, user, key) = await ArrangeAsync();
        using var _ = app;
        var step = Totp.StepAt(app.Clock.GetUtcNow());
        Assert.False(await VerifyAsync(app, user.Id, Code(key, step + offset)));
    }

    [Fact]
    public async Task Verify_SameCodeTwice_SecondRefused()
    {
        var (app, user, key) = await ArrangeAsync();
        using var _ = app;
        var code = Code(key, Totp.StepAt(app.Clock.GetUtcNow()));
        Assert.True(await VerifyAsync(app, user.Id, code));
        Assert.False(await VerifyAsync(app, user.Id, code));

        // An older step is refused too once a newer one was used; the next step works.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(await VerifyAsync(app, user.Id, Code(key, Totp.StepAt(app.Clock.GetUtcNow()) - 1)));
        Assert.True(await VerifyAsync(app, user.Id, Code(key, Totp.StepAt(app.Clock.GetUtcNow()))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcdef")]
    [InlineData("' OR 1=1 --")]
    public async Task Verify_Malformed_Refused(string code)
    {
        var (app, user, _) = await ArrangeAsync();
        using var __ = app;
        Assert.False(await VerifyAsync(app, user.Id, code));
    }

    [Fact]
    public async Task Secrets_NotReadableInDatabaseFile()
    {
        var (app, user, key) = await ArrangeAsync();
        using var _ = app;
        IEnumerable<string> codes;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var fresh = (await users.FindByIdAsync(user.Id))!;
            await users.SetTwoFactorEnabledAsync(fresh, true);
            codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(fresh, 10))!.ToList();
            Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(fresh, codes.First())).Succeeded);
            Assert.False((await users.RedeemTwoFactorRecoveryCodeAsync(fresh, codes.First())).Succeeded);
            Assert.Equal(9, await users.CountRecoveryCodesAsync(fresh));
        }

        string path;
        await using (var db = await app.CreateDbContextAsync())
        {
            path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        var bytes = await File.ReadAllBytesAsync(path);
        var text = Encoding.UTF8.GetString(bytes);
        var base32Key = ToBase32(key);
        Assert.DoesNotContain(base32Key, text, StringComparison.Ordinal);
        foreach (var code in codes.Skip(1))
        {
            Assert.DoesNotContain(code, text, StringComparison.Ordinal);
        }
    }

    private static string ToBase32(byte[] data)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var sb = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                sb.Append(alphabet[(buffer >> bits) & 31]);
            }
        }
        if (bits > 0)
        {
            sb.Append(alphabet[(buffer << (5 - bits)) & 31]);
        }
        return sb.ToString();
    }
}
