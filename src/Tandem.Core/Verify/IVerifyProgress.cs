namespace Tandem.Core.Verify;

/// <summary>Receives a verification's progress: rows compared per table as chunks finish.</summary>
public interface IVerifyProgress
{
    void Planned(long estimatedRows, int tables);

    void Advanced(string table, long rows);

    void TableFinished(TableResult result);
}

/// <summary>Progress nobody watches.</summary>
public sealed class SilentVerifyProgress : IVerifyProgress
{
    public static readonly SilentVerifyProgress Instance = new();

    public void Planned(long estimatedRows, int tables)
    {
    }

    public void Advanced(string table, long rows)
    {
    }

    public void TableFinished(TableResult result)
    {
    }
}
