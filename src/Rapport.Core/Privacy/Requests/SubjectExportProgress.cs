namespace Rapport.Core.Privacy.Requests;

/// <summary>How far an access ZIP is (<see cref="SubjectAccessExport"/>): rows and tables written so far, read by whoever
/// watches the run while it is written.</summary>
public sealed class SubjectExportProgress
{
    private long _rows;
    private int _tables;

    public long Rows => Interlocked.Read(ref _rows);
    /// <summary>Tables written, of <see cref="SubjectAccessExport.TableCount"/>.</summary>
    public int Tables => Volatile.Read(ref _tables);

    internal void Row() => Interlocked.Increment(ref _rows);
    internal void Table() => Interlocked.Increment(ref _tables);
}
