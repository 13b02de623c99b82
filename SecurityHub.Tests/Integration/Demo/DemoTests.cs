using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Inventory;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Demo;

public partial class DemoTests
{
    [Fact]
    public async Task DemoMode_SeedsBakeryInItsOwnDatabase_AndPrintsWorkingPasswords()
    {
        using var app = new AppFactory().With("SecurityHub:Demo", "true");
        await using (var db = await app.CreateDbContextAsync())
        {
            Assert.Contains(Path.Combine(app.DataDirectory, "demo"), db.Database.GetConnectionString(), StringComparison.Ordinal);
            Assert.Equal("Crumb & Co. Bakery", (await db.Organizations.SingleAsync()).BusinessName);
            Assert.Equal(3, await db.Users.CountAsync());
        }
        // The real database file is never created or opened.
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "securityhub.db")));
        // No setup code is printed in demo mode.
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains("setup code", StringComparison.Ordinal));

        var printed = app.Logs.Messages.Single(m => m.Contains("passwords are shown only now", StringComparison.Ordinal));
        var owner = OwnerLine().Match(printed);
        Assert.True(owner.Success, printed);
        using var client = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, owner.Groups[1].Value, owner.Groups[2].Value)).StatusCode);
        // The demo owner must enrol in two-factor sign-in like any owner; the page names the bakery.
        var first = await client.GetAsync("/");
        Assert.Equal("/Account/Manage/EnableAuthenticator", first.Headers.Location!.OriginalString);
        Assert.Contains("Crumb &amp; Co. Bakery", await client.GetStringAsync(first.Headers.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoMode_SeedsRealisticInventory_WithAFewFindingsOnPurpose()
    {
        using var app = new AppFactory().With("SecurityHub:Demo", "true");
        _ = app.Server;
        var insights = app.GetService<InventoryInsights>();

        var summary = await insights.SummaryAsync();
        var findings = await insights.FindingsAsync();
        var flows = await insights.FlowsAsync();

        Assert.Equal(8, summary.Systems);
        Assert.True(summary.DataItems >= 15, $"{summary.DataItems} items");
        Assert.Equal(0, summary.Suggestions);
        // Each kind of risk shows up once or more, so the findings page has something to teach...
        var rules = findings.Select(f => f.Rule).ToHashSet();
        foreach (var rule in new[] { FindingRule.SensitiveDataNotEncrypted, FindingRule.RetentionNotSet, FindingRule.PastRetention,
            FindingRule.AdminWithoutTwoFactor, FindingRule.DefaultPasswords, FindingRule.UnsupportedSoftware, FindingRule.NotReviewed, FindingRule.VendorWithoutDpa })
        {
            Assert.Contains(rule, rules);
        }
        // ...but the tidy systems stay clean, and card numbers sit with the processor.
        Assert.DoesNotContain(FindingRule.CardNumbersOutsideProcessor, rules);
        Assert.DoesNotContain(findings, f => f.SystemName is "Online shop" or "Card payments");
        Assert.Contains(flows, f => f.From == "Online shop" && f.To == "Newsletter" && f.Categories.Contains("Email addresses"));
    }

    [Fact]
    public async Task BadOption_StopsStartupNamingTheKey()
    {
        using var app = new AppFactory().With("SecurityHub:SignInPostsPerMinute", "0");
        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains("SignInPostsPerMinute", error.ToString(), StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [GeneratedRegex(@"Owner\s+(\S+@\S+)\s+(\S+)")]
    private static partial Regex OwnerLine();
}
