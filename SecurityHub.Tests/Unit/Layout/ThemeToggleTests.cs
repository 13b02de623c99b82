using System.Security.Claims;
using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using SecurityHub.Components.Layout;
using SecurityHub.Components.Shared;
using SecurityHub.Data;

namespace SecurityHub.Tests.Unit.Layout;

/// <summary>
/// The theme toggle in the app bar: the theme follows the operating system until the person picks one, and
/// the pick is stored for them. A real <see cref="UserPreferences"/> over an in-memory SQLite database.
/// </summary>
public sealed class ThemeToggleTests : BunitContext, IAsyncLifetime
{
    private const string UserId = "u1";
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly ClaimsPrincipal _user = new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, UserId)], "test"));

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // Its own EF Core service provider and model cache: a model built here is never the one an app under
        // test (running in parallel, in this process) uses for its migrations check.
        Services.AddDbContextFactory<ApplicationDbContext>(o => o.UseSqlite(_connection).EnableServiceProviderCaching(false));
        Services.AddScoped<UserPreferences>();
        Services.AddScoped<ThemeState>();
        await using var db = await NewDbAsync();
        await db.Database.EnsureCreatedAsync();
        db.Users.Add(new ApplicationUser { Id = UserId, UserName = "robin@bakery.example", Email = "robin@bakery.example" });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Toggle_NewPerson_FollowsTheSystemUntilChosen()
    {
        var theme = await LoadThemeAsync();
        var toggle = Render<ThemeToggle>();

        Assert.Equal("Switch to dark theme", Label(toggle));
        await toggle.InvokeAsync(() => theme.SystemPreferenceAsync(true));
        Assert.Equal("Switch to light theme", Label(toggle));
        await toggle.InvokeAsync(() => theme.SystemPreferenceAsync(false));
        Assert.Equal("Switch to dark theme", Label(toggle));

        Assert.True(theme.FollowsSystem);
        Assert.Equal(UserThemes.System, await StoredThemeAsync());
    }

    [Fact]
    public async Task Toggle_Clicked_StoresTheChoiceAndKeepsItWhateverTheSystemDoes()
    {
        var theme = await LoadThemeAsync();
        var toggle = Render<ThemeToggle>();
        await toggle.InvokeAsync(() => theme.SystemPreferenceAsync(true));

        await toggle.Find("button").ClickAsync(new());

        Assert.Equal("Switch to dark theme", Label(toggle));
        Assert.Equal(UserThemes.Light, await StoredThemeAsync());
        await toggle.InvokeAsync(() => theme.SystemPreferenceAsync(false));
        await toggle.InvokeAsync(() => theme.SystemPreferenceAsync(true));
        Assert.Equal("Switch to dark theme", Label(toggle));
        Assert.False(theme.IsDark);

        // The next page (another circuit) starts from the stored choice, not from the system.
        var next = new ThemeState(Services.GetRequiredService<UserPreferences>());
        await next.LoadAsync(_user);
        await next.SystemPreferenceAsync(true);
        Assert.Equal(UserThemes.Light, next.Choice);
        Assert.False(next.IsDark);
    }

    [Fact]
    public async Task ChooseSystem_AfterAChoice_FollowsTheSystemAgain()
    {
        var theme = await LoadThemeAsync();
        var toggle = Render<ThemeToggle>();
        await toggle.InvokeAsync(() => theme.SystemPreferenceAsync(true));
        await toggle.Find("button").ClickAsync(new());
        Assert.Equal("Switch to dark theme", Label(toggle));

        await toggle.InvokeAsync(() => theme.ChooseAsync(UserThemes.System));

        Assert.Equal("Switch to light theme", Label(toggle));
        Assert.Equal(UserThemes.System, await StoredThemeAsync());
    }

    private async Task<ThemeState> LoadThemeAsync()
    {
        var theme = Services.GetRequiredService<ThemeState>();
        await theme.LoadAsync(_user);
        return theme;
    }

    private static string? Label(IRenderedComponent<ThemeToggle> toggle) => toggle.Find("button").GetAttribute("aria-label");

    private async Task<string> StoredThemeAsync()
    {
        await using var db = await NewDbAsync();
        return await db.Users.Where(u => u.Id == UserId).Select(u => u.Theme).SingleAsync();
    }

    private Task<ApplicationDbContext> NewDbAsync() =>
        Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        // MudBlazor's services are only IAsyncDisposable: a synchronous dispose would throw.
        await base.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
