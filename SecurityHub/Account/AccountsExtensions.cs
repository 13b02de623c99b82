using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Audit;
using SecurityHub.Data;

namespace SecurityHub.Account;

public static class AccountsExtensions
{
    /// <summary>PBKDF2 iterations for password hashes (OWASP's figure for PBKDF2-HMAC-SHA512 is 210,000).</summary>
    public const int HashIterations = 210_000;

    public const string CookieName = "__Host-SecurityHub";

    /// <summary>
    /// ASP.NET Core Identity with SecurityHub's baseline: 12-character passwords checked against a
    /// common-password list, lockout after 5 failures, stronger hashing, server-side sessions in a
    /// __Host- cookie, and interactive circuits revalidated every minute.
    /// </summary>
    public static void AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddSingleton<AuditLog>();
        services.AddScoped<AccessGuard>();
        services.AddSingleton<DbTicketStore>();
        services.AddSingleton<AccountStatus>();
        services.AddScoped<CircuitActivity>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitActivityHandler>();
        services.AddScoped<TwoFactorService>();
        services.AddSingleton<TwoFactorGate>();
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, TwoFactorEnrolledHandler>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        services.AddAuthorization(Policies.Configure);

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Tokens.AuthenticatorTokenProvider = StrictAuthenticatorTokenProvider.ProviderName;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ApplicationDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddUserStore<ProtectedUserStore>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<StrictAuthenticatorTokenProvider>(StrictAuthenticatorTokenProvider.ProviderName)
            .AddPasswordValidator<CommonPasswordValidator>();

        // Identity's default is 100,000; hashes made with fewer are upgraded at the next sign-in.
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = HashIterations);

        // Check the security stamp (and so "disabled") on every request rather than every 30 minutes.
        // Each check rebuilds the principal from the database; the sign-in's own claims (session id, how
        // the person signed in) come along, or open pages would lose their session a minute later.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.Zero;
            o.OnRefreshingPrincipal = context =>
            {
                SessionClaims.Carry(context.CurrentPrincipal, context.NewPrincipal!);
                return Task.CompletedTask;
            };
        });

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<DbTicketStore, TimeProvider>((options, store, clock) =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.Path = "/";
                options.ExpireTimeSpan = DbTicketStore.IdleTimeout;
                options.SlidingExpiration = true;
                options.LoginPath = "/Account/Login";
                options.AccessDeniedPath = "/Account/AccessDenied";
                options.SessionStore = store;
                options.TimeProvider = clock;
            });

        // "Remember this browser" after a 2FA sign-in lasts SecurityHub:RememberBrowserDays (30 by default).
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<SecurityHubOptions>>((options, app) =>
                options.ExpireTimeSpan = TimeSpan.FromDays(Math.Max(1, app.Value.RememberBrowserDays)));

        foreach (var scheme in new[] { IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
        {
            services.AddOptions<CookieAuthenticationOptions>(scheme).Configure<TimeProvider>((options, clock) =>
            {
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.TimeProvider = clock;
            });
        }

        // The antiforgery cookie is no credential; it follows the request's scheme so that plain
        // http://localhost works out of the box. The auth cookie is always Secure (browsers accept that on localhost).
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "SecurityHub.Antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddScoped<IEmailSender<ApplicationUser>, SecurityHub.Email.IdentityEmailSender>();
    }
}
