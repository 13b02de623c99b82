using Microsoft.AspNetCore.DataProtection;
using SecurityHub.Account;
using SecurityHub.Data;
using SecurityHub.Tests.Infrastructure;
using static SecurityHub.Tests.Integration.Email.EmailTestKit;

namespace SecurityHub.Tests.Integration.Data;

/// <summary>The database, the Data Protection keys and the pickup emails (reset and invitation links) are readable by the app's user only.</summary>
public class DataDirectoryPermissionsTests
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Start_FreshInstall_DatabaseKeysAndPickupEmailsAreOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows folders inherit ACLs; there are no Unix modes to check.
        }
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@bakery.example", Roles.Owner);
        app.GetService<IDataProtectionProvider>().CreateProtector("test").Protect("a secret"); // writes the first key
        await EnqueueAsync(app, "robin@bakery.example", subject: "Reset your password");
        await RelayAsync(app);
        var paths = app.GetService<DataPaths>();

        AssertModes(paths);
        Assert.NotEmpty(Directory.GetFiles(paths.KeysDirectory, "*.xml"));
        Assert.Single(Directory.GetFiles(paths.PickupDirectory, "*.eml"));
        Assert.Empty(Directory.GetDirectories(paths.PickupDirectory));
        Assert.True(File.Exists(Path.Combine(paths.DataDirectory, "securityhub.db-wal")));
    }

    [Fact]
    public async Task Start_ExistingInstallWithWorldReadableFiles_ModesAreFixed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        using var app = new AppFactory();
        // An install made before the fix: everything as a 022 umask leaves it.
        const UnixFileMode open = Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        const UnixFileMode readable = OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(app.DataDirectory, open);
        foreach (var folder in new[] { "keys", "mail-pickup" })
        {
            var path = Path.Combine(app.DataDirectory, folder);
            Directory.CreateDirectory(path);
            File.SetUnixFileMode(path, open);
        }
        var key = Path.Combine(app.DataDirectory, "keys", "key-old.xml");
        var mail = Path.Combine(app.DataDirectory, "mail-pickup", "old.eml");
        await File.WriteAllTextAsync(key, "<key />");
        await File.WriteAllTextAsync(mail, "Subject: old invitation");
        File.SetUnixFileMode(key, readable);
        File.SetUnixFileMode(mail, readable);

        await app.SeedUserAsync("owner@bakery.example", Roles.Owner);

        AssertModes(app.GetService<DataPaths>());
        Assert.Equal(OwnerFile, File.GetUnixFileMode(key));
        Assert.Equal(OwnerFile, File.GetUnixFileMode(mail));
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertModes(DataPaths paths)
    {
        foreach (var folder in new[] { paths.DataDirectory, paths.KeysDirectory, paths.PickupDirectory })
        {
            Assert.True(Directory.Exists(folder), folder);
            Assert.Equal(Folder, File.GetUnixFileMode(folder));
        }
        var files = Directory.GetFiles(paths.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("securityhub.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            Assert.True(File.GetUnixFileMode(file) == OwnerFile, $"{file} is {File.GetUnixFileMode(file)}");
        }
    }
}
