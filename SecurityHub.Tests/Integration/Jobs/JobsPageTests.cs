using SecurityHub.Account;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Jobs;

/// <summary>The /jobs page as the server first renders it, with the scheduler off as in every test.</summary>
public class JobsPageTests
{
    [Fact]
    public async Task Get_Owner_ListsJobsAndSaysSchedulerIsOff()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "owner@example.com");

        var html = await client.GetStringAsync("/jobs");

        Assert.Contains("Send queued email", html, StringComparison.Ordinal);
        Assert.Contains("Every 30 seconds", html, StringComparison.Ordinal);
        Assert.Contains("Clean up sessions and job history", html, StringComparison.Ordinal);
        Assert.Contains("Every day at 03:00 UTC", html, StringComparison.Ordinal);
        Assert.Contains("The scheduler is off", html, StringComparison.Ordinal);
        Assert.Contains("Run Send queued email now", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Manager_IsSentToAccessDenied()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("manager@example.com", Roles.Manager);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "manager@example.com");

        using var response = await client.GetAsync("/jobs");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Send queued email", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
