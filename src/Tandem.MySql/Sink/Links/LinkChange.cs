using Tandem.Core.Model;
using Tandem.MySql.Binlog.Capture;

namespace Tandem.MySql.Sink.Links;

/// <summary>A row change with its table and the source transaction it came in.</summary>
internal readonly record struct LinkChange(SinkTable Table, RowChange Change, BinlogPosition Position, DateTimeOffset CommitTime);
