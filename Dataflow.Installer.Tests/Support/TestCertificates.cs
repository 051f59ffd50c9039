using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dataflow.Installer.Tests.Support;

/// <summary>
/// A throwaway certificate authority, a server certificate it signed for 127.0.0.1 and a client certificate it signed
/// (for mutual TLS), made in memory for the HTTPS tests.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 authority, X509Certificate2 server, X509Certificate2 client)
    {
        Authority = authority;
        Server = server;
        Client = client;
    }

    /// <summary>The CA's certificate (its key is not kept).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server's certificate with its private key, for <c>127.0.0.1</c> and <c>localhost</c>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A client's certificate with its private key (extended key usage: client authentication).</summary>
    public X509Certificate2 Client { get; }

    public static TestCertificates Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=dfi test CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false));
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        var server = Issue(authority, "CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", names.Build());
        var client = Issue(authority, "CN=dfi test client", "1.3.6.1.5.5.7.3.2", alternativeNames: null);
        return new TestCertificates(X509CertificateLoader.LoadCertificate(authority.RawData), server, client);
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, string usage, X509Extension? alternativeNames)
    {
        var now = DateTimeOffset.UtcNow;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames);
        }
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var signed = request.Create(authority, now.AddHours(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(key);
        // Through PKCS#12: a certificate holding an ephemeral key is not accepted by every TLS backend.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Writes the client's certificate and private key as one PEM file (what pip's <c>--client-cert</c> names) and returns it.</summary>
    public string WriteClientPem(string path)
    {
        using var key = Client.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The client certificate has no key.");
        File.WriteAllText(path, Client.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        return path;
    }

    /// <summary>Writes the CA's certificate as PEM to <paramref name="path"/> (what <c>SSL_CERT_FILE</c> names) and returns it.</summary>
    public string WriteAuthorityPem(string path)
    {
        File.WriteAllText(path, Authority.ExportCertificatePem() + "\n");
        return path;
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
    }
}
