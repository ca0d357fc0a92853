using Tandem.Core.Model;
using Tandem.MySql.Binlog.Positions;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>
/// A binlog position as stored text: <c>file:offset</c>, followed by <c> gtids=</c> and the GTIDs executed up to it
/// when known (<c>mysql-bin.000010:4 gtids=0-1-42,1-2-7</c>, <c>binlog.000003:157 gtids=uuid:1-42</c>). GTID text has
/// no spaces, so the last <c> gtids=</c> starts them even in a file name with spaces.
/// </summary>
public sealed class BinlogPositionCodec : IPositionCodec
{
    private const string GtidsMarker = " gtids=";
    private const string ExpectedForm = "a binlog position is file:offset, optionally followed by ' gtids=' and a GTID position or set, e.g. mysql-bin.000010:4 gtids=0-1-42";

    public static BinlogPositionCodec Instance { get; } = new();

    public string Engine => BinlogPosition.EngineName;

    public string Format(SourcePosition position)
    {
        if (position is not BinlogPosition binlog)
            throw new ArgumentException($"the {position.Engine} position {position} is not a binlog position", nameof(position));
        if (binlog.Gtids is { } gtids && (gtids.Length == 0 || gtids.Any(char.IsWhiteSpace)))
            throw new ArgumentException($"the GTIDs '{gtids}' of the binlog position {binlog} are empty or hold white space", nameof(position));
        var place = binlog.FilePosition.ToString();
        return binlog.Gtids is null ? place : place + GtidsMarker + binlog.Gtids;
    }

    public SourcePosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var marker = text.LastIndexOf(GtidsMarker, StringComparison.Ordinal);
        var place = marker < 0 ? text : text[..marker];
        string? gtids = null;
        if (marker >= 0)
        {
            gtids = text[(marker + GtidsMarker.Length)..];
            if (gtids.Length == 0 || gtids.Any(char.IsWhiteSpace))
                throw new BinlogPositionFormatException($"the GTIDs '{gtids}' of the stored position '{text}' are empty or hold white space", ExpectedForm, text);
        }

        var file = BinlogFilePosition.Parse(place);
        return new BinlogPosition(file.File, file.Offset, gtids);
    }
}
