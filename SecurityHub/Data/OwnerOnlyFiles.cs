using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace SecurityHub.Data;

/// <summary>
/// The data directory holds the database, the Data Protection keys and emails with reset and invitation links,
/// so on Unix it is readable by the app's own user only: folders 0700, files 0600, whatever the umask. Windows
/// folders inherit their ACLs, so nothing is changed there.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder if needed and sets it to 0700.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, DirectoryMode);
        Restrict(path, DirectoryMode);
    }

    /// <summary>Sets a file to 0600 (nothing when it does not exist).</summary>
    public static void RestrictFile(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            Restrict(path, FileMode);
        }
    }

    /// <summary>Sets a folder to 0700, and every folder under it to 0700 and every file to 0600 (existing installs).</summary>
    public static void RestrictTree(string root)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(root))
        {
            return;
        }
        Restrict(root, DirectoryMode);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var directory in Directory.EnumerateDirectories(root, "*", options))
        {
            Restrict(directory, DirectoryMode);
        }
        foreach (var file in Directory.EnumerateFiles(root, "*", options))
        {
            Restrict(file, FileMode);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Restrict(string path, UnixFileMode mode)
    {
        // Only ever take permissions away: a stricter mode someone chose is kept.
        var current = File.GetUnixFileMode(path);
        if ((current & ~mode) != 0)
        {
            File.SetUnixFileMode(path, current & mode);
        }
    }
}

/// <summary>Data Protection's file repository, with each key file set to 0600 as soon as it is written.</summary>
public sealed class OwnerOnlyXmlRepository(DirectoryInfo directory, ILoggerFactory loggerFactory) : FileSystemXmlRepository(directory, loggerFactory)
{
    public override void StoreElement(XElement element, string friendlyName)
    {
        OwnerOnlyFiles.CreateDirectory(Directory.FullName);
        base.StoreElement(element, friendlyName);
        OwnerOnlyFiles.RestrictTree(Directory.FullName);
    }
}
