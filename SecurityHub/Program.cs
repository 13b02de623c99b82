using SecurityHub.Account;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Audit;
using SecurityHub.Certificates;
using SecurityHub.Checklist;
using SecurityHub.Components;
using SecurityHub.Dashboard;
using SecurityHub.Data;
using SecurityHub.Demo;
using SecurityHub.Email;
using SecurityHub.Inventory;
using SecurityHub.Jobs;
using SecurityHub.Organization;
using SecurityHub.Team;
using SecurityHub.Web;

var builder = WebApplication.CreateBuilder(DemoMode.Apply(args));

builder.AddData();
builder.AddAccounts();
builder.AddOrganization();
builder.AddTeam();
builder.AddEmail();
builder.AddAudit();
builder.AddJobs();
builder.AddCertificates();
builder.AddInventory();
builder.AddChecklist();
builder.AddDashboard();
builder.AddDemo();
builder.AddWebSecurity();
builder.AddUserInterface();

var app = builder.Build();

// Headless install: `create-owner --email x@y` reads the password from standard input and exits.
if (await OwnerCommand.TryRunAsync(app, args) is { } exitCode)
{
    return exitCode;
}

// Errors and transport security
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseForwardedHeaders();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

// Headers, origin check, rate limits
app.UseWebSecurity();
app.UseRateLimiter();

// Who is asking, and the 2FA roadblock before anything else they ask for
app.UseAuthentication();
app.UseTwoFactorEnrollment();
app.UseAuthorization();

// Pages and endpoints
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();
app.MapAuditEndpoints();
app.MapJobsDashboard();
app.MapInventoryEndpoints();
app.MapHealthChecks("/healthz");

await app.RunAsync();
return 0;

public partial class Program;
