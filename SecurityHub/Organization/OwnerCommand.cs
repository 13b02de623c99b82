using SecurityHub.Data;

namespace SecurityHub.Organization;

/// <summary>
/// <c>create-owner --email x@y [--business "Name"]</c>: creates an Owner from the command line, for
/// installs without a browser. The password is read from standard input, never from an argument.
/// </summary>
public static class OwnerCommand
{
    public static async Task<int?> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0] != "create-owner")
        {
            return null;
        }
        var email = ValueOf(args, "--email");
        if (string.IsNullOrWhiteSpace(email))
        {
            await Console.Error.WriteLineAsync("Usage: create-owner --email owner@example.com [--business \"Business name\"]  (password on standard input)");
            return 2;
        }

        await new DatabaseMigrator(app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ApplicationDbContext>>(),
            app.Services.GetRequiredService<DataPaths>(), app.Services.GetRequiredService<ILogger<DatabaseMigrator>>()).StartAsync(CancellationToken.None);

        if (!Console.IsInputRedirected)
        {
            await Console.Out.WriteAsync("Password (at least 12 characters): ");
        }
        var password = await Console.In.ReadLineAsync() ?? "";

        var result = await app.Services.GetRequiredService<SetupService>()
            .CreateOwnerFromCommandLineAsync(email.Trim(), password, ValueOf(args, "--business"));
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync($"{error.Key}: {error.Value}");
            }
            return 1;
        }
        await Console.Out.WriteLineAsync($"Owner {email.Trim()} created. Sign in at /Account/Login.");
        return 0;
    }

    private static string? ValueOf(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
