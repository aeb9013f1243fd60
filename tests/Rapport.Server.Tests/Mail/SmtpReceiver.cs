using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Rapport.Server.Tests.Mail;

/// <summary>A real SMTP server on a free loopback port, inside the test process: it keeps what it is sent, and can be
/// told to refuse messages with a reply code (a 451 now and then, or always).</summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly ConcurrentDictionary<string, (int Code, int Times, string Reply)> _refusals = new();

    private SmtpReceiver(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(new Store(this));
        var server = new SmtpServer.SmtpServer(options, provider);
        server.SessionCreated += (_, _) =>
        {
            var open = Interlocked.Increment(ref _open);
            lock (_stop) MostConnections = Math.Max(MostConnections, open);
        };
        server.SessionCompleted += (_, _) => Interlocked.Decrement(ref _open);
        server.SessionFaulted += (_, _) => Interlocked.Decrement(ref _open);
        server.SessionCancelled += (_, _) => Interlocked.Decrement(ref _open);
        _running = server.StartAsync(_stop.Token);
    }

    private int _open;

    /// <summary>The most SMTP connections that were open at the same time.</summary>
    public int MostConnections { get; private set; }

    public int Port { get; }

    /// <summary>Every message accepted, in order.</summary>
    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>Called with each message accepted, before the server answers it (a test can let time pass there, as a
    /// slow server would).</summary>
    public Action<MimeMessage>? OnReceived { get; set; }

    /// <summary>When set, every message is refused with this code.</summary>
    public int? AlwaysRefuseWith { get; set; }

    /// <summary>Refuses the message <paramref name="messageId"/> with <paramref name="code"/> the next
    /// <paramref name="times"/> times it comes (other messages, a test's leftovers included, are not affected).</summary>
    public void Refuse(string messageId, int code, int times = 1, string reply = "Try again later") => _refusals[messageId] = (code, times, reply);

    /// <summary>Takes <paramref name="messageId"/> again.</summary>
    public void Accept(string messageId) => _refusals.TryRemove(messageId, out _);

    public static SmtpReceiver Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new SmtpReceiver(port);
    }

    public IReadOnlyList<MimeMessage> WithId(string messageId) => [.. Received.Where(m => m.MessageId == messageId)];

    /// <summary>Waits (up to a minute, checking often) until <paramref name="done"/> holds.</summary>
    public async Task WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The SMTP receiver has {Received.Count} message(s); the expected ones did not come.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private sealed class Store(SmtpReceiver owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (owner.AlwaysRefuseWith is { } always) return new SmtpResponse((SmtpReplyCode)always, "Refused by the test");
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (message.MessageId is { } id && owner._refusals.TryGetValue(id, out var refusal) && refusal.Times > 0)
            {
                owner._refusals[id] = refusal with { Times = refusal.Times - 1 };
                return new SmtpResponse((SmtpReplyCode)refusal.Code, refusal.Reply);
            }
            owner.Received.Enqueue(message);
            owner.OnReceived?.Invoke(message);
            return SmtpResponse.Ok;
        }
    }
}
