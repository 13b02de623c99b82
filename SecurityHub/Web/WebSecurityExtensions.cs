using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using SecurityHub.Data;
using SecurityHub.Jobs;

namespace SecurityHub.Web;

public static class WebSecurityExtensions
{
    /// <summary>Paths whose posts are rate-limited per client IP (sign-in, passkey options, setup, 2FA, recovery codes, invitations).</summary>
    public static readonly string[] LimitedPostPaths =
    [
        "/account/login", "/account/loginwith2fa", "/account/loginwithrecoverycode", "/setup", "/invite",
        "/account/forgotpassword", "/account/resetpassword", "/account/passkeyrequestoptions",
    ];

    /// <summary>The app's policy: no inline script anywhere; inline styles for the component library.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>
    /// The Hangfire dashboard's policy: the app's, with styles narrowed to the dashboard's one inline style
    /// element and its one style attribute value (by hash) instead of any inline style.
    /// </summary>
    public const string DashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'sha256-z7zcnw/4WalZqx+PrNaRnoeLz/G9WXuFqV1WCJ129sg='; " +
        "style-src-attr 'unsafe-hashes' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>The hosts answered when AllowedHosts is not configured: this machine only.</summary>
    public static readonly string[] DefaultAllowedHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static void AddWebSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, token) =>
            {
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many attempts from your address. Wait a minute and try again.", token);
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method) || !IsLimitedPath(context.Request.Path))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }
                var perMinute = context.RequestServices.GetRequiredService<IOptions<SecurityHubOptions>>().Value.SignInPostsPerMinute;
                var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                // The sign-in page asks for passkey options on every load (browser autofill): counted on
                // their own, so opening the page does not use up the sign-in attempts.
                var partition = context.Request.Path.StartsWithSegments("/Account/PasskeyRequestOptions", StringComparison.OrdinalIgnoreCase)
                    ? "passkey-options:" + ip : "sign-in:" + ip;
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
        // Requests for any other host are refused (AllowedHosts); the public address's own host is always allowed.
        builder.Services.AddScoped<PublicAddress>();
        // The default lives in code, not only in appsettings.json: a build started from another folder reads
        // no appsettings.json, and ASP.NET Core would then answer any host.
        var configuredHosts = builder.Configuration["AllowedHosts"];
        builder.Services.AddOptions<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>().PostConfigure<IOptions<SecurityHubOptions>>((hosts, app) =>
        {
            if (string.IsNullOrWhiteSpace(configuredHosts))
            {
                hosts.AllowedHosts = [.. DefaultAllowedHosts];
            }
            if (Uri.TryCreate(app.Value.PublicBaseUrl, UriKind.Absolute, out var publicUri) && !hosts.AllowedHosts.Contains("*"))
            {
                hosts.AllowedHosts = [.. hosts.AllowedHosts, publicUri.IdnHost];
            }
        });
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
    }

    private static bool IsLimitedPath(PathString path)
    {
        var value = path.Value?.ToLowerInvariant().TrimEnd('/') ?? "";
        return LimitedPostPaths.Any(p => value == p || value.StartsWith(p + "/", StringComparison.Ordinal));
    }

    /// <summary>
    /// Security headers on every response, no-store on authenticated pages, and a refusal of any
    /// /_blazor connection whose Origin is not this site.
    /// </summary>
    public static void UseWebSecurity(this WebApplication app)
    {
        app.Use(AnswerBadRequestsAsync);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/_blazor") && !IsSameOrigin(context.Request))
            {
                // A plain 403: no status-code page re-execution for a cross-site hub request.
                context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            // Read now: inside the dashboard's branch the path base takes "/jobs/hangfire" off the path.
            var policy = context.Request.Path.StartsWithSegments(JobsExtensions.DashboardPath) ? DashboardContentSecurityPolicy : ContentSecurityPolicy;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                // "same-origin": nothing leaks to other sites, and same-origin form posts keep their Origin header
                // (with "no-referrer" browsers send "Origin: null", which breaks passkey origin checks).
                headers["Referrer-Policy"] = "same-origin";
                headers.XFrameOptions = "DENY";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (context.User.Identity?.IsAuthenticated == true || context.Request.Path.StartsWithSegments("/Account") ||
                    context.Request.Path.StartsWithSegments("/setup") || context.Request.Path.StartsWithSegments("/invite"))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }
                return Task.CompletedTask;
            });
            await next(context);
        });
    }

    /// <summary>
    /// A failed antiforgery check or a request the endpoints cannot bind (minimal APIs throw these, in Development
    /// at least) is a 400 with a plain message, not a 500: the endpoint has not run, so nothing happened.
    /// One place for every endpoint of the app.
    /// </summary>
    private static async Task AnswerBadRequestsAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ex is AntiforgeryValidationException or BadHttpRequestException && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = ex is BadHttpRequestException { StatusCode: >= 400 and < 500 } bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(ex is AntiforgeryValidationException
                ? "This form has expired or did not come from this site, so nothing was done. Reload the page and try again."
                : "The request could not be read, so nothing was done. Reload the page and try again.", context.RequestAborted);
        }
    }

    internal static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            // Browsers always send Origin on a WebSocket handshake; same-origin GETs may omit it.
            return !request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);
        }
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);
    }
}
