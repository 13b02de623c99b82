using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using MudBlazor.Services;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Certificates;

/// <summary>
/// The add/edit dialog of the Certificates page, rendered with bunit over the real CertificatesService and database:
/// refused input keeps the dialog open with what was typed; a good one closes it and is saved.
/// </summary>
public sealed class EndpointDialogTests : BunitContext, IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private AsyncServiceScope _scope;
    private System.Security.Claims.ClaimsPrincipal _manager = new();

    public async Task InitializeAsync()
    {
        await _app.SeedUserAsync("manager@example.com", Roles.Manager);
        _manager = await _app.PrincipalForAsync("manager@example.com");
        _scope = _app.Services.CreateAsyncScope();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_scope.ServiceProvider.GetRequiredService<CertificatesService>());
    }

    [Fact]
    public async Task Add_BadHostThenGoodHost_KeepsTheDialogOpenWithTheInputThenSaves()
    {
        var (provider, dialog) = await OpenAsync(new EndpointInput());

        provider.Find("input[maxlength='253']").Change("https://shop.example.com/<script>");
        provider.Find("input[maxlength='200']").Change("Online shop");
        await provider.Find("form").SubmitAsync();

        provider.WaitForAssertion(() => Assert.Contains("is not a host name", provider.Markup, StringComparison.Ordinal));
        Assert.False(dialog.Result.IsCompleted);
        Assert.Equal("https://shop.example.com/<script>", provider.Find("input[maxlength='253']").GetAttribute("value"));
        Assert.Equal("Online shop", provider.Find("input[maxlength='200']").GetAttribute("value"));
        Assert.Empty(provider.FindAll("form script"));

        provider.Find("input[maxlength='253']").Change("shop.example.com");
        await provider.Find("form").SubmitAsync();

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result!.Canceled);
        await using var db = await _app.CreateDbContextAsync();
        var saved = await db.CertificateEndpoints.SingleAsync();
        Assert.Equal(("shop.example.com", 443, "Online shop"), (saved.Host, saved.Port, saved.Label));
    }

    [Fact]
    public async Task Edit_EndpointRemovedMeanwhile_SaysSoAndStaysOpen()
    {
        var (provider, dialog) = await OpenAsync(new EndpointInput { Id = 4242, Host = "gone.example.com" });

        await provider.Find("form").SubmitAsync();

        provider.WaitForAssertion(() => Assert.Contains("This endpoint no longer exists", provider.Markup, StringComparison.Ordinal));
        Assert.False(dialog.Result.IsCompleted);
        await using var db = await _app.CreateDbContextAsync();
        Assert.Empty(await db.CertificateEndpoints.ToListAsync());
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenAsync(EndpointInput input)
    {
        var provider = Render<MudDialogProvider>();
        var service = Services.GetRequiredService<IDialogService>();
        IDialogReference? dialog = null;
        var parameters = new DialogParameters<EndpointDialog> { { d => d.Input, input }, { d => d.User, _manager } };
        await provider.InvokeAsync(async () => dialog = await service.ShowAsync<EndpointDialog>("Endpoint", parameters));
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("form")));
        return (provider, dialog!);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _scope.DisposeAsync();
        _app.Dispose();
    }
}
