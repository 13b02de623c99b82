using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Audit;

/// <summary>The audit page's queries: filters, newest first, and server-side paging.</summary>
public class AuditServiceTests
{
    [Fact]
    public async Task Query_FiltersAndPages_ReturnsNewestFirstWithTotal()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var audit = app.GetService<AuditLog>();
        for (var i = 1; i <= 30; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await audit.WriteAsync(i % 3 == 0 ? AuditEvents.SignInFailed : AuditEvents.SignedIn, actorEmail: $"user{i % 2}@example.com", target: $"#{i}");
        }
        // Signed in now: a session from before the half hour above would have timed out.
        var owner = await app.PrincipalForAsync("owner@example.com");

        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<AuditService>();

        var first = await service.QueryAsync(owner, new AuditFilter(), skip: 0, take: 25);
        Assert.Equal(30, first.TotalCount);
        Assert.Equal(25, first.Items.Count);
        Assert.Equal("#30", first.Items[0].Target);
        var second = await service.QueryAsync(owner, new AuditFilter(), skip: 25, take: 25);
        Assert.Equal(["#5", "#4", "#3", "#2", "#1"], second.Items.Select(e => e.Target));

        var failed = await service.QueryAsync(owner, new AuditFilter(EventType: AuditEvents.SignInFailed), 0, 25);
        Assert.Equal(10, failed.TotalCount);
        Assert.All(failed.Items, e => Assert.Equal(AuditEvents.SignInFailed, e.EventType));

        var user1 = await service.QueryAsync(owner, new AuditFilter(Actor: "user1@"), 0, 25);
        Assert.Equal(15, user1.TotalCount);
        // Email addresses match whatever their case; the typed text is literal, so "_" and "%" are no wildcards.
        Assert.Equal(15, (await service.QueryAsync(owner, new AuditFilter(Actor: " USER1@Example "), 0, 25)).TotalCount);
        Assert.Equal(0, (await service.QueryAsync(owner, new AuditFilter(Actor: "user_"), 0, 25)).TotalCount);
        Assert.Equal(0, (await service.QueryAsync(owner, new AuditFilter(Actor: "%"), 0, 25)).TotalCount);

        var types = await service.EventTypesAsync(owner);
        Assert.Equal([AuditEvents.SignInFailed, AuditEvents.SignedIn], types);
    }
}
