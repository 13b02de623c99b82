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
        Assert.Contains("Run now: Send queued email", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/jobs/hangfire/\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Owner_OpensWithItsOwnContentSecurityPolicy()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "owner@example.com");

        // The test server has no remote address, which Hangfire's default local-only filter would refuse:
        // a 200 here means the Owner policy is what decides.
        using var response = await client.GetAsync("/jobs/hangfire/");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("SecurityHub jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(SecurityHub.Web.WebSecurityExtensions.DashboardContentSecurityPolicy, policy);
        Assert.DoesNotContain("'unsafe-inline'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/jobs/hangfire")]
    [InlineData("/jobs/hangfire/jobs/failed")]
    [InlineData("/jobs/hangfire/stats")]
    public async Task Dashboard_Anonymous_IsSentToSignIn(string path)
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();

        using var response = path.EndsWith("/stats", StringComparison.Ordinal)
            ? await client.PostAsync(path, new System.Net.Http.FormUrlEncodedContent([]))
            : await client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Staff)]
    public async Task Dashboard_NotOwner_IsRefused(string role)
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("someone@example.com", role);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "someone@example.com");

        using var response = await client.GetAsync("/jobs/hangfire/");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
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
