using System.Threading.Channels;
using Rapport.Core.Observability;
using Serilog.Core;
using Serilog.Events;

namespace Rapport.Server.Observability;

/// <summary>The Serilog sink for the event table: keeps the events <see cref="AppEvents.IsKept"/> names, redacted and
/// cut to the columns, in a bounded queue that <see cref="LogEntryWriter"/> saves in batches. When the queue is full
/// the newest events are dropped (the files still have them) rather than slowing the request that logged.</summary>
internal sealed class LogEntryQueue(TimeProvider clock) : ILogEventSink
{
    public const int Capacity = 10_000;
    private static readonly AsyncLocal<bool> Writing = new();
    private readonly Channel<LogEntry> _queue = Channel.CreateBounded<LogEntry>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public ChannelReader<LogEntry> Reader => _queue.Reader;

    /// <summary>Marks the writer's own work, so that what saving a batch logs is not queued again.</summary>
    public static IDisposable WritingScope()
    {
        Writing.Value = true;
        return new Reset();
    }

    public void Emit(LogEvent logEvent)
    {
        if (Writing.Value) return;
        var e = LogEventParts.Of(logEvent);
        if (!AppEvents.IsKept(e.Level, e.Category, new Microsoft.Extensions.Logging.EventId(e.EventId, e.EventName))) return;
        _queue.Writer.TryWrite(new LogEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Level = e.Level,
            Category = TextCut.ToLength(e.Category, LogEntry.CategoryMax),
            EventId = e.EventId,
            EventName = e.EventName is null ? null : TextCut.ToLength(e.EventName, LogEntry.EventMax),
            UserId = e.UserId,
            TraceId = e.TraceId is null ? null : TextCut.ToLength(e.TraceId, LogEntry.TraceMax),
            Message = TextCut.ToLength(e.Message, LogEntry.MessageMax),
            Exception = e.Exception is null ? null : TextCut.ToLength(e.Exception, LogEntry.ExceptionMax),
        });
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Writing.Value = false;
    }
}
