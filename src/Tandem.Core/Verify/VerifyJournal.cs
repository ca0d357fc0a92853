using System.Text;
using System.Text.Json;
using Tandem.Core.Errors;
using Tandem.Core.Files;

namespace Tandem.Core.Verify;

/// <summary>
/// The record that makes a verification resumable: one JSON line per finished chunk (its upper key bound, row counts
/// and the differences it found), written as each chunk finishes. <c>--resume</c> reads it back, skips finished units
/// (a table, or a table's time slice), continues each unfinished one after its last chunk, and keeps the differences
/// already found. The first line carries the run's signature, so a journal of a different comparison is refused.
/// </summary>
public sealed class VerifyJournal : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UnitProgress> _resumed;
    private StreamWriter? _writer;

    private VerifyJournal(string path, StreamWriter? writer, Dictionary<string, UnitProgress> resumed)
    {
        Path = path;
        _writer = writer;
        _resumed = resumed;
    }

    public string Path { get; }

    /// <summary>A journal that records nothing (tests, or a run that needs no resume).</summary>
    public static VerifyJournal None() => new(string.Empty, null, []);

    /// <summary>Starts a new journal at <paramref name="path"/>, or with <paramref name="resume"/> continues the one there.</summary>
    public static VerifyJournal Open(string path, string signature, bool resume)
    {
        var resumed = new Dictionary<string, UnitProgress>(StringComparer.Ordinal);
        long intact = 0;
        if (resume && File.Exists(path))
            (resumed, intact) = Load(path, signature);
        // The journal holds the keys and values of the rows found different: 0600, in a directory made 0700 if missing.
        PrivateFiles.CreateParent(path);
        var stream = PrivateFiles.Open(path, resume ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.Write, FileShare.Read);
        if (resume)
        {
            // A line cut short by a crash goes, so this run's lines start on a line of their own.
            stream.SetLength(intact);
            stream.Seek(0, SeekOrigin.End);
        }

        var writer = new StreamWriter(stream, new UTF8Encoding(false));
        var journal = new VerifyJournal(path, writer, resumed);
        if (stream.Length == 0)
            journal.Write(w => { w.WriteString("type", "run"); w.WriteString("signature", signature); w.WriteString("started", DateTimeOffset.UtcNow); });
        return journal;
    }

    /// <summary>What an earlier run finished of a unit, or null when it never started it.</summary>
    public UnitProgress? Resumed(string unit) => _resumed.GetValueOrDefault(unit);

    public int ResumedUnits => _resumed.Count;

    /// <summary>Records a finished chunk; <paramref name="upper"/> null means the unit is done.</summary>
    public void ChunkDone(string unit, IReadOnlyList<string>? upper, long sourceRows, long targetRows, IReadOnlyList<RowDifference> differences)
    {
        Write(w =>
        {
            w.WriteString("type", "chunk");
            w.WriteString("unit", unit);
            if (upper is null)
                w.WriteNull("upper");
            else
                WriteStrings(w, "upper", upper);
            w.WriteNumber("source_rows", sourceRows);
            w.WriteNumber("target_rows", targetRows);
            w.WriteStartArray("differences");
            foreach (var difference in differences)
                WriteDifference(w, difference);
            w.WriteEndArray();
        });
    }

    /// <summary>Records the slice pass of a table (time-slice mode): the rows in the window on each side, and the slices that differ.</summary>
    public void SlicesFound(string table, long sourceRows, long targetRows, IReadOnlyList<SliceDifference> slices)
    {
        Write(w =>
        {
            w.WriteString("type", "slices");
            w.WriteString("unit", table);
            w.WriteNumber("source_rows", sourceRows);
            w.WriteNumber("target_rows", targetRows);
            w.WriteStartArray("slices");
            foreach (var slice in slices)
            {
                w.WriteStartObject();
                w.WriteString("from", slice.From);
                w.WriteString("until", slice.Until);
                w.WriteNumber("source_rows", slice.SourceRows);
                w.WriteNumber("target_rows", slice.TargetRows);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private void Write(Action<Utf8JsonWriter> body)
    {
        if (_writer is null)
            return;
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        lock (_gate)
        {
            _writer.Write(Encoding.UTF8.GetString(buffer.ToArray()));
            _writer.Write('\n');
            // Into the OS before the next chunk: a killed process loses at most the chunk it was reading.
            _writer.Flush();
        }
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteStringValue(value);
        w.WriteEndArray();
    }

    private static void WriteDifference(Utf8JsonWriter w, RowDifference difference)
    {
        w.WriteStartObject();
        w.WriteString("kind", difference.Kind.ToString());
        w.WriteStartArray("key");
        foreach (var value in difference.Key)
        {
            w.WriteStartArray();
            w.WriteStringValue(value.Column);
            w.WriteStringValue(value.Text);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        WriteStrings(w, "literals", difference.KeyLiterals);
        w.WriteStartArray("columns");
        foreach (var column in difference.Columns)
        {
            w.WriteStartArray();
            w.WriteStringValue(column.Column);
            w.WriteStringValue(column.Source);
            w.WriteStringValue(column.Target);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteNumber("source_copies", difference.SourceCopies);
        w.WriteNumber("target_copies", difference.TargetCopies);
        if (difference.RowHash is not null)
            w.WriteString("hash", difference.RowHash);
        w.WriteEndObject();
    }

    /// <summary>
    /// The units a journal records, and the length of its whole lines. Each line's newline is written after the rest of
    /// it, so text after the last newline is a line a crash cut short (whatever it happens to end with): its chunk is
    /// redone. A line before that which does not parse is damage, not a crash.
    /// </summary>
    private static (Dictionary<string, UnitProgress> Units, long Intact) Load(string path, string signature)
    {
        var bytes = File.ReadAllBytes(path);
        var intact = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var units = new Dictionary<string, UnitProgress>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, intact).Split('\n'))
        {
            number++;
            if (line.Length == 0)
                continue;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new TandemException($"the verification journal {path} is damaged at line {number}: {ex.Message}", "delete it and run without --resume", ex);
            }

            using (document)
            {
                var root = document.RootElement;
                var type = root.GetProperty("type").GetString();
                if (type == "run")
                {
                    if (root.GetProperty("signature").GetString() != signature)
                    {
                        throw new TandemException(
                            $"the verification journal {path} belongs to a comparison with other servers, tables or filters",
                            "run without --resume to start over, or give the same options as the run being resumed");
                    }

                    continue;
                }

                var unit = root.GetProperty("unit").GetString()!;
                if (!units.TryGetValue(unit, out var progress))
                    units[unit] = progress = new UnitProgress();
                if (type == "slices")
                {
                    progress.Slices = [.. root.GetProperty("slices").EnumerateArray().Select(ReadSlice)];
                    progress.SourceRows = root.GetProperty("source_rows").GetInt64();
                    progress.TargetRows = root.GetProperty("target_rows").GetInt64();
                    continue;
                }

                var upper = root.GetProperty("upper");
                progress.Upper = upper.ValueKind == JsonValueKind.Null ? null : [.. upper.EnumerateArray().Select(static e => e.GetString()!)];
                progress.Done = upper.ValueKind == JsonValueKind.Null;
                progress.Chunks++;
                progress.SourceRows += root.GetProperty("source_rows").GetInt64();
                progress.TargetRows += root.GetProperty("target_rows").GetInt64();
                var differences = root.GetProperty("differences");
                progress.DifferingChunks += differences.GetArrayLength() > 0 ? 1 : 0;
                progress.Differences.AddRange(differences.EnumerateArray().Select(ReadDifference));
            }
        }

        return (units, intact);
    }

    private static SliceDifference ReadSlice(JsonElement e) =>
        new(e.GetProperty("from").GetDateTime(), e.GetProperty("until").GetDateTime(), e.GetProperty("source_rows").GetInt64(), e.GetProperty("target_rows").GetInt64());

    private static RowDifference ReadDifference(JsonElement e) => new()
    {
        Kind = Enum.Parse<RowDifferenceKind>(e.GetProperty("kind").GetString()!),
        Key = [.. e.GetProperty("key").EnumerateArray().Select(static k => new ReportedValue(k[0].GetString()!, k[1].GetString()))],
        KeyLiterals = [.. e.GetProperty("literals").EnumerateArray().Select(static k => k.GetString()!)],
        Columns = [.. e.GetProperty("columns").EnumerateArray().Select(static c => new ColumnDifference(c[0].GetString()!, c[1].GetString(), c[2].GetString()))],
        SourceCopies = e.GetProperty("source_copies").GetInt64(),
        TargetCopies = e.GetProperty("target_copies").GetInt64(),
        RowHash = e.TryGetProperty("hash", out var hash) ? hash.GetString() : null,
    };

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}

/// <summary>What a journal says an earlier run finished of one unit.</summary>
public sealed class UnitProgress
{
    public IReadOnlyList<string>? Upper { get; set; }

    public bool Done { get; set; }

    public int Chunks { get; set; }

    /// <summary>Chunks that had differences, as a table's report counts them.</summary>
    public int DifferingChunks { get; set; }

    public long SourceRows { get; set; }

    public long TargetRows { get; set; }

    public List<RowDifference> Differences { get; } = [];

    /// <summary>Time-slice mode: the slices the table's slice pass found differing (its rows are in <see cref="SourceRows"/> and <see cref="TargetRows"/>), or null before it ran.</summary>
    public IReadOnlyList<SliceDifference>? Slices { get; set; }
}
