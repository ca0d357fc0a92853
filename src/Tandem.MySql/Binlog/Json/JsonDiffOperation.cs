namespace Tandem.MySql.Binlog.Json;

/// <summary>The operation of one partial JSON diff (<c>enum_json_diff_operation</c> in MySQL <c>sql/json_diff.h</c>).</summary>
internal enum JsonDiffOperation : byte
{
    Replace = 0,
    Insert = 1,
    Remove = 2,
}
