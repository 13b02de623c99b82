using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Inventory;

namespace SecurityHub.Benchmarks;

/// <summary>What the benchmarks share: the app in-process, signing in over HTTP as a person does, and reading options.</summary>
internal static partial class BenchmarkHttp
{
    /// <summary>The real app in-process with Production settings, its own data directory and no scheduler.</summary>
    public static WebApplicationFactory<InventoryService> StartApp(string directory) =>
        new WebApplicationFactory<InventoryService>() // any type of the app's assembly: this project has its own Program
            .WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Production");
                b.UseSetting("SecurityHub:DataDirectory", directory);
                b.UseSetting("SecurityHub:SchedulerEnabled", "false");
                b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            });

    /// <summary>A client that keeps the sign-in cookie and shows redirects rather than following them.</summary>
    public static HttpClient CreateClient(WebApplicationFactory<InventoryService> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

    /// <summary>Deletes a benchmark's data directory once its database connections are closed.</summary>
    public static void DeleteDataDirectory(string directory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    /// <summary>Signs in like a person: the password form, then a code from the authenticator.</summary>
    public static async Task SignInAsync(HttpClient client, string email, string password, string key)
    {
        var response = await PostFormAsync(client, "/Account/Login", "login", [new("Input.Email", email), new("Input.Password", password)]);
        var location = response.Headers.Location?.ToString() ?? "";
        if (!location.Contains("LoginWith2fa", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Sign-in did not ask for a code: {(int)response.StatusCode} {location}");
        }
        var code = Totp.Compute(Totp.DecodeBase32(key)!, Totp.StepAt(DateTimeOffset.UtcNow)).ToString("D6", CultureInfo.InvariantCulture);
        var path = location.StartsWith('/') ? location : new Uri(location).PathAndQuery;
        response = await PostFormAsync(client, path, "login-with-2fa", [new("Input.TwoFactorCode", code)]);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The code was refused: {(int)response.StatusCode}");
        }
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string form, List<KeyValuePair<string, string>> fields)
    {
        var html = await client.GetStringAsync(path);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        fields.Add(new("_handler", form));
        fields.Add(new("__RequestVerificationToken", token));
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(path, content);
    }

    public static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }


    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
