using System.Buffers;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Rapport.Bench;

/// <summary>The campaign send end to end (issue 18: ≥ 300 messages/s for 100k): every generated customer's email gets
/// marketing consent (SQL), the running app is pointed at a loopback SMTP server in this process, a segment of every
/// customer fills an email campaign through the API, and the clock runs from "send" until the receiver holds one
/// message per member. The campaigns job renders and queues, the outbox delivers over <c>Mail:Connections</c>
/// connections at the campaign pace — both as configured by the caller's environment.</summary>
internal sealed class CampaignSend(HttpClient http)
{
    public sealed record Result(int Members, int Received, double Seconds, double QueuedSeconds)
    {
        public double PerSecond => Received / Seconds;
    }

    /// <summary>Marketing-email consent for every customer's email address, as an import would record it.</summary>
    public static async Task ConsentAsync(DbConnection conn, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            INSERT INTO "ConsentEntries" ("Id","CustomerId","Purpose","Address","Granted","Source","At","RecordedAt")
            SELECT ch."Id", ch."CustomerId", 'MarketingEmail', ch."Value", TRUE, 'Import', c."CreatedAt", c."CreatedAt"
            FROM "CustomerChannels" ch JOIN "Customers" c ON c."Id" = ch."CustomerId"
            WHERE ch."Kind" = 'Email' AND NOT EXISTS (SELECT 1 FROM "ConsentEntries" e WHERE e."Id" = ch."Id")
            """;
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var receiver = new Receiver();
        var port = FreePort();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(receiver);
        services.Add(new NoDelayListeners());
        var server = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        try
        {
            await ListeningAsync(server, port, ct);
            await Ok(await http.PutAsJsonAsync("/api/v1/admin/mail/smtp", new
            {
                host = "127.0.0.1", port, security = "None", fromAddress = "news@bench.example.com", fromName = "Bench",
            }, ct));
            var segment = await Read(await http.PostAsJsonAsync("/api/v1/segments", new
            {
                name = "Everyone " + Guid.NewGuid().ToString("N")[..6],
                rule = new { match = "all", rules = new[] { new { field = "createdAt", op = "after", value = "2000-01-01" } } },
            }, ct), ct);
            var campaign = await Read(await http.PostAsJsonAsync("/api/v1/campaigns", new { name = "Bench send", channels = EmailOnly }, ct), ct);
            await Ok(await http.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/content", new
            {
                variants = new[]
                {
                    new
                    {
                        subject = "Autumn offer for {{ customer.name }}",
                        text = "Hello {{ customer.name }}, see https://shop.example.com/autumn",
                        html = "<p>Hello {{ customer.name }}</p><p><a href=\"https://shop.example.com/autumn\">Shop</a></p>",
                    },
                },
            }, ct));
            await Ok(await http.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/members", new { audienceId = segment }, ct));
            var members = (await (await http.GetAsync($"/api/v1/campaigns/{campaign}", ct)).Content.ReadFromJsonAsync<CampaignFigures>(ct))!.Members;
            Console.WriteLine($"[bench] campaign send: {members:N0} members, sending to 127.0.0.1:{port}");

            var clock = Stopwatch.StartNew();
            await Ok(await http.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/send", new { }, ct));
            double queued = 0;
            var (last, lastAt) = (0, clock.Elapsed);
            while (receiver.Count < members)
            {
                await Task.Delay(500, ct);
                if (queued == 0)
                {
                    var figures = await (await http.GetAsync($"/api/v1/campaigns/{campaign}", ct)).Content.ReadFromJsonAsync<CampaignFigures>(ct);
                    if (figures!.Dispatched >= members) queued = clock.Elapsed.TotalSeconds;
                }
                if (receiver.Count != last) (last, lastAt) = (receiver.Count, clock.Elapsed);
                else if (clock.Elapsed - lastAt > TimeSpan.FromSeconds(120)) break;   // stalled: report what came
                if (clock.Elapsed.TotalSeconds % 10 < 0.5) Console.WriteLine($"[bench]   {receiver.Count:N0} received after {clock.Elapsed.TotalSeconds:F0} s");
            }
            var seconds = (receiver.Count >= members ? clock.Elapsed : lastAt).TotalSeconds;
            return new Result(members, receiver.Count, seconds, queued);
        }
        finally
        {
            await stop.CancelAsync();
            try { await server; } catch (OperationCanceledException) { }
        }
    }

    private static readonly string[] EmailOnly = ["Email"];

    private sealed record CampaignFigures(int Members, int Dispatched);

    private static async Task Ok(HttpResponseMessage r)
    {
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    private static async Task<Guid> Read(HttpResponseMessage r, CancellationToken ct)
    {
        await Ok(r);
        return (await r.Content.ReadFromJsonAsync<IdOnly>(ct))!.Id;
    }

    private sealed record IdOnly(Guid Id);

    /// <summary>Waits until the receiver accepts connections, so a receiver that failed to start is reported as such
    /// and not as a send that delivered nothing.</summary>
    private static async Task ListeningAsync(Task server, int port, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (server.IsCompleted) await server;   // throws what stopped it
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, ct);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 100)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Listeners whose connections answer at once: SmtpServer writes each reply of a pipelined command on its
    /// own, and with Nagle's algorithm on, the second (RCPT's) waits for the client's delayed acknowledgement of the first
    /// (40 ms) — a receiver's artefact that capped the bench at ~70 messages/s. Accepted sockets inherit the option.</summary>
    private sealed class NoDelayListeners : SmtpServer.Net.IEndpointListenerFactory
    {
        public SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new System.Net.Sockets.TcpListener(endpointDefinition.Endpoint);
            listener.Server.NoDelay = true;
            listener.Start();
            return new Listener(listener);
        }

        private sealed class Listener(System.Net.Sockets.TcpListener listener) : SmtpServer.Net.IEndpointListener
        {
            public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
            {
                var socket = await listener.AcceptSocketAsync(cancellationToken);
                socket.NoDelay = true;
                return new Pipe(new System.Net.Sockets.NetworkStream(socket, ownsSocket: true));
            }

            public void Dispose() => listener.Stop();
        }

        /// <summary>A plain connection (the bench sends without TLS).</summary>
        private sealed class Pipe(Stream stream) : SmtpServer.IO.ISecurableDuplexPipe
        {
            public System.IO.Pipelines.PipeReader Input { get; } = System.IO.Pipelines.PipeReader.Create(stream);
            public System.IO.Pipelines.PipeWriter Output { get; } = System.IO.Pipelines.PipeWriter.Create(stream);
            public bool IsSecure => false;
            public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

            public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate,
                System.Security.Authentication.SslProtocols protocols, CancellationToken cancellationToken = default) =>
                throw new NotSupportedException("The bench's receiver takes plain SMTP only.");

            public void Dispose() => stream.Dispose();
        }
    }

    /// <summary>Counts what it is sent (nothing parsed: the figure is the app's, not the receiver's).</summary>
    private sealed class Receiver : MessageStore
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
