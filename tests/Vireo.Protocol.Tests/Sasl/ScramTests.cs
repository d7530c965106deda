using Vireo.Protocol.Sasl;

namespace Vireo.Protocol.Tests.Sasl;

public class ScramTests
{
    // RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO", ServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

    private static ScramVerifier RfcVerifier()
    {
        var salt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");
        var salted = Scram.SaltedPassword("pencil", salt, 4096);
        return new ScramVerifier(salt, 4096, Scram.StoredKey(Scram.ClientKey(salted)), Scram.ServerKey(salted));
    }

    [Fact]
    public void ClientAndServerReproduceTheRfc7677Exchange()
    {
        var client = new ScramClient("user", "pencil", ClientNonce);
        var server = new ScramServer(u => u == "user" ? RfcVerifier() : null, ServerNonce);
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", client.First());
        var serverFirst = server.Start(client.First());
        Assert.Equal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", serverFirst);
        var clientFinal = client.Step(serverFirst);
        Assert.Equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", clientFinal);
        var serverFinal = server.Step(clientFinal);
        Assert.Equal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", serverFinal);
        client.Verify(serverFinal);
        Assert.Equal("user", server.UserName);
    }

    [Fact]
    public void AWrongPasswordOrUnknownUserFailsAtTheProof()
    {
        foreach (var (user, password) in new[] { ("user", "pencil2"), ("nobody", "pencil") })
        {
            var client = new ScramClient(user, password);
            var server = new ScramServer(u => u == "user" ? RfcVerifier() : null);
            var clientFinal = client.Step(server.Start(client.First()));
            var e = Assert.Throws<ScramException>(() => server.Step(clientFinal));
            Assert.Equal("invalid proof", e.Message);
            Assert.Null(server.UserName);
        }
    }

    [Fact]
    public void AServerWithoutTheVerifierIsCaughtByTheClient()
    {
        var client = new ScramClient("user", "pencil");
        var server = new ScramServer(_ => RfcVerifier());
        client.Step(server.Start(client.First()));
        Assert.Throws<ScramException>(() => client.Verify("v=" + Convert.ToBase64String(new byte[32])));
    }

    [Theory]
    [InlineData("p=tls-unique,,n=user,r=abc")]
    [InlineData("n,,r=abc")]
    [InlineData("n,a=admin,n=user,r=abc")]
    [InlineData("garbage")]
    public void MalformedOrUnsupportedClientFirstMessagesAreRefused(string message)
    {
        var server = new ScramServer(_ => RfcVerifier());
        Assert.Throws<ScramException>(() => server.Start(message));
    }

    [Fact]
    public void NamesWithCommaAndEqualsAreEscaped()
    {
        Assert.Equal("a=2Cb=3Dc", Scram.EscapeName("a,b=c"));
        Assert.Equal("a,b=c", Scram.UnescapeName("a=2Cb=3Dc"));
        Assert.Null(Scram.UnescapeName("a=2"));
    }

    [Fact]
    public void TheUserDatabaseRoundTripsAndIsWrittenPrivately()
    {
        var dir = Directory.CreateTempSubdirectory("vireo-sasldb-");
        try
        {
            var path = Path.Combine(dir.FullName, "users");
            var db = new SaslUserDatabase();
            db.Set("alice", ScramVerifier.FromPassword("s3cret"));
            db.Save(path);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.DoesNotContain("s3cret", File.ReadAllText(path));
            var loaded = SaslUserDatabase.Load(path).Find("alice")!;
            var client = new ScramClient("alice", "s3cret");
            var server = new ScramServer(_ => loaded);
            client.Verify(server.Step(client.Step(server.Start(client.First()))));
            Assert.Single(Directory.GetFiles(dir.FullName)); // no temp file left behind
            Assert.Throws<ArgumentException>(() => db.Set("a:b", ScramVerifier.FromPassword("x")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
