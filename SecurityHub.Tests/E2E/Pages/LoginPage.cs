using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

/// <summary>The sign-in form (a static page: a real form post).</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Exact = true });

    public ILocator Email => page.GetByLabel("Email", new() { Exact = true });

    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });

    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });

    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public ILocator Status => page.GetByRole(AriaRole.Status);

    /// <summary>The sign-in page's own address (any query), so a wrong relative path such as /inventory/systems/Account/Login fails.</summary>
    public static System.Text.RegularExpressions.Regex AddressOf(Uri baseAddress) =>
        new("^" + System.Text.RegularExpressions.Regex.Escape(new Uri(baseAddress, "/Account/Login").ToString()) + @"(\?.*)?$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>A message above the form (a status or an alert) whose text matches, such as why a session ended.</summary>
    public ILocator Notice(System.Text.RegularExpressions.Regex text) =>
        page.GetByRole(AriaRole.Status).Or(page.GetByRole(AriaRole.Alert)).Filter(new() { HasTextRegex = text });

    public async Task GotoAsync()
    {
        await page.GotoAsync("Account/Login");
        await Assertions.Expect(Heading).ToBeVisibleAsync();
    }

    public ILocator SecondStepHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Second step", Exact = true });

    /// <summary>Types a code on the "Second step" page and submits it.</summary>
    public async Task EnterCodeAsync(string code)
    {
        await Assertions.Expect(SecondStepHeading).ToBeVisibleAsync();
        await page.GetByLabel("Code from your app").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>Signs in a seeded user: the password, then a fresh authenticator code when they have one.</summary>
    public async Task SignInWithCodeAsync(Infrastructure.AppFactory app, string email, string password = Infrastructure.AppFactory.DefaultPassword)
    {
        await SignInAsync(email, password);
        if (app.AuthenticatorKeys.TryGetValue(email, out var key))
        {
            await EnterCodeAsync(Authenticator.NextCode(app, key));
        }
    }

    /// <summary>Fills the form and submits it, then waits for whatever page the server answered with.</summary>
    public async Task SignInAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        var response = await page.RunAndWaitForResponseAsync(
            () => SignInButton.ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
        Assert.True(response.Status is 200 or 302, $"Sign-in answered {response.Status}");
        await page.WaitForLoadStateAsync(LoadState.Load);
    }
}
