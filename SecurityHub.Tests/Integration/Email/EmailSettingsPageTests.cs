using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using SecurityHub.Account;
using SecurityHub.Email;
using SecurityHub.Tests.Infrastructure;
using static SecurityHub.Tests.Integration.Email.EmailTestKit;

namespace SecurityHub.Tests.Integration.Email;

/// <summary>The /settings/email page rendered by the app's own services (static render, as on first load).</summary>
public class EmailSettingsPageTests
{
    [Fact]
    public async Task Render_OwnerWithStoredSettings_ShowsFormWithoutPasswordAndOutboxRows()
    {
        const string Password = "Rendered-Never-9x2";
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner));
        Assert.True((await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, new EmailSettingsInput
        {
            SmtpHost = "127.0.0.1", SmtpPort = 2525, Security = SmtpSecurity.None, Username = "bakery", Password = Password, FromAddress = "alerts@bakery.example", FromName = "Test Bakery",
        }))).Succeeded);
        var id = await EnqueueAsync(app, "robin@bakery.example", subject: "Quarterly checklist");
        await using (var db = await app.CreateDbContextAsync())
        {
            var message = await db.OutboxMessages.FindAsync(id);
            message!.Status = OutboxStatus.Failed;
            message.Attempts = 1;
            message.LastError = "127.0.0.1:2525 answered 550: Mailbox unavailable. The server response was: 5.1.1 No such user";
            await db.SaveChangesAsync();
        }

        var html = await RenderAsync(app, owner);

        Assert.Contains(">Email</h1>", html);
        Assert.Contains("value=\"127.0.0.1\"", html);
        Assert.Contains("value=\"alerts@bakery.example\"", html);
        Assert.Contains("A password is stored. Leave this empty to keep it.", html);
        Assert.Contains("Clear the stored password", html);
        Assert.DoesNotContain(Password, html);
        Assert.Contains("Quarterly checklist", html);
        Assert.Contains("robin@bakery.example", html);
        Assert.Contains("5.1.1 No such user", html);
        Assert.Contains("Failed", html);
        Assert.Contains("Retry now", html);
        Assert.Contains("Send test email", html);
    }

    [Fact]
    public async Task Render_Manager_ServiceRefusesThePage()
    {
        using var app = NewApp();
        var manager = await app.PrincipalForAsync(await app.SeedUserAsync("manager@bakery.example", Roles.Manager));

        await Assert.ThrowsAsync<AccessDeniedException>(() => RenderAsync(app, manager));
    }

    private static async Task<string> RenderAsync(AppFactory app, ClaimsPrincipal user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var navigation = (IHostEnvironmentNavigationManager)scope.ServiceProvider.GetRequiredService<NavigationManager>();
        navigation.Initialize("https://localhost/", "https://localhost/settings/email");
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(CascadingValue<Task<AuthenticationState>>.Value)] = Task.FromResult(new AuthenticationState(user)),
                [nameof(CascadingValue<Task<AuthenticationState>>.ChildContent)] = (RenderFragment)(b =>
                {
                    b.OpenComponent<EmailSettingsPage>(0);
                    b.CloseComponent();
                }),
            });
            var output = await renderer.RenderComponentAsync<CascadingValue<Task<AuthenticationState>>>(parameters);
            return output.ToHtmlString();
        });
    }
}
