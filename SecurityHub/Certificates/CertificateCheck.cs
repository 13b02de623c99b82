using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Certificates;

/// <summary>One check of an endpoint: what the server presented and what was wrong with it. Kept as history.</summary>
public class CertificateCheck
{
    public long Id { get; set; }
    public int EndpointId { get; set; }
    public DateTime CheckedUtc { get; set; }
    public long DurationMs { get; set; }
    public CertificateStatus Status { get; set; }
    public string? Protocol { get; set; }
    public string? Subject { get; set; }

    /// <summary>The leaf's DNS names, comma-separated.</summary>
    public string? SubjectAlternativeNames { get; set; }
    public string? Issuer { get; set; }
    public string? SerialNumber { get; set; }
    public string? Thumbprint { get; set; }
    public DateTime? NotBeforeUtc { get; set; }
    public DateTime? NotAfterUtc { get; set; }
    public int? DaysLeft { get; set; }
    public string? KeyType { get; set; }
    public int? KeySize { get; set; }
    public string? SignatureAlgorithm { get; set; }

    /// <summary>The presented chain, leaf first, as JSON (see <see cref="ChainCertificate"/>).</summary>
    public string? ChainJson { get; set; }

    /// <summary>Findings, one per line (host-name mismatch, untrusted root, weak key...).</summary>
    public string? TrustProblems { get; set; }
    public string Message { get; set; } = "";

    // Website checks (HTTPS endpoints only; null when not checked or no answer). Advice, never a status change.

    /// <summary>Whether plain HTTP (port 80) answers with a redirect to https:// on the same host.</summary>
    public bool? RedirectsToHttps { get; set; }

    /// <summary>Whether the HTTPS response carries a Strict-Transport-Security header with a max-age.</summary>
    public bool? SendsHsts { get; set; }

    /// <summary>What the website checks saw, one line each (e.g. "Port 80 answers 200 without redirecting").</summary>
    public string? HttpNote { get; set; }
}

/// <summary>A certificate of the presented chain, stored as JSON in <see cref="CertificateCheck.ChainJson"/>.</summary>
public sealed record ChainCertificate(string Subject, string Issuer, DateTime NotBeforeUtc, DateTime NotAfterUtc, string Thumbprint);

public class CertificateCheckConfiguration : IEntityTypeConfiguration<CertificateCheck>
{
    public void Configure(EntityTypeBuilder<CertificateCheck> builder)
    {
        builder.Property(c => c.Protocol).HasMaxLength(20);
        builder.Property(c => c.Subject).HasMaxLength(1000);
        builder.Property(c => c.SubjectAlternativeNames).HasMaxLength(4000);
        builder.Property(c => c.Issuer).HasMaxLength(1000);
        builder.Property(c => c.SerialNumber).HasMaxLength(100);
        builder.Property(c => c.Thumbprint).HasMaxLength(128);
        builder.Property(c => c.KeyType).HasMaxLength(20);
        builder.Property(c => c.SignatureAlgorithm).HasMaxLength(100);
        builder.Property(c => c.TrustProblems).HasMaxLength(4000);
        builder.Property(c => c.Message).HasMaxLength(2000);
        builder.Property(c => c.HttpNote).HasMaxLength(1000);
        builder.HasOne<CertificateEndpoint>().WithMany().HasForeignKey(c => c.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.EndpointId, c.CheckedUtc });
        builder.HasIndex(c => c.CheckedUtc);
    }
}
