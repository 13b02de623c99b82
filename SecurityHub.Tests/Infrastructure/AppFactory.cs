using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecurityHub.Account;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Data;
using SecurityHub.Organization;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// The real app, with its own temporary data directory (a real SQLite file, migrated at start-up),
/// a test clock and the scheduler off. <see cref="StartKestrel()"/> serves it on a loopback port for browsers.
/// </summary>
public partial class AppFactory : WebApplicationFactory<Program>
{
    public const string DefaultPassword = "correct horse battery staple";

    private readonly Dictionary<string, string?> _settings = new();
    private bool _kestrel;

    /// <summary>Where the test clock starts unless a test says otherwise.</summary>
    public static readonly DateTimeOffset DefaultClockStart = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private RealTimeTicker? _ticker;

    /// <param name="clockStart">The test clock's first instant; it only moves forward from there.</param>
    public AppFactory(DateTimeOffset? clockStart = null)
    {
        Clock = new FakeTimeProvider(clockStart ?? DefaultClockStart);
        DataDirectory = Path.Combine(Path.GetTempPath(), "securityhub-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _settings["SecurityHub:DataDirectory"] = DataDirectory;
        _settings["SecurityHub:SchedulerEnabled"] = "false";
    }

    public string DataDirectory { get; }
    /// <summary>The app's clock: stands still until the test moves it, or until <see cref="StartClockTicking"/>.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>From now on the clock also moves with real time, as on a real server (Advance still jumps ahead).</summary>
    public AppFactory StartClockTicking()
    {
        _ticker ??= new RealTimeTicker(Clock);
        return this;
    }
    public LogCapture Logs { get; } = new();
    public string Environment { get; set; } = "Development";

    /// <summary>Overrides one configuration value; call before the app starts.</summary>
    public AppFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    private readonly List<Action<IServiceCollection>> _services = [];

    /// <summary>Adds or replaces services (after the app's own); call before the app starts.</summary>
    public AppFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>Serves the app on a real loopback port and returns its base address.</summary>
    public Uri StartKestrel() => StartKestrel(0);

    /// <summary>
    /// Serves the app on the given loopback port (0: any free one), for instance the port of an app that was
    /// just stopped, so that a browser keeps its origin and cookies across a restart.
    /// </summary>
    public Uri StartKestrel(int port)
    {
        _kestrel = true;
        UseKestrel(port);
        StartServer();
        return ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    /// <summary>A client that speaks "https" to the in-memory server, so Secure cookies flow as in a browser.</summary>
    public HttpClient CreateHttpsClient(bool followRedirects = false)
    {
        if (_kestrel)
        {
            throw new InvalidOperationException("Use a browser against the Kestrel address.");
        }
        return CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = followRedirects,
            HandleCookies = true,
        });
    }

    public T GetService<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A scoped service (a feature's service) from a scope of its own, as a page would get it.</summary>
    public T GetServiceInScope<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public async Task<ApplicationDbContext> CreateDbContextAsync() =>
        await Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();

    /// <summary>Authenticator keys (Base32) of the users this factory enrolled, by email.</summary>
    public Dictionary<string, string> AuthenticatorKeys { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Creates the business profile if missing, then a user with a role. Owners and Managers are enrolled
    /// in 2FA (as the app requires) unless <paramref name="enrollTwoFactor"/> says otherwise. Returns the id.
    /// </summary>
    public async Task<string> SeedUserAsync(string email, string role, string password = DefaultPassword, string? name = null, bool? enrollTwoFactor = null)
    {
        StartServer(); // make sure the host (and its migrations) has started; works with Kestrel too
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        if (!await db.Organizations.AnyAsync())
        {
            db.Organizations.Add(new OrganizationProfile { BusinessName = "Test Bakery", TimeZoneId = "UTC", StaffCount = 3, UpdatedUtc = Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }
        await RoleSeeder.EnsureRolesAsync(scope.ServiceProvider);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name ?? email.Split('@')[0], CreatedUtc = Clock.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        if (enrollTwoFactor ?? role is Roles.Owner or Roles.Manager)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            AuthenticatorKeys[email] = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        return user.Id;
    }

    /// <summary>
    /// The principal a signed-in browser carries for a user (roles, security stamp and a live server-side
    /// session, as after a sign-in), found by id or email.
    /// </summary>
    public async Task<System.Security.Claims.ClaimsPrincipal> PrincipalForAsync(string idOrEmail)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(idOrEmail) ?? await users.FindByEmailAsync(idOrEmail)
            ?? throw new InvalidOperationException($"No user {idOrEmail}");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        await GetService<DbTicketStore>().StoreAsync(new Microsoft.AspNetCore.Authentication.AuthenticationTicket(principal, IdentityConstants.ApplicationScheme));
        return principal;
    }

    /// <summary>GETs a page and reads the antiforgery token from its form.</summary>
    public static async Task<string> GetAntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a static-SSR form (with its handler name and antiforgery token) the way a browser does.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await GetAntiforgeryTokenAsync(client, path);
        var all = new List<KeyValuePair<string, string>>(fields)
        {
            new("_handler", formName),
            new("__RequestVerificationToken", token),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(all));
    }

    /// <summary>Posts the password form only (the first sign-in step).</summary>
    public static Task<HttpResponseMessage> PostPasswordAsync(HttpClient client, string email, string password = DefaultPassword) =>
        PostFormAsync(client, "/Account/Login", "login", [new("Input.Email", email), new("Input.Password", password)]);

    /// <summary>
    /// Signs in like a person: the password, then (for an enrolled user) a fresh code from their
    /// authenticator. The test clock moves on one step first, since a code is accepted only once.
    /// </summary>
    public async Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password = DefaultPassword)
    {
        var response = await PostPasswordAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString().Contains("LoginWith2fa", StringComparison.Ordinal) != true
            || !AuthenticatorKeys.TryGetValue(email, out var key))
        {
            return response;
        }
        Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        var code = Totp.Compute(Totp.DecodeBase32(key)!, Totp.StepAt(Clock.GetUtcNow())).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var location = response.Headers.Location!;
        var path = location.IsAbsoluteUri ? location.PathAndQuery : "/" + location.OriginalString.TrimStart('/');
        return await PostFormAsync(client, path, "login-with-2fa", [new("Input.TwoFactorCode", code)]);
    }

    protected override void Dispose(bool disposing)
    {
        _ticker?.Dispose();
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a background thread: the temp folder is cleaned by the OS later.
            }
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
