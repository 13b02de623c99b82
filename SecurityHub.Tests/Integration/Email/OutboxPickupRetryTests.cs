using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Data;
using SecurityHub.Email;
using static SecurityHub.Tests.Integration.Email.EmailTestKit;

namespace SecurityHub.Tests.Integration.Email;

/// <summary>
/// A message saved to the pickup folder reached nobody, but it was handled: "Retry now" must not send it a
/// second time once a server is set. The app's real SQLite file in its data directory, the real relay.
/// </summary>
public class OutboxPickupRetryTests
{
    [Fact]
    public async Task RetryNow_MessageSavedToPickupFolder_RefusedSayingSoAndNeverSentAgain()
    {
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner));
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "securityhub.db")), "The test should run on the app's SQLite file.");
        var id = await EnqueueAsync(app, "kim@bakery.example", subject: "You're invited");
        var pickup = app.GetService<DataPaths>().PickupDirectory;
        Assert.Equal(new RelayResult(0, 0, 0, SavedToPickupFolder: 1), await RelayAsync(app));
        var saved = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.SavedToPickupFolder, saved.Status);

        // Now a server is set (a closed port: any attempt to send would show up as a retry or a failure).
        await UseSmtpAsync(app, "127.0.0.1", ClosedPort());

        var result = await WithServiceAsync(app, s => s.RetryNowAsync(owner, id));

        Assert.False(result.Succeeded);
        Assert.Contains("saved to the pickup folder, not delivered", Assert.Single(result.Errors.Values), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(new RelayResult(0, 0, 0, SavedToPickupFolder: 0), await RelayAsync(app));
        var after = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.SavedToPickupFolder, after.Status);
        Assert.Equal(saved.Attempts, after.Attempts);
        Assert.Equal(saved.SentUtc, after.SentUtc);
        Assert.Null(after.LastError);
        Assert.Single(Directory.GetFiles(pickup, "*.eml"));
    }

    [Fact]
    public async Task RetryNow_UnknownId_RefusedAndNothingChanges()
    {
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner));
        var id = await EnqueueAsync(app, "kim@bakery.example");

        var result = await WithServiceAsync(app, s => s.RetryNowAsync(owner, id + 1000));

        Assert.False(result.Succeeded);
        Assert.Equal("That message no longer exists.", result.Errors.Values.Single());
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(OutboxStatus.Pending, (await db.OutboxMessages.SingleAsync()).Status);
    }

    private static int ClosedPort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
