using System.Reflection;
using Microsoft.Extensions.Configuration;
using SecurityHub.Certificates;
using SecurityHub.Data;
using SecurityHub.Email;
using SecurityHub.Jobs;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Unit;

public class SampleSettingsTests
{
    [Fact]
    public void SampleSettings_ListEveryOptionWithItsDefault()
    {
        var path = Path.Combine(MaildevServer.RepositoryRoot(), "appsettings.sample.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();

        foreach (var (section, type, defaults) in new (string, Type, object)[]
        {
            (SecurityHubOptions.Section, typeof(SecurityHubOptions), new SecurityHubOptions()),
            (JobsOptions.Section, typeof(JobsOptions), new JobsOptions()),
            (EmailOptions.Section, typeof(EmailOptions), new EmailOptions()),
            (CertificatesOptions.Section, typeof(CertificatesOptions), new CertificatesOptions()),
        })
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var key = $"{section}:{property.Name}";
                var value = configuration[key];
                Assert.True(value is not null, $"{key} is missing from appsettings.sample.json");
                var expected = property.GetValue(defaults);
                Assert.Equal(Convert.ToString(expected, System.Globalization.CultureInfo.InvariantCulture) ?? "", value, ignoreCase: true);
            }
        }
    }
}
