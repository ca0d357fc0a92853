using Tandem.Core.Model;
using Tandem.MySql.Binlog.Rows;

namespace Tandem.MySql.Binlog.Capture;

/// <summary>A table map resolved against the tracked schema: the names and types to decode one table's rows with.</summary>
internal sealed record TableMapping(TableSchema Schema, BinlogColumn[] Columns);
