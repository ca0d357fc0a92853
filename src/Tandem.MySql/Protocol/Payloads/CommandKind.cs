namespace Tandem.MySql.Protocol.Payloads;

/// <summary>First byte of a command packet. See https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html.</summary>
public enum CommandKind : byte
{
    Quit = 0x01,
    InitDb = 0x02,
    Query = 0x03,
    Ping = 0x0E,
    BinlogDump = 0x12,
    RegisterSlave = 0x15,
    StmtPrepare = 0x16,
    StmtExecute = 0x17,
    StmtSendLongData = 0x18,
    StmtClose = 0x19,
    StmtReset = 0x1A,
    BinlogDumpGtid = 0x1E,
    ResetConnection = 0x1F,
}
