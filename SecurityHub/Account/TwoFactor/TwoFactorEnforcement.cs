using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;

namespace SecurityHub.Account.TwoFactor;

/// <summary>Part of every role policy: a user whose role needs 2FA must have enrolled.</summary>
public sealed class TwoFactorEnrolledRequirement : IAuthorizationRequirement;

public sealed class TwoFactorEnrolledHandler(TwoFactorGate twoFactor) : AuthorizationHandler<TwoFactorEnrolledRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TwoFactorEnrolledRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && !await twoFactor.MustEnrollAsync(context.User))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>
/// The roadblock: until an Owner or Manager (or Staff, when the business asks) has a second factor,
/// every page but enrollment, passkeys, password and sign-out sends them to enrollment.
/// </summary>
public static class TwoFactorEnforcement
{
    public const string EnrollmentPath = "/Account/Manage/EnableAuthenticator";

    /// <summary>What a user who must enrol can still reach.</summary>
    public static readonly string[] AllowedPaths =
    [
        EnrollmentPath,
        "/Account/Manage/TwoFactorAuthentication",
        "/Account/Manage/Passkeys",
        "/Account/Manage/RenamePasskey",
        "/Account/Manage/ChangePassword",
        "/Account/PasskeyCreationOptions",
        "/Account/PasskeyRequestOptions",
        "/Account/Logout",
        "/Account/Login",
        "/Account/LoginWith2fa",
        "/Account/LoginWithRecoveryCode",
        "/Account/AccessDenied",
        "/Account/Lockout",
        "/not-found",
        "/Error",
    ];

    public static bool IsAllowed(string path) =>
        AllowedPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase) || path.StartsWith(p + "/", StringComparison.OrdinalIgnoreCase));

    public static void UseTwoFactorEnrollment(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            // Pages and the app's own endpoints; static files and the Blazor hub pass (the hub's
            // components and every service check the policy themselves).
            var guarded = endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
                || endpoint?.Metadata.GetMetadata<IAuthorizeData>() is not null;
            if (guarded && context.User.Identity?.IsAuthenticated == true && !IsAllowed(context.Request.Path.Value ?? "/")
                && await context.RequestServices.GetRequiredService<TwoFactorGate>().MustEnrollAsync(context.User, context.RequestAborted))
            {
                if (HttpMethods.IsGet(context.Request.Method))
                {
                    context.Response.Redirect(EnrollmentPath);
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                }
                return;
            }
            await next(context);
        });
    }
}
