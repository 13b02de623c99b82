using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Organization;

public partial class SetupTests
{
    private static string SetupCode(AppFactory app)
    {
        _ = app.Server;
        var line = app.Logs.Messages.LastOrDefault(m => m.Contains("setup code", StringComparison.Ordinal));
        Assert.NotNull(line);
        Assert.Contains("/setup", line, StringComparison.Ordinal);
        return CodePattern().Match(line).Value;
    }

    private static KeyValuePair<string, string>[] Fields(string code, string email = "owner@test.example", string business = "Crumb & Co", string password = "lantern river bakery") =>
    [
        new("Input.Code", code),
        new("Input.Organization.BusinessName", business),
        new("Input.Organization.WebsiteDomains", "crumb.example\nshop.crumb.example"),
        new("Input.Organization.TimeZoneId", "UTC"),
        new("Input.Organization.StaffCount", "4"),
        new("Input.OwnerName", "Rosa"),
        new("Input.Email", email),
        new("Input.Password", password),
        new("Input.ConfirmPassword", password),
    ];

    [Fact]
    public async Task Setup_ValidCode_CreatesOwnerOnceThenPageIsGone()
    {
        using var app = new AppFactory();
        var code = SetupCode(app);
        using var client = app.CreateHttpsClient();

        var response = await AppFactory.PostFormAsync(client, "/setup", "setup", Fields(code));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Login", response.Headers.Location!.ToString());

        await using (var db = await app.CreateDbContextAsync())
        {
            Assert.Equal("Crumb & Co", (await db.Organizations.SingleAsync()).BusinessName);
            Assert.Equal("owner@test.example", (await db.Users.SingleAsync()).Email);
            // The code is stored hashed only.
            var state = await db.SetupStates.SingleAsync();
            Assert.NotEqual(code, state.CodeHash);
            Assert.NotNull(state.UsedUtc);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, "owner@test.example", "lantern river bakery")).StatusCode);
        // The new owner's first stop is two-factor enrollment, for the business named at setup.
        var first = await client.GetAsync("/");
        Assert.Equal("/Account/Manage/EnableAuthenticator", first.Headers.Location!.OriginalString);
        var enrollment = await client.GetStringAsync(first.Headers.Location);
        Assert.Contains("Crumb &amp; Co", enrollment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_ReusedCode_Refused()
    {
        using var app = new AppFactory();
        var code = SetupCode(app);
        var setup = app.GetService<SecurityHub.Organization.SetupService>();
        var first = await setup.CompleteAsync(Input(code, "first@test.example"));
        Assert.True(first.Succeeded);

        var second = await setup.CompleteAsync(Input(code, "second@test.example"));
        Assert.False(second.Succeeded);
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "second@test.example"));
    }

    [Fact]
    public async Task Setup_WrongCode_SavesNothingAndRightCodeStillWorks()
    {
        using var app = new AppFactory();
        var code = SetupCode(app);
        using var client = app.CreateHttpsClient();

        var wrong = await AppFactory.PostFormAsync(client, "/setup", "setup", Fields("AAAAA-BBBBB-CCCCC"));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("setup code is not valid", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = await app.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.Users.CountAsync());
            Assert.Equal(0, await db.Organizations.CountAsync());
        }

        var right = await AppFactory.PostFormAsync(client, "/setup", "setup", Fields(code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
    }

    [Theory]
    [InlineData("ceo@victim.example")]
    [InlineData("")]
    [InlineData("not an email\r\nForged: line")]
    public async Task Setup_WrongCode_AuditedAsAnonymousWithoutTheTypedEmailOrCode(string email)
    {
        using var app = new AppFactory();
        _ = SetupCode(app);
        using var client = app.CreateHttpsClient();

        await AppFactory.PostFormAsync(client, "/setup", "setup", Fields("AAAAA-BBBBB-CCCCC", email: email));

        await using var db = await app.CreateDbContextAsync();
        var rejected = await db.AuditEvents.SingleAsync(e => e.EventType == "setup.code-rejected");
        Assert.Equal("anonymous", rejected.ActorEmail);
        Assert.Null(rejected.ActorUserId);
        foreach (var value in new[] { rejected.ActorEmail, rejected.Target, rejected.Details })
        {
            Assert.DoesNotContain("AAAAA", value ?? "", StringComparison.OrdinalIgnoreCase);
            Assert.True(email.Length == 0 || !(value ?? "").Contains(email.Split('\r')[0], StringComparison.OrdinalIgnoreCase), value);
        }
    }

    [Theory]
    [InlineData("owner@test.example", "", "lantern river bakery", "business name")]
    [InlineData("owner@test.example", "Evil\r\nBcc: x@y.example", "lantern river bakery", "line breaks")]
    [InlineData("not an email", "Shop", "lantern river bakery", "valid email")]
    [InlineData("owner@test.example", "Shop", "short", "at least 12")]
    [InlineData("owner@test.example", "Shop", "password1234", "commonly used")]
    public async Task Setup_BadInput_ShowsMessageAndSavesNothing(string email, string business, string password, string message)
    {
        using var app = new AppFactory();
        var code = SetupCode(app);
        using var client = app.CreateHttpsClient();
        var response = await AppFactory.PostFormAsync(client, "/setup", "setup", Fields(code, email, business, password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.Organizations.CountAsync());
    }

    [Fact]
    public async Task Setup_HugeInput_RefusedCleanly()
    {
        using var app = new AppFactory();
        var code = SetupCode(app);
        var setup = app.GetService<SecurityHub.Organization.SetupService>();
        var input = Input(code, "owner@test.example");
        input.Organization.BusinessName = new string('x', 100_000);
        input.Organization.WebsiteDomains = string.Join('\n', Enumerable.Range(0, 500).Select(i => $"d{i}.example"));
        var result = await setup.CompleteAsync(input);
        Assert.False(result.Succeeded);
        Assert.True(result.Errors.ContainsKey("Organization.BusinessName"));
        Assert.True(result.Errors.ContainsKey("Organization.WebsiteDomains"));
    }

    [Fact]
    public async Task CreateOwnerCommand_PasswordOnStdin_CreatesOwnerAndClosesSetup()
    {
        using var app = new AppFactory();
        _ = SetupCode(app);
        var dll = Path.Combine(AppContext.BaseDirectory, "SecurityHub.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "create-owner", "--email", "cli@test.example", "--business", "Cli Shop"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["SecurityHub__DataDirectory"] = app.DataDirectory;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("lantern river bakery");
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output + errors);
        Assert.DoesNotContain("lantern river bakery", output + errors, StringComparison.Ordinal);

        using var client = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, "cli@test.example", "lantern river bakery")).StatusCode);
        Assert.Equal("/Account/Manage/EnableAuthenticator", (await client.GetAsync("/")).Headers.Location!.OriginalString);
        using var anonymous = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/setup")).StatusCode);
    }

    [Fact]
    public async Task CreateOwnerCommand_WeakPassword_FailsWithMessage()
    {
        var dir = Path.Combine(Path.GetTempPath(), "securityhub-tests", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SecurityHub.dll"), "create-owner", "--email", "cli@test.example"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["SecurityHub__DataDirectory"] = dir;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("short");
        process.StandardInput.Close();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("at least 12", errors, StringComparison.Ordinal);
    }

    private static SecurityHub.Organization.SetupInput Input(string code, string email) => new()
    {
        Code = code,
        Organization = new SecurityHub.Organization.OrganizationInput { BusinessName = "Shop", TimeZoneId = "UTC", StaffCount = 2 },
        OwnerName = "Owner",
        Email = email,
        Password = "lantern river bakery",
        ConfirmPassword = "lantern river bakery",
    };

    [GeneratedRegex("[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}")]
    private static partial Regex CodePattern();
}
