using Tandem.MySql.Protocol.Serialization;

namespace Tandem.MySql.Protocol.Payloads;

/// <summary>COM_STMT_PREPARE's first answer. See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html.</summary>
public readonly record struct StmtPrepareOkPayload(uint StatementId, int ColumnCount, int ParameterCount, ushort WarningCount)
{
    public static StmtPrepareOkPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload, "COM_STMT_PREPARE response");
        var status = reader.ReadByte();
        if (status != 0)
        {
            throw reader.Malformed($"status 0x00, found 0x{status:X2}", 0);
        }

        var id = reader.ReadUInt32();
        var columns = reader.ReadUInt16();
        var parameters = reader.ReadUInt16();
        ushort warnings = 0;
        if (reader.Remaining >= 3)
        {
            reader.ReadByte();
            warnings = reader.ReadUInt16();
        }

        return new StmtPrepareOkPayload(id, columns, parameters, warnings);
    }
}
