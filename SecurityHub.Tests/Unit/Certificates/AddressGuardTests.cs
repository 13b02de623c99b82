using System.Net;
using SecurityHub.Certificates;

namespace SecurityHub.Tests.Unit.Certificates;

public class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.0.0.5", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "cloud metadata")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("fd00:ec2::254", "cloud metadata")]
    [InlineData("64:ff9b::a00:1", "private")]
    [InlineData("2002:c0a8:101::1", "private")]
    [InlineData("::1%1", "loopback")]
    [InlineData("::1%4294967295", "loopback")]
    [InlineData("::%1", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1%2", "link-local")]
    [InlineData("fd00:ec2::254%3", "cloud metadata")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:127.0.0.1%1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "cloud metadata")]
    [InlineData("::ffff:0.0.0.0", "unspecified")]
    [InlineData("::127.0.0.1", "loopback")]
    [InlineData("::10.0.0.1", "private")]
    [InlineData("::8.8.8.8", "reserved")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "cloud metadata")]
    [InlineData("64:ff9b::c0a8:101%1", "private")]
    [InlineData("64:ff9b:1::a00:1", "private")]
    [InlineData("2002:7f00:1::1", "loopback")]
    [InlineData("2001:db8::1", "reserved")]
    [InlineData("0.1.2.3", "unspecified")]
    public void InternalKind_InternalAddress_NamesTheKind(string address, string kind) =>
        Assert.Equal(kind, AddressGuard.InternalKind(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946%1")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::5db8:d822")]
    public void InternalKind_PublicAddress_IsNull(string address) =>
        Assert.Null(AddressGuard.InternalKind(IPAddress.Parse(address)));
}

public class AddressGuardResolveTests
{
    [Theory]
    [InlineData("::1%1")]
    [InlineData("[::1%1]")]
    [InlineData("::1%lo")]
    [InlineData("[::1%lo]")]
    [InlineData("::%1")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("0.0.0.0")]
    [InlineData("localhost")]
    [InlineData("localhost.")]
    public async Task EnsureAllowed_LoopbackForms_ThrowWhileNotAllowed(string host)
    {
        var addresses = await AddressGuard.ResolveAsync(host, CancellationToken.None);

        var refused = Assert.Throws<InternalAddressException>(() => AddressGuard.EnsureAllowed(host, addresses, allowInternalHosts: false));
        Assert.Contains(refused.Kind, new[] { "loopback", "unspecified" });
        AddressGuard.EnsureAllowed(host, addresses, allowInternalHosts: true);
    }

    [Fact]
    public async Task ConnectAsync_InternalAddressWhileNotAllowed_ThrowsWithoutConnecting()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;

            await Assert.ThrowsAsync<InternalAddressException>(() =>
                AddressGuard.ConnectAsync("::1%1", [IPAddress.Parse("::1%1")], port, allowInternalHosts: false, CancellationToken.None));

            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }
}
