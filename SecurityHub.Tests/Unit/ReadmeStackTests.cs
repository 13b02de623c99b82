using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SecurityHub.Tests.Unit;

/// <summary>The README's stack table names exactly the packages and versions Directory.Packages.props pins.</summary>
public sealed class ReadmeStackTests
{
    [Fact]
    public void StackTable_MatchesDirectoryPackagesProps()
    {
        var root = RepositoryRoot();
        var props = XDocument.Load(Path.Combine(root, "Directory.Packages.props"));
        var properties = props.Descendants("PropertyGroup").Elements()
            .ToDictionary(e => e.Name.LocalName, e => e.Value.Trim());
        var pinned = props.Descendants("PackageVersion")
            .ToDictionary(
                e => (string)e.Attribute("Include")!,
                e => Regex.Replace((string)e.Attribute("Version")!, @"\$\((\w+)\)", m => properties[m.Groups[1].Value]));

        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var section = Regex.Match(readme, @"(?ms)^## Stack\s*$(.*?)^## ").Groups[1].Value;
        Assert.False(string.IsNullOrWhiteSpace(section), "README.md has no '## Stack' section");
        var listed = Regex.Matches(section, @"(?m)^\| ([A-Za-z0-9.]+) \| ([0-9][0-9A-Za-z.\-]*) \|")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        Assert.Equal(pinned.OrderBy(p => p.Key, StringComparer.Ordinal), listed.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void DirectoryPackagesProps_HasNoStandIns()
    {
        var props = File.ReadAllText(Path.Combine(RepositoryRoot(), "Directory.Packages.props"));
        Assert.DoesNotContain("Radzen", props, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Quartz", props, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PackageDownload", props, StringComparison.OrdinalIgnoreCase);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")) && File.Exists(Path.Combine(dir.FullName, "README.md")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("The repository root (Directory.Packages.props and README.md) was not found");
    }
}
